package io.github.grpcaio;

/**
 * The API was used in a way it does not allow, as {@code grpc.aio.UsageError}: a call on a closed
 * channel, mixing {@code read()} with a subscriber, a second subscriber, writing after {@code
 * doneWriting()}, a second {@code abort}, {@code abort(OK)}, starting a stopped server, and so on.
 * Thrown at once by the method that was misused.
 */
public class UsageError extends BaseError {

  private static final long serialVersionUID = 1L;

  /**
   * Creates a usage error.
   *
   * @param message which rule was broken, in terms of the API
   */
  public UsageError(String message) {
    super(message);
  }
}
