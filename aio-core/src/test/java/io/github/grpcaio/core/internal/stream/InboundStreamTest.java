package io.github.grpcaio.core.internal.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.grpcaio.UsageError;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

class InboundStreamTest {

  @AutoClose private final ContextThread contextThread = new ContextThread();
  private final SerializingExecutor context = contextThread.context();
  private final List<Integer> transportRequests = new CopyOnWriteArrayList<>();
  private final CompletableFuture<Void> sourceCancelled = new CompletableFuture<>();
  private final InboundStream<String> stream =
      new InboundStream<>(
          context,
          new InboundStream.Source() {
            @Override
            public void request(int count) {
              transportRequests.add(count);
            }

            @Override
            public void cancel() {
              sourceCancelled.complete(null);
            }
          });

  @Test
  void request_asksTheTransportForExactlyTheDemand() throws Exception {
    RecordingSubscriber<String> subscriber = new RecordingSubscriber<>();
    stream.subscribe(subscriber);
    contextThread.drain();

    subscriber.subscription.request(3);
    contextThread.drain();
    subscriber.subscription.request(2);
    contextThread.drain();

    assertThat(transportRequests).containsExactly(3, 2);
  }

  @Test
  void request_unbounded_isCappedAtIntMaxValueOnce() throws Exception {
    RecordingSubscriber<String> subscriber = new RecordingSubscriber<>();
    stream.subscribe(subscriber);
    contextThread.drain();

    subscriber.subscription.request(Long.MAX_VALUE);
    subscriber.subscription.request(Long.MAX_VALUE);
    contextThread.drain();

    assertThat(transportRequests).containsExactly(Integer.MAX_VALUE);
  }

  @Test
  void request_zero_signalsIllegalArgumentAndCancels() throws Exception {
    RecordingSubscriber<String> subscriber = new RecordingSubscriber<>();
    stream.subscribe(subscriber);
    contextThread.drain();

    subscriber.subscription.request(0);
    contextThread.drain();

    assertThat(subscriber.error).isInstanceOf(IllegalArgumentException.class);
    assertThat(sourceCancelled).isDone();
  }

  @Test
  void terminal_beforeSubscribe_isDeliveredAfterOnSubscribe() throws Exception {
    contextThread.run(() -> stream.fail(new IllegalStateException("failed")));
    RecordingSubscriber<String> subscriber = new RecordingSubscriber<>();

    stream.subscribe(subscriber);
    contextThread.drain();

    assertThat(subscriber.subscription).isNotNull();
    assertThat(subscriber.error).hasMessage("failed");
  }

  @Test
  void secondSubscriber_getsOnSubscribeThenUsageError() throws Exception {
    stream.subscribe(new RecordingSubscriber<>());
    RecordingSubscriber<String> second = new RecordingSubscriber<>();

    stream.subscribe(second);

    assertThat(second.subscription).isNotNull();
    assertThat(second.error).isInstanceOf(UsageError.class);
  }

  @Test
  void read_afterSubscribe_throwsUsageError() {
    stream.subscribe(new RecordingSubscriber<>());

    assertThatThrownBy(stream::read).isInstanceOf(UsageError.class);
  }

  @Test
  void reads_requestOneEach_completeInOrder_thenEofForever() throws Exception {
    CompletableFuture<Optional<String>> first = stream.read();
    CompletableFuture<Optional<String>> second = stream.read();
    contextThread.drain();
    assertThat(transportRequests).containsExactly(1, 1);

    contextThread.run(
        () -> {
          stream.onMessage("a");
          stream.onMessage("b");
          stream.complete();
        });

    assertThat(first.get(5, TimeUnit.SECONDS)).contains("a");
    assertThat(second.get(5, TimeUnit.SECONDS)).contains("b");
    assertThat(stream.read().get(5, TimeUnit.SECONDS)).isEmpty();
    assertThat(stream.read().get(5, TimeUnit.SECONDS)).isEmpty();
  }

  @Test
  void abandonedReads_leaveTheirMessagesToLaterReads_withoutNewDemand() throws Exception {
    CompletableFuture<Optional<String>> cancelled = stream.read();
    CompletableFuture<Optional<String>> failed = stream.read();
    CompletableFuture<Optional<String>> live = stream.read();
    contextThread.drain();
    assertThat(transportRequests).containsExactly(1, 1, 1);
    cancelled.cancel(true);
    failed.completeExceptionally(new IllegalStateException("gave up"));

    contextThread.run(
        () -> {
          stream.onMessage("a");
          stream.onMessage("b");
          stream.onMessage("c");
        });

    // the live read got the first message; the two left over are taken by the next reads
    assertThat(live.get(5, TimeUnit.SECONDS)).contains("a");
    assertThat(stream.read().get(5, TimeUnit.SECONDS)).contains("b");
    assertThat(stream.read().get(5, TimeUnit.SECONDS)).contains("c");
    contextThread.drain();
    assertThat(transportRequests).containsExactly(1, 1, 1); // no more asked than read
  }

  @Test
  void readAbandonedBeforeItReachesTheContext_asksForNothing() throws Exception {
    CountDownLatch hold = new CountDownLatch(1);
    context.execute(() -> awaitQuietly(hold));
    stream.read().cancel(true);
    hold.countDown();
    contextThread.drain();

    assertThat(transportRequests).isEmpty();
  }

  @Test
  void readAbandonedWhileAMessageWaits_leavesItForTheNextRead() throws Exception {
    CompletableFuture<Optional<String>> abandoned = stream.read();
    contextThread.drain();
    abandoned.cancel(true);
    contextThread.run(() -> stream.onMessage("a")); // kept: its read was abandoned

    CountDownLatch hold = new CountDownLatch(1);
    context.execute(() -> awaitQuietly(hold));
    stream.read().cancel(true); // abandoned too, before it could take "a"
    hold.countDown();

    assertThat(stream.read().get(5, TimeUnit.SECONDS)).contains("a");
    assertThat(transportRequests).containsExactly(1);
  }

  @Test
  void end_afterAbandonedReads_comesAfterTheMessagesTheyLeft_andStays() throws Exception {
    CompletableFuture<Optional<String>> abandoned = stream.read();
    contextThread.drain();
    abandoned.cancel(true);
    contextThread.run(
        () -> {
          stream.onMessage("a");
          stream.fail(new IllegalStateException("broken"));
        });

    assertThat(stream.read().get(5, TimeUnit.SECONDS)).contains("a");
    for (int i = 0; i < 2; i++) {
      CompletableFuture<Optional<String>> read = stream.read();
      assertThatThrownBy(() -> read.get(5, TimeUnit.SECONDS))
          .hasRootCauseInstanceOf(IllegalStateException.class)
          .hasRootCauseMessage("broken");
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void subscriberThatThrows_isCancelled() throws Exception {
    RecordingSubscriber<String> subscriber =
        new RecordingSubscriber<>() {
          @Override
          public void onNext(String item) {
            throw new IllegalStateException("boom (expected by the test)");
          }
        };
    stream.subscribe(subscriber);
    contextThread.drain();
    subscriber.subscription.request(1);

    contextThread.run(() -> stream.onMessage("a"));

    assertThat(sourceCancelled).isDone();
    assertThat(stream.isClosed()).isTrue();
  }
}
