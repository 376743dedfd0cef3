package io.github.grpcaio.protobuf;

import com.google.protobuf.InvalidProtocolBufferException;
import io.github.grpcaio.AbortError;
import io.github.grpcaio.AioRpcError;
import io.github.grpcaio.Call;
import io.github.grpcaio.Metadata;
import io.github.grpcaio.ServicerContext;
import io.github.grpcaio.Status;
import io.github.grpcaio.StatusCode;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Rich error statuses: a {@code google.rpc.Status} (code, message and details such as {@code
 * ErrorInfo}, {@code BadRequest} or {@code RetryInfo}) sent in the {@code grpc-status-details-bin}
 * trailer, as Python's {@code grpc_status.rpc_status}. The same trailer is what grpc-java's {@code
 * io.grpc.protobuf.StatusProto} writes and reads, so rich errors pass between aio and grpc-java
 * peers both ways.
 *
 * <p>Stateless; every method may be called from any thread.
 */
public final class RpcStatus {

  /** The trailing metadata key of a serialized {@code google.rpc.Status}. */
  public static final String GRPC_DETAILS_METADATA_KEY = "grpc-status-details-bin";

  private RpcStatus() {}

  /**
   * Turns a {@code google.rpc.Status} into the status a handler aborts with, as Python's {@code
   * rpc_status.to_status}: its code, its message as details, and trailing metadata holding it
   * serialized under {@link #GRPC_DETAILS_METADATA_KEY}.
   *
   * @param status the rich status
   * @return the status for {@link ServicerContext#abortWithStatus}
   * @throws IllegalArgumentException if the code is OK (0), which is no error, or not a gRPC code
   * @throws NullPointerException if {@code status} is null
   */
  public static Status toStatus(com.google.rpc.Status status) {
    Objects.requireNonNull(status, "status");
    StatusCode code = StatusCode.fromValue(status.getCode());
    if (code.value() != status.getCode()) {
      throw new IllegalArgumentException("Invalid status code " + status.getCode());
    }
    if (code == StatusCode.OK) {
      throw new IllegalArgumentException("google.rpc.Status code 0 (OK) is not an error status");
    }
    return new Status(
        code,
        status.getMessage(),
        new Metadata().add(GRPC_DETAILS_METADATA_KEY, status.toByteArray()));
  }

  /**
   * Ends the RPC with a rich status, as Python's {@code await
   * context.abort_with_status(rpc_status.to_status(status))}: {@code throw RpcStatus.abort(context,
   * status);}.
   *
   * @param context the handler's context
   * @param status the rich status
   * @return never
   * @throws AbortError always, as {@link ServicerContext#abortWithStatus}
   * @throws IllegalArgumentException if the code is OK or not a gRPC code (nothing is aborted)
   * @throws io.github.grpcaio.UsageError if abort was already called
   */
  public static AbortError abort(ServicerContext<?, ?> context, com.google.rpc.Status status) {
    return context.abortWithStatus(toStatus(status));
  }

  /**
   * Reads the rich status of a failed RPC from its trailing metadata.
   *
   * @param error the error the RPC ended with
   * @return the rich status, empty if the server sent none
   * @throws IllegalArgumentException if the trailer does not decode as one {@code
   *     google.rpc.Status}, or its code or message is not the RPC's (as Python's {@code
   *     ValueError})
   * @throws NullPointerException if {@code error} is null
   */
  public static Optional<com.google.rpc.Status> fromError(AioRpcError error) {
    return decode(error.code(), error.details(), error.trailingMetadata());
  }

  /**
   * Reads the rich status of a call once it has ended, as Python's {@code await
   * rpc_status.aio.from_call(call)}.
   *
   * @param call the call, ended or not
   * @return a future completing when the call has ended: with the rich status, empty if the server
   *     sent none; exceptionally with {@link IllegalArgumentException} if the trailer does not
   *     decode as one {@code google.rpc.Status}, or its code or message is not the RPC's. It
   *     completes on the channel's executor, or at once on the calling thread if the call has
   *     ended.
   * @throws NullPointerException if {@code call} is null
   */
  public static CompletableFuture<Optional<com.google.rpc.Status>> fromCall(Call call) {
    CompletableFuture<StatusCode> code = call.code();
    CompletableFuture<String> details = call.details();
    CompletableFuture<Metadata> trailers = call.trailingMetadata();
    return CompletableFuture.allOf(code, details, trailers)
        .thenApply(done -> decode(code.join(), details.join(), trailers.join()));
  }

  private static Optional<com.google.rpc.Status> decode(
      StatusCode code, String details, Metadata trailers) {
    List<byte[]> values = trailers.getAllBinary(GRPC_DETAILS_METADATA_KEY);
    if (values.isEmpty()) {
      return Optional.empty();
    }
    if (values.size() > 1) {
      throw new IllegalArgumentException(
          "Undecodable " + GRPC_DETAILS_METADATA_KEY + ": " + values.size() + " values");
    }
    com.google.rpc.Status status;
    try {
      status = com.google.rpc.Status.parseFrom(values.get(0));
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("Undecodable " + GRPC_DETAILS_METADATA_KEY, e);
    }
    if (status.getCode() != code.value()) {
      throw new IllegalArgumentException(
          "Code in Status proto ("
              + status.getCode()
              + ") doesn't match status code ("
              + code
              + ")");
    }
    if (!status.getMessage().equals(details)) {
      throw new IllegalArgumentException(
          "Message in Status proto ("
              + status.getMessage()
              + ") doesn't match status details ("
              + details
              + ")");
    }
    return Optional.of(status);
  }
}
