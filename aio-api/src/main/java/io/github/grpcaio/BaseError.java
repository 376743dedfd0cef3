package io.github.grpcaio;

/**
 * The root of the errors the aio layer itself raises ({@link AbortError}, {@link UsageError},
 * {@link InternalError}), as {@code grpc.aio.BaseError}.
 *
 * <p>A failed RPC is reported with {@link AioRpcError}, which is not a {@code BaseError}, as in
 * Python.
 */
public class BaseError extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates an error with a message.
   *
   * @param message what went wrong
   */
  public BaseError(String message) {
    super(message);
  }

  /**
   * Creates an error with a message and a cause.
   *
   * @param message what went wrong
   * @param cause the underlying failure, or null
   */
  public BaseError(String message, Throwable cause) {
    super(message, cause);
  }
}
