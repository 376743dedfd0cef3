package io.github.grpcaio.core.internal.stream;

import io.github.grpcaio.core.tck.TckEnvironment;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import org.reactivestreams.tck.flow.FlowSubscriberWhiteboxVerification;
import org.testng.annotations.AfterClass;

/**
 * The Reactive Streams TCK on {@link OutboundStream}, the subscriber that consumes the user's
 * request publisher on the client and the handler's response publisher on the server, with an
 * always-ready sink on a context over a small pool. The probe is fed from the sink, which sees what
 * the transport would see, and from a wrapper of the subscription.
 */
public class OutboundStreamTckTest extends FlowSubscriberWhiteboxVerification<Integer> {

  private final ExecutorService pool = Executors.newFixedThreadPool(2);

  /** Creates the verification. */
  public OutboundStreamTckTest() {
    super(TckEnvironment.create());
  }

  @AfterClass
  void shutDown() {
    pool.shutdownNow();
  }

  @Override
  public Flow.Subscriber<Integer> createFlowSubscriber(WhiteboxSubscriberProbe<Integer> probe) {
    SerializingExecutor context = new SerializingExecutor(pool);
    OutboundStream<Integer> stream =
        new OutboundStream<>(
            context,
            new OutboundStream.Sink<>() {
              @Override
              public boolean isReady() {
                return true;
              }

              @Override
              public void send(Integer message) {
                probe.registerOnNext(message);
              }

              @Override
              public void complete() {
                probe.registerOnComplete();
              }

              @Override
              public void fail(Throwable error) {
                probe.registerOnError(error);
              }
            });
    return new Flow.Subscriber<>() {
      @Override
      public void onSubscribe(Flow.Subscription s) {
        stream.onSubscribe(s);
        probe.registerOnSubscribe(
            new SubscriberPuppet() {
              @Override
              public void triggerRequest(long elements) {
                // The stream pulls by itself, one at a time, while the sink is ready.
              }

              @Override
              public void signalCancel() {
                context.execute(stream::cancel);
              }
            });
      }

      @Override
      public void onNext(Integer item) {
        stream.onNext(item);
      }

      @Override
      public void onError(Throwable error) {
        stream.onError(error);
      }

      @Override
      public void onComplete() {
        stream.onComplete();
      }
    };
  }

  @Override
  public Integer createElement(int element) {
    return element;
  }
}
