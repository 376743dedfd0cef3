package io.github.grpcaio.core.tck;

import io.github.grpcaio.Publishers;
import java.util.concurrent.Flow;
import java.util.stream.LongStream;

/**
 * The Reactive Streams TCK on {@link Publishers#fromIterable}: an iterable over {@code 0 ..
 * elements - 1}, made on demand (so a large bound costs nothing until requested); the failed
 * publisher is an iterable whose {@code iterator()} throws.
 */
public class PublishersFromIterableTckTest extends PublishersTck<Long> {

  /** Creates the verification. */
  public PublishersFromIterableTckTest() {}

  @Override
  public Flow.Publisher<Long> createFlowPublisher(long elements) {
    return Publishers.fromIterable(() -> LongStream.range(0, elements).iterator());
  }

  @Override
  public Flow.Publisher<Long> createFailedFlowPublisher() {
    return Publishers.fromIterable(
        () -> {
          throw new IllegalStateException("the iterable failed");
        });
  }
}
