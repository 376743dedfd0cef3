package io.github.grpcaio;

/**
 * A failure inside the library or the transport that is neither an RPC status nor misuse, as {@code
 * grpc.aio.InternalError}. Note that this class shadows {@link java.lang.InternalError} where
 * {@code io.github.grpcaio.*} is imported.
 */
public class InternalError extends BaseError {

  private static final long serialVersionUID = 1L;

  /**
   * Creates an internal error.
   *
   * @param message what failed
   * @param cause the underlying failure, or null
   */
  public InternalError(String message, Throwable cause) {
    super(message, cause);
  }
}
