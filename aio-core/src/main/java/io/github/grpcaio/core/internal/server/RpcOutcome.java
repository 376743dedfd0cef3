package io.github.grpcaio.core.internal.server;

import io.github.grpcaio.Metadata;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.UsageError;
import io.github.grpcaio.core.internal.FieldHandles;
import io.github.grpcaio.core.internal.GrpcMetadata;
import io.github.grpcaio.core.internal.StatusDetailsBin;
import io.github.grpcaio.core.internal.Statuses;
import io.grpc.Status;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;

/**
 * The status a server handler chose for its RPC: the code, details and trailing metadata it set on
 * its context, or what {@code abort()} fixed, and how they become grpc-java's status and trailers
 * when the RPC closes. Every method may be called from any thread.
 *
 * <p>Once {@link #abort} succeeded, the RPC ends with the status and trailers it fixed, whatever
 * the handler sets or the engine asks for afterwards.
 */
final class RpcOutcome {

  /** How an RPC ends: its status and trailing metadata. */
  record Ending(Status status, Metadata trailers) {}

  private static final VarHandle ABORTED =
      FieldHandles.of(MethodHandles.lookup(), "aborted", Ending.class);

  private volatile StatusCode code; // null until set
  private volatile String details; // null until set
  private volatile Metadata trailingMetadata = GrpcMetadata.EMPTY;
  // What abort() fixed, set once through ABORTED (a field, not an AtomicReference: one object
  // less per RPC). Null until abort() is called.
  private volatile Ending aborted;

  void setCode(StatusCode code) {
    this.code = Objects.requireNonNull(code, "code");
  }

  void setDetails(String details) {
    this.details = Objects.requireNonNull(details, "details");
  }

  void setTrailingMetadata(Metadata trailingMetadata) {
    this.trailingMetadata = Objects.requireNonNull(trailingMetadata).copy().readOnly();
  }

  /** The code set, or null. */
  StatusCode code() {
    return code;
  }

  /** The details set, or null. */
  String details() {
    return details;
  }

  Metadata trailingMetadata() {
    return trailingMetadata;
  }

  /** Whether {@link #abort} fixed the ending. */
  boolean isAborted() {
    return aborted != null;
  }

  /**
   * Whether a non-OK code was set: it discards a unary response, and wins over the {@code UNKNOWN}
   * of a failed handler.
   */
  boolean hasErrorCode() {
    StatusCode set = code;
    return set != null && set != StatusCode.OK;
  }

  /** The status the handler set: its code (OK if none) with its details, if any. */
  Status status() {
    StatusCode set = code;
    Status status = Statuses.toStatus(set == null ? StatusCode.OK : set);
    String d = details;
    return d == null || d.isEmpty() ? status : status.withDescription(d);
  }

  /**
   * How the RPC ends when closed with {@code status}: with it and the trailing metadata set, or,
   * after {@link #abort}, with what abort fixed.
   */
  Ending ending(Status status) {
    Ending abort = aborted;
    return abort != null ? abort : new Ending(status, trailingMetadata);
  }

  /**
   * Fixes the ending: {@code code}, the details given (else those set) and the trailers given (else
   * those set); the values set change to them.
   *
   * @return the ending fixed
   * @throws UsageError if {@code code} is OK, abort was already called, or the trailers' {@code
   *     grpc-status-details-bin} is undecodable or names another code (a client reading it would
   *     see a status that contradicts the RPC's)
   */
  Ending abort(StatusCode code, String details, Metadata trailingMetadata) {
    Objects.requireNonNull(code, "code");
    if (code == StatusCode.OK) {
      throw new UsageError("abort() needs a non-OK status code; OK is not allowed");
    }
    String d = details != null && !details.isEmpty() ? details : this.details;
    Metadata trailers =
        trailingMetadata != null && !trailingMetadata.isEmpty()
            ? trailingMetadata.copy().readOnly()
            : this.trailingMetadata;
    if (aborted == null) { // a second abort is refused for that, whatever its trailers
      checkStatusDetails(code, trailers);
    }
    Status status = Statuses.toStatus(code);
    Ending ending =
        new Ending(d == null || d.isEmpty() ? status : status.withDescription(d), trailers);
    if (!ABORTED.compareAndSet(this, (Ending) null, ending)) {
      throw new UsageError("Abort already called!");
    }
    this.code = code;
    this.details = d;
    this.trailingMetadata = trailers;
    return ending;
  }

  private static void checkStatusDetails(StatusCode code, Metadata trailers) {
    StatusDetailsBin.Decoded details;
    try {
      details = StatusDetailsBin.find(trailers);
    } catch (IllegalArgumentException e) {
      throw new UsageError(e.getMessage());
    }
    if (details != null && details.code() != code.value()) {
      throw new UsageError(
          "google.rpc.Status code "
              + details.code()
              + " disagrees with the abort's code "
              + code
              + " ("
              + code.value()
              + ")");
    }
  }
}
