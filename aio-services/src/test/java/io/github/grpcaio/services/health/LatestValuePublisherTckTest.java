package io.github.grpcaio.services.health;

import java.util.concurrent.Flow;
import org.reactivestreams.tck.TestEnvironment;
import org.reactivestreams.tck.flow.FlowPublisherVerification;

/**
 * The Reactive Streams TCK on the publisher behind {@code Watch}. The TCK wants a stream of exactly
 * {@code elements} items, so the source here always has a new value (a counter) and finishes after
 * {@code elements}; the health source differs only in having a new value when a status changed. The
 * publisher signals on the thread that subscribes or requests, so the waits are short.
 */
public class LatestValuePublisherTckTest extends FlowPublisherVerification<Long> {

  /** Creates the verification with in-memory waits (1 s for a signal, 100 ms for none). */
  public LatestValuePublisherTckTest() {
    super(new TestEnvironment(1000, 100, 20)); // poll every 20 ms, not once per timeout
  }

  @Override
  public Flow.Publisher<Long> createFlowPublisher(long elements) {
    return new LatestValuePublisher<>(
        new LatestValuePublisher.Source<Long>() {
          @Override
          public Long next(Long last) {
            long next = last == null ? 0 : last + 1;
            return next < elements ? next : null;
          }

          @Override
          public boolean finished(Long last) {
            return (last == null ? 0 : last + 1) >= elements;
          }
        },
        publisher -> {},
        publisher -> {});
  }

  /** A source that fails at once: the publisher signals its error right after subscribing. */
  @Override
  public Flow.Publisher<Long> createFailedFlowPublisher() {
    return new LatestValuePublisher<>(
        new LatestValuePublisher.Source<Long>() {
          @Override
          public Long next(Long last) {
            throw new AssertionError("never asked: the source failed first");
          }

          @Override
          public boolean finished(Long last) {
            throw new IllegalStateException("the source failed");
          }
        },
        publisher -> {},
        publisher -> {});
  }

  /** The counter is made on demand: a large bound lets rule 3.17's test run. */
  @Override
  public long maxElementsFromPublisher() {
    return Integer.MAX_VALUE;
  }
}
