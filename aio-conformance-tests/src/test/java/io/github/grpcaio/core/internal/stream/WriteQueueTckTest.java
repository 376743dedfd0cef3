package io.github.grpcaio.core.internal.stream;

import io.github.grpcaio.core.tck.TckEnvironment;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import org.reactivestreams.tck.flow.FlowPublisherVerification;
import org.testng.annotations.AfterClass;

/**
 * The Reactive Streams TCK on {@link WriteQueue}, the publisher behind {@code write()} and {@code
 * doneWriting()}: {@code elements} writes then {@code doneWriting()}, on a context over a small
 * pool.
 */
public class WriteQueueTckTest extends FlowPublisherVerification<Integer> {

  private final ExecutorService pool = Executors.newFixedThreadPool(2);

  /** Creates the verification. */
  public WriteQueueTckTest() {
    super(TckEnvironment.create());
  }

  @AfterClass
  void shutDown() {
    pool.shutdownNow();
  }

  @Override
  public Flow.Publisher<Integer> createFlowPublisher(long elements) {
    WriteQueue<Integer> queue =
        new WriteQueue<>(new SerializingExecutor(pool), WriteQueue.HALF_CLOSED);
    for (int i = 0; i < elements; i++) {
      queue.write(i);
    }
    queue.doneWriting();
    return queue;
  }

  /**
   * A write queue never fails its subscriber: when the RPC ends, the RPC cancels the subscription
   * and fails the writes ({@link WriteQueue#abort}), so there is no failed publisher to test.
   */
  @Override
  public Flow.Publisher<Integer> createFailedFlowPublisher() {
    return null;
  }

  @Override
  public long maxElementsFromPublisher() {
    return TckEnvironment.MAX_ELEMENTS;
  }
}
