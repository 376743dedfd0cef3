package io.github.grpcaio;

/**
 * Raised inside a server handler by {@link ServicerContext#abort(StatusCode, String)} after the
 * status has been sent, as {@code grpc.aio.AbortError}. Its message is {@code "Locally aborted."}.
 *
 * <p>Let it propagate out of the handler (or out of the handler's {@link
 * java.util.concurrent.CompletionStage}); the library recognises it and sends nothing more.
 */
public class AbortError extends BaseError {

  private static final long serialVersionUID = 1L;

  /**
   * Creates an abort error.
   *
   * @param message what the handler aborted with
   */
  public AbortError(String message) {
    super(message);
  }
}
