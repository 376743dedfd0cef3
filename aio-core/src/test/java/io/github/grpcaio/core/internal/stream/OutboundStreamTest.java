package io.github.grpcaio.core.internal.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

class OutboundStreamTest {

  @AutoClose private final ContextThread contextThread = new ContextThread();
  private final SerializingExecutor context = contextThread.context();
  private final RecordingSink<String> sink = new RecordingSink<>(false);
  private final OutboundStream<String> outbound = new OutboundStream<>(context, sink);

  /** A publisher that emits an item for every request, counting requests. */
  private static final class CountingPublisher implements Flow.Publisher<String> {
    final AtomicLong requested = new AtomicLong();
    volatile Flow.Subscriber<? super String> subscriber;
    volatile boolean cancelled;

    @Override
    public void subscribe(Flow.Subscriber<? super String> s) {
      subscriber = s;
      s.onSubscribe(
          new Flow.Subscription() {
            @Override
            public void request(long n) {
              for (long i = 0; i < n; i++) {
                s.onNext("m" + requested.getAndIncrement());
              }
            }

            @Override
            public void cancel() {
              cancelled = true;
            }
          });
    }
  }

  @Test
  void notReady_pullsNothing_thenOnReadyPullsOneAtATimeWhileReady() throws Exception {
    CountingPublisher publisher = new CountingPublisher();
    publisher.subscribe(outbound);
    contextThread.drain();
    assertThat(publisher.requested).hasValue(0);

    sink.ready = true;
    contextThread.run(outbound::onReady);
    contextThread.run(() -> sink.ready = false); // the sends above ran; stop the flow
    long afterReady = publisher.requested.get();
    contextThread.drain();

    assertThat(afterReady).isPositive();
    assertThat(publisher.requested.get()).isLessThanOrEqualTo(afterReady + 1);
    assertThat(sink.sent).hasSizeGreaterThanOrEqualTo((int) afterReady - 1);
  }

  @Test
  void onNextWithoutDemand_failsTheSinkAndCancels() throws Exception {
    CountingPublisher publisher = new CountingPublisher();
    publisher.subscribe(outbound);
    contextThread.drain();

    publisher.subscriber.onNext("unrequested");

    assertThat(sink.failed.get(5, TimeUnit.SECONDS)).hasMessageContaining("rule 1.1");
    assertThat(publisher.cancelled).isTrue();
  }

  @Test
  void cancel_cancelsTheSubscription_andIgnoresLaterSignals() throws Exception {
    CountingPublisher publisher = new CountingPublisher();
    publisher.subscribe(outbound);
    contextThread.drain();

    contextThread.run(outbound::cancel);
    publisher.subscriber.onComplete();
    contextThread.drain();

    assertThat(publisher.cancelled).isTrue();
    assertThat(sink.completed).isNotDone();
  }

  @Test
  void secondSubscription_isCancelled() throws Exception {
    CountingPublisher first = new CountingPublisher();
    CountingPublisher second = new CountingPublisher();
    first.subscribe(outbound);
    second.subscribe(outbound);
    contextThread.drain();

    assertThat(second.cancelled).isTrue();
    assertThat(first.cancelled).isFalse();
  }
}
