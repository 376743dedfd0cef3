package io.github.grpcaio.core.internal.client;

import io.github.grpcaio.core.internal.stream.InboundStream;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A call of this library with a response stream, which can read into a future made by someone else
 * (see {@link InboundStream#readInto}).
 *
 * @param <T> the response type
 */
interface ReadsInto<T> {

  /**
   * Reads the next response into {@code result}.
   *
   * @param result the future to complete
   * @throws io.github.grpcaio.UsageError if a subscriber consumes the responses
   */
  void readInto(CompletableFuture<Optional<T>> result);
}
