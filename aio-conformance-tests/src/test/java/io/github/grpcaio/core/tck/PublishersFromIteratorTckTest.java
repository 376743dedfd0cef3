package io.github.grpcaio.core.tck;

import io.github.grpcaio.Publishers;
import java.util.Iterator;
import java.util.concurrent.Flow;
import java.util.stream.LongStream;

/**
 * The Reactive Streams TCK on {@link Publishers#fromIterator}: an iterator over {@code 0 ..
 * elements - 1}, made on demand; the failed publisher is an iterator whose {@code hasNext()}
 * throws.
 *
 * <p>The optional tests of several subscribers are skipped: such a publisher is single-use by
 * design (a later subscriber gets {@code onError(IllegalStateException)}).
 */
public class PublishersFromIteratorTckTest extends PublishersTck<Long> {

  /** Creates the verification. */
  public PublishersFromIteratorTckTest() {}

  @Override
  public Flow.Publisher<Long> createFlowPublisher(long elements) {
    return Publishers.fromIterator(LongStream.range(0, elements).iterator());
  }

  @Override
  public Flow.Publisher<Long> createFailedFlowPublisher() {
    return Publishers.fromIterator(
        new Iterator<Long>() {
          @Override
          public boolean hasNext() {
            throw new IllegalStateException("the iterator failed");
          }

          @Override
          public Long next() {
            throw new AssertionError("unreachable");
          }
        });
  }
}
