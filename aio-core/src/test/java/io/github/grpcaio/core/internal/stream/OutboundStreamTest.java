package io.github.grpcaio.core.internal.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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

  /**
   * A publisher that emits an item for every request, counting requests: from inside the request,
   * or from the thread of an executor it is given, in order.
   */
  private static final class CountingPublisher implements Flow.Publisher<String> {
    final AtomicLong requested = new AtomicLong(); // the items emitted so far
    final List<Long> requests = Collections.synchronizedList(new ArrayList<>());
    volatile Runnable onFirstRequest = () -> {};
    volatile Flow.Subscriber<? super String> subscriber;
    volatile boolean cancelled;
    private final Executor emitter;

    CountingPublisher() {
      this(Runnable::run);
    }

    CountingPublisher(Executor emitter) {
      this.emitter = emitter;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super String> s) {
      subscriber = s;
      s.onSubscribe(
          new Flow.Subscription() {
            @Override
            public void request(long n) {
              if (requests.isEmpty()) {
                onFirstRequest.run();
              }
              requests.add(n);
              emitter.execute(
                  () -> {
                    for (long i = 0; i < n; i++) {
                      s.onNext("m" + requested.getAndIncrement());
                    }
                  });
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
  void publisherSignallingFromItsOwnThread_isTakenWithinDemand_andCaughtBeyondIt()
      throws Exception {
    ExecutorService publisherThread = Executors.newSingleThreadExecutor();
    try {
      CountingPublisher publisher = new CountingPublisher(publisherThread);
      sink.ready = true;
      publisher.subscribe(outbound);
      contextThread.drain();
      await(publisherThread);
      contextThread.drain();
      contextThread.run(() -> sink.ready = false); // what is still requested stays unanswered
      await(publisherThread);
      contextThread.drain();
      long requested = publisher.requests.stream().mapToLong(Long::longValue).sum();
      List<String> sent = new ArrayList<>(sink.sent);

      publisherThread.execute(() -> publisher.subscriber.onNext("beyond demand"));

      assertThat(sink.failed.get(5, TimeUnit.SECONDS)).hasMessageContaining("rule 1.1");
      assertThat(requested).isPositive();
      assertThat(sent).hasSize((int) requested).startsWith("m0").doesNotContain("beyond demand");
      assertThat(publisher.cancelled).isTrue();
    } finally {
      publisherThread.shutdownNow();
    }
  }

  private static void await(ExecutorService thread) throws Exception {
    thread.submit(() -> {}).get(5, TimeUnit.SECONDS);
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

  @Test
  void whileTheTransportKeepsTaking_demandGrowsInBatches_exactAndInOrder() throws Exception {
    CountingPublisher publisher = new CountingPublisher();
    sink.ready = true;
    publisher.subscribe(outbound);
    contextThread.drain();
    // Each pull yields after a budget of messages; let a few continuations run, then stop.
    for (int i = 0; i < 20; i++) {
      contextThread.drain();
    }
    contextThread.run(() -> sink.ready = false);
    contextThread.drain();

    List<Long> requests = List.copyOf(publisher.requests);
    assertThat(requests.subList(0, OutboundStream.RAMP)).containsOnly(1L);
    assertThat(requests.get(OutboundStream.RAMP)).isEqualTo(2L);
    assertThat(requests).allMatch(n -> n <= OutboundStream.MAX_BATCH);
    assertThat(requests).contains((long) OutboundStream.MAX_BATCH);
    // Exact: every message requested was sent, in order, and nothing more was requested.
    long requested = requests.stream().mapToLong(n -> n).sum();
    assertThat(sink.sent).hasSize((int) requested);
    for (int i = 0; i < sink.sent.size(); i++) {
      assertThat(sink.sent.get(i)).isEqualTo("m" + i);
    }
  }

  @Test
  void transportFoundNotReady_nextDemandIsOneMessageAgain() throws Exception {
    CountingPublisher publisher = new CountingPublisher();
    sink.ready = true;
    publisher.subscribe(outbound);
    for (int i = 0; i < 5; i++) {
      contextThread.drain();
    }
    contextThread.run(() -> sink.ready = false);
    contextThread.drain();
    int before = publisher.requests.size();
    assertThat(publisher.requests.get(before - 1)).isGreaterThan(1L);

    sink.ready = true;
    contextThread.run(outbound::onReady);
    contextThread.run(() -> sink.ready = false);

    assertThat(publisher.requests.get(before)).isEqualTo(1L);
  }

  @Test
  void publisherThatNeverRunsDry_toAReadyTransport_yieldsToTheRpcsOtherEvents() throws Exception {
    CountingPublisher publisher = new CountingPublisher();
    sink.ready = true;
    List<Integer> sentWhenOtherEventRan = Collections.synchronizedList(new ArrayList<>());
    // Another event of the RPC, queued while the stream pulls: it runs after one pull's budget,
    // not after the stream (which never ends while the transport is ready).
    publisher.onFirstRequest =
        () ->
            context.execute(
                () -> {
                  sentWhenOtherEventRan.add(sink.sent.size());
                  sink.ready = false;
                });

    publisher.subscribe(outbound);
    contextThread.drain();
    contextThread.drain();

    assertThat(sentWhenOtherEventRan).hasSize(1);
    assertThat(sentWhenOtherEventRan.get(0)).isBetween(1, 64);
  }

  @Test
  void whereReadinessCountsMessages_demandStaysOneAtATime() throws Exception {
    RecordingSink<String> inProcessLike = new RecordingSink<>(true, false);
    OutboundStream<String> exact = new OutboundStream<>(context, inProcessLike);
    CountingPublisher publisher = new CountingPublisher();
    publisher.subscribe(exact);
    for (int i = 0; i < 20; i++) {
      contextThread.drain();
    }
    contextThread.run(() -> inProcessLike.ready = false);
    contextThread.drain();

    assertThat(publisher.requests).hasSizeGreaterThan(4 * OutboundStream.RAMP).containsOnly(1L);
    assertThat(inProcessLike.sent).hasSize(publisher.requests.size());
  }
}
