package io.github.grpcaio;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * An RPC ended with a status other than {@link StatusCode#OK}, as {@code grpc.aio.AioRpcError}.
 *
 * <p>It is a snapshot of the final status: code, details, the initial metadata the server sent
 * (empty if none) and the trailing metadata. A call's {@code response()} future completes
 * exceptionally with it, and a response stream's subscriber receives it in {@code onError}. It is
 * not thrown for a local cancel, which gives {@link java.util.concurrent.CancellationException}.
 *
 * <p>{@link #getMessage()} is {@code "<CODE>: <details>"} and {@link #toString()} is the class name
 * and that message, on one line; {@link #getCause()} holds the local cause when there is one (for
 * example the connection failure behind {@code UNAVAILABLE}, whose details then name the target and
 * the cause's message).
 *
 * <p>To get it without unwrapping: {@link #await(CompletionStage)} (or a call's {@code await()})
 * waits and throws it as it is, as Python's {@code await} raises it; {@link #from(Throwable)} finds
 * it in any exception.
 */
public class AioRpcError extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** The status code. */
  private final StatusCode code;

  /** The headers; not serialized. */
  private final transient Metadata initialMetadata;

  /** The trailers; not serialized. */
  private final transient Metadata trailingMetadata;

  /** The status details. */
  private final String details;

  /** The status as grpc-java describes it. */
  private final String debugErrorString;

  /**
   * Creates an error for a final status.
   *
   * @param code the status code; must not be {@link StatusCode#OK}
   * @param initialMetadata the headers the server sent, empty if none
   * @param trailingMetadata the trailers the server sent, empty if none
   * @param details the status message, empty if none
   * @param debugErrorString a description of where the error came from, for logs
   * @param cause the local cause, or null
   * @throws IllegalArgumentException if {@code code} is OK
   */
  public AioRpcError(
      StatusCode code,
      Metadata initialMetadata,
      Metadata trailingMetadata,
      String details,
      String debugErrorString,
      Throwable cause) {
    super(code + ": " + (details == null ? "" : details), cause);
    if (code == StatusCode.OK) {
      throw new IllegalArgumentException("AioRpcError needs a non-OK status code");
    }
    this.code = Objects.requireNonNull(code, "code");
    this.initialMetadata = initialMetadata == null ? new Metadata().readOnly() : initialMetadata;
    this.trailingMetadata = trailingMetadata == null ? new Metadata().readOnly() : trailingMetadata;
    this.details = details == null ? "" : details;
    this.debugErrorString = debugErrorString == null ? "" : debugErrorString;
  }

  /**
   * Returns the status code.
   *
   * @return never {@link StatusCode#OK}
   */
  public StatusCode code() {
    return code;
  }

  /**
   * Returns the status details (the server's message).
   *
   * @return the details, empty if the server sent none
   */
  public String details() {
    return details;
  }

  /**
   * Returns the initial metadata of the RPC.
   *
   * @return read-only metadata, empty if the server sent no headers
   */
  public Metadata initialMetadata() {
    return initialMetadata;
  }

  /**
   * Returns the trailing metadata of the RPC. It carries a rich error status, if the server sent
   * one, under {@code grpc-status-details-bin} (a serialized {@code google.rpc.Status}, decoded by
   * the {@code aio-protobuf} module's {@code RpcStatus}); gRPC's other {@code grpc-*} entries are
   * left out.
   *
   * @return read-only metadata, empty if none
   */
  public Metadata trailingMetadata() {
    return trailingMetadata;
  }

  /**
   * Returns a description of the error for logs, on one line: the code, the details and the chain
   * of local causes (class and message each, no stack trace).
   *
   * @return a non-null string
   */
  public String debugErrorString() {
    return debugErrorString;
  }

  /**
   * Finds the {@code AioRpcError} in an exception as futures and executors deliver it: the
   * exception itself, its cause chain ({@link java.util.concurrent.CompletionException}, {@link
   * java.util.concurrent.ExecutionException} or any other wrapper) and the exceptions suppressed
   * along it, nearest first.
   *
   * <pre>{@code
   * catch (Exception e) {
   *   AioRpcError.from(e).filter(err -> err.code() == StatusCode.NOT_FOUND).ifPresent(...);
   * }
   * }</pre>
   *
   * @param error any exception, or null
   * @return the first {@code AioRpcError} found, empty if none (or {@code error} is null)
   */
  public static Optional<AioRpcError> from(Throwable error) {
    return Optional.ofNullable(Awaiting.find(error));
  }

  /**
   * Waits for a stage and returns its value, as Python's {@code await}: a failure is thrown as it
   * is, not wrapped, so that {@code catch (AioRpcError e)} sees the RPC's status. Any stage of the
   * library works ({@code response()}, {@code code()}, a {@code write}, {@code closeAsync}, ...).
   * Block only where blocking is fine: a virtual thread, a {@code main}, a test; never in a
   * callback the library runs.
   *
   * @param stage the stage; {@link CompletionStage#toCompletableFuture()} must be supported
   * @param <T> the value type
   * @return the value
   * @throws AioRpcError if the stage failed with one (a non-OK status)
   * @throws java.util.concurrent.CancellationException if the stage was cancelled (a local cancel
   *     of a call), or if the waiting thread was interrupted (its interrupt flag is then set again;
   *     the stage is left alone)
   * @throws RuntimeException any other unchecked failure of the stage, as it is (such as {@link
   *     UsageError}); a checked one comes wrapped in {@link
   *     java.util.concurrent.CompletionException}
   */
  public static <T> T await(CompletionStage<T> stage) {
    return Awaiting.await(stage, null, false);
  }

  /**
   * Waits for a stage at most {@code timeout}, as {@link #await(CompletionStage)}. The stage is
   * left alone when the time is up; to give up on a call too, use the call's own {@code
   * await(Duration)} (or, better, give the call a timeout in its {@link CallOptions}, which the
   * server sees).
   *
   * @param stage the stage
   * @param timeout how long to wait, positive
   * @param <T> the value type
   * @return the value
   * @throws AioRpcError with {@link StatusCode#DEADLINE_EXCEEDED} if the stage did not complete in
   *     time, or the one the stage failed with
   * @throws java.util.concurrent.CancellationException as for {@link #await(CompletionStage)}
   * @throws IllegalArgumentException if {@code timeout} is not positive
   */
  public static <T> T await(CompletionStage<T> stage, Duration timeout) {
    return Awaiting.await(stage, Awaiting.positive(timeout), false);
  }
}
