package io.github.grpcaio;

/**
 * A failure inside the library or the transport that is neither an RPC status nor misuse, as {@code
 * grpc.aio.InternalError}. Its simple name is also that of {@link java.lang.InternalError}, so a
 * wildcard import of {@code io.github.grpcaio.*} leaves {@code InternalError} ambiguous: import it
 * by name, or write it qualified.
 */
@SuppressWarnings("JavaLangClash") // grpc.aio's name, on purpose (see above)
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
