package io.github.grpcaio.core.internal.client;

import io.github.grpcaio.core.internal.stream.WriteQueue;
import java.util.concurrent.Flow;

/**
 * Where a client call's requests come from: for a unary-request kind the one message given to
 * {@code call()}; for a stream-request kind either a publisher given to {@code call()} or the
 * caller's {@code write()} and {@code doneWriting()} (the two styles may not be mixed).
 */
enum RequestSource {
  /** The one request given to {@code call()}. */
  MESSAGE,
  /** A {@link Flow.Publisher} given to {@code call()}. */
  PUBLISHER,
  /** {@code write()} and {@code doneWriting()}, through a {@link WriteQueue}. */
  WRITES;

  /**
   * The source of a stream-request call.
   *
   * @param requests the publisher given to {@code call()}, or null if the caller writes
   * @return {@link #PUBLISHER} or {@link #WRITES}
   */
  static RequestSource ofStream(Flow.Publisher<?> requests) {
    return requests != null ? PUBLISHER : WRITES;
  }
}
