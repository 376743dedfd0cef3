package io.github.grpcaio.core.internal.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Signals that arrive on the context's own thread, from inside a call the stream made (a
 * synchronous publisher's onNext inside request(1); a subscriber's request(1) inside onNext), are
 * handled without a task on the context per message, and still in order and within demand.
 */
class InlineSignalsTest {

  private static final int MESSAGES = 100_000;

  @AutoClose private final ContextThread contextThread = new ContextThread();
  private final SerializingExecutor serializing = contextThread.context();
  private final AtomicInteger tasks = new AtomicInteger();
  // The context the streams use: the serializing executor, counting the tasks given to it.
  private final Executor context =
      task -> {
        tasks.incrementAndGet();
        serializing.execute(task);
      };

  @Test
  void outbound_synchronousPublisher_sendsEveryMessageInOrder_withoutATaskPerMessage()
      throws Exception {
    RecordingSink<Long> sink = new RecordingSink<>(true);
    OutboundStream<Long> outbound = new OutboundStream<>(context, sink);

    new SynchronousPublisher(MESSAGES, 1).subscribe(outbound);
    sink.completed.get(10, TimeUnit.SECONDS);

    assertThat(sink.sent).hasSize(MESSAGES);
    for (int i = 0; i < MESSAGES; i++) {
      assertThat(sink.sent.get(i)).isEqualTo(i);
    }
    // onSubscribe, onComplete, and a yield per batch of 64 messages; not one per message.
    assertThat(tasks.get()).isLessThan(MESSAGES / 64 + 10);
  }

  @Test
  void outbound_publisherEmittingTwoForOneRequest_isFailedForBreakingRule11() throws Exception {
    RecordingSink<Long> sink = new RecordingSink<>(true);
    OutboundStream<Long> outbound = new OutboundStream<>(context, sink);

    new SynchronousPublisher(10, 2).subscribe(outbound);
    Throwable failure = sink.failed.get(10, TimeUnit.SECONDS);

    assertThat(failure).isInstanceOf(IllegalStateException.class).hasMessageContaining("1.1");
    contextThread.drain();
    assertThat(sink.sent).containsExactly(0L); // the message beyond demand is never sent
  }

  @Test
  void inbound_subscriberRequestingOneInOnNext_getsEveryMessage_withoutATaskPerMessage()
      throws Exception {
    List<Integer> transportRequests = new ArrayList<>(); // confined to the context
    InboundStream<Integer> stream =
        new InboundStream<>(
            context,
            new InboundStream.Source() {
              @Override
              public void request(int count) {
                transportRequests.add(count);
              }

              @Override
              public void cancel() {}
            });
    // Appended on the context, read after it: a synchronized list, as a copy-on-write one costs
    // O(n^2) for 100 000 appends and timed the test out on a loaded machine.
    List<Integer> received = Collections.synchronizedList(new ArrayList<>());
    stream.subscribe(
        new Flow.Subscriber<>() {
          private Flow.Subscription subscription;

          @Override
          public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(1);
          }

          @Override
          public void onNext(Integer item) {
            received.add(item);
            subscription.request(1);
          }

          @Override
          public void onError(Throwable t) {}

          @Override
          public void onComplete() {}
        });
    contextThread.drain();
    int tasksBefore = tasks.get();

    // The transport delivers each message once it was asked for it.
    contextThread.run(
        () -> {
          for (int i = 0; i < MESSAGES; i++) {
            assertThat(transportRequests).hasSize(i + 1);
            stream.onMessage(i);
          }
        });

    assertThat(received).hasSize(MESSAGES);
    assertThat(received.get(MESSAGES - 1)).isEqualTo(MESSAGES - 1);
    assertThat(transportRequests).hasSize(MESSAGES + 1).containsOnly(1);
    assertThat(tasks.get() - tasksBefore).isZero();
  }

  @Test
  void echo_requestStreamAsResponseStream_movesEachMessageWithinTheTaskThatDeliveredIt()
      throws Exception {
    // The bidi echo: the response stream subscribes to the request stream of the same RPC.
    List<Integer> transportRequests = new ArrayList<>(); // confined to the context
    InboundStream<Long> requests =
        new InboundStream<>(
            serializing,
            new InboundStream.Source() {
              @Override
              public void request(int count) {
                transportRequests.add(count);
              }

              @Override
              public void cancel() {}
            });
    RecordingSink<Long> sink = new RecordingSink<>(true);
    OutboundStream<Long> responses = new OutboundStream<>(serializing, sink);
    requests.subscribe(responses);
    contextThread.drain();
    contextThread.drain();
    List<Integer> sentWithinTheTask = new ArrayList<>();

    contextThread.run(
        () -> {
          for (int i = 0; i < 1000; i++) {
            // asked for before it arrives
            assertThat(transportRequests.stream().mapToLong(n -> n).sum()).isGreaterThan(i);
            requests.onMessage((long) i);
            sentWithinTheTask.add(sink.sent.size());
          }
        });

    assertThat(sentWithinTheTask).containsExactlyElementsOf(rangeFrom1To(1000));
    assertThat(sink.sent).hasSize(1000);
    assertThat(sink.sent.get(999)).isEqualTo(999L);
    // The response stream's demand reaches the transport exactly, in batches while it is ready.
    assertThat(transportRequests).allMatch(n -> n >= 1 && n <= OutboundStream.MAX_BATCH);
    assertThat(transportRequests.stream().mapToLong(n -> n).sum())
        .isBetween(1000L, 1000L + OutboundStream.MAX_BATCH);
    assertThat(transportRequests.size()).isLessThan(1000 / 4);
  }

  private static List<Integer> rangeFrom1To(int last) {
    List<Integer> range = new ArrayList<>();
    for (int i = 1; i <= last; i++) {
      range.add(i);
    }
    return range;
  }

  @Test
  void isCurrent_isTrueOnlyInsideATaskOfThatContext() throws Exception {
    SerializingExecutor other = contextThread.anotherContext();
    List<Boolean> seen = new CopyOnWriteArrayList<>();

    contextThread.run(
        () -> {
          seen.add(serializing.isCurrent());
          seen.add(other.isCurrent());
        });

    assertThat(seen).containsExactly(true, false);
    assertThat(serializing.isCurrent()).isFalse();
  }

  /**
   * Emits {@code perRequest} items for each request(1), inside request, then completes after {@code
   * count}: the shape of a publisher that answers on the requesting thread. With {@code perRequest}
   * above one it breaks rule 1.1.
   */
  private static final class SynchronousPublisher implements Flow.Publisher<Long> {
    private final long count;
    private final int perRequest;

    SynchronousPublisher(long count, int perRequest) {
      this.count = count;
      this.perRequest = perRequest;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super Long> s) {
      AtomicLong next = new AtomicLong();
      s.onSubscribe(
          new Flow.Subscription() {
            private boolean ended;

            @Override
            public void request(long n) {
              for (long i = 0; i < n * perRequest && !ended; i++) {
                long item = next.getAndIncrement();
                if (item >= count) {
                  ended = true;
                  s.onComplete();
                  return;
                }
                s.onNext(item);
              }
              if (next.get() >= count && !ended) {
                ended = true;
                s.onComplete();
              }
            }

            @Override
            public void cancel() {
              ended = true;
            }
          });
    }
  }
}
