package io.github.grpcaio.core.internal.stream;

import io.github.grpcaio.core.tck.TckEnvironment;
import io.github.grpcaio.testkit.TestPublisher;
import java.util.concurrent.Flow;
import org.reactivestreams.tck.flow.FlowPublisherVerification;

/**
 * The Reactive Streams TCK on {@link PresubscribedPublisher}, the stand-in an intercepted call
 * hands its interceptors for the caller's request publisher: subscribed to the caller's publisher
 * ({@code elements} items) before the TCK's subscriber comes. The failed publisher is one whose
 * {@code subscribe} throws.
 */
public class PresubscribedPublisherTckTest extends FlowPublisherVerification<Long> {

  /** Creates the verification. */
  public PresubscribedPublisherTckTest() {
    super(TckEnvironment.inMemory()); // TestPublisher signals on the requesting thread
  }

  @Override
  public Flow.Publisher<Long> createFlowPublisher(long elements) {
    PresubscribedPublisher<Long> publisher =
        new PresubscribedPublisher<>(TestPublisher.generate(elements, i -> i));
    publisher.subscribeNow();
    return publisher;
  }

  @Override
  public Flow.Publisher<Long> createFailedFlowPublisher() {
    PresubscribedPublisher<Long> publisher =
        new PresubscribedPublisher<>(
            subscriber -> {
              throw new IllegalStateException("the caller's publisher failed");
            });
    publisher.subscribeNow();
    return publisher;
  }

  @Override
  public long maxElementsFromPublisher() {
    return TckEnvironment.MAX_ELEMENTS;
  }
}
