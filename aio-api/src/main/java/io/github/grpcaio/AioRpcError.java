package io.github.grpcaio;

import java.util.Objects;

/**
 * An RPC ended with a status other than {@link StatusCode#OK}, as {@code grpc.aio.AioRpcError}.
 *
 * <p>It is a snapshot of the final status: code, details, the initial metadata the server sent
 * (empty if none) and the trailing metadata. A call's {@code response()} future completes
 * exceptionally with it, and a response stream's subscriber receives it in {@code onError}. It is
 * not thrown for a local cancel, which gives {@link java.util.concurrent.CancellationException}.
 *
 * <p>{@link #getMessage()} is {@code "<CODE>: <details>"}; {@link #getCause()} holds the local
 * cause when there is one (for example the connection failure behind {@code UNAVAILABLE}).
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
   * Returns a description of the error for logs (grpc-java's status and its cause).
   *
   * @return a non-null string
   */
  public String debugErrorString() {
    return debugErrorString;
  }

  @SuppressWarnings("OverrideThrowableToString") // Python's str(); getMessage() keeps the details
  @Override
  public String toString() {
    return "<AioRpcError of RPC that terminated with:\n\tstatus = StatusCode."
        + code.name()
        + "\n\tdetails = \""
        + details
        + "\"\n\tdebug_error_string = \""
        + debugErrorString
        + "\"\n>";
  }
}
