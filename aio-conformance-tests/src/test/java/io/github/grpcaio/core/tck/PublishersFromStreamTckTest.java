package io.github.grpcaio.core.tck;

import io.github.grpcaio.Publishers;
import java.util.concurrent.Flow;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * The Reactive Streams TCK on {@link Publishers#fromStream}: {@code LongStream.range(0, elements)},
 * lazy; the failed publisher is a stream whose first element throws.
 *
 * <p>The optional tests of several subscribers are skipped: such a publisher is single-use by
 * design (a later subscriber gets {@code onError(IllegalStateException)}).
 */
public class PublishersFromStreamTckTest extends PublishersTck<Long> {

  /** Creates the verification. */
  public PublishersFromStreamTckTest() {}

  @Override
  public Flow.Publisher<Long> createFlowPublisher(long elements) {
    return Publishers.fromStream(LongStream.range(0, elements).boxed());
  }

  @Override
  public Flow.Publisher<Long> createFailedFlowPublisher() {
    return Publishers.fromStream(
        Stream.generate(
            () -> {
              throw new IllegalStateException("the stream failed");
            }));
  }
}
