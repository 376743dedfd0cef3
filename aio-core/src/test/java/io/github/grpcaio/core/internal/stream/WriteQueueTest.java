package io.github.grpcaio.core.internal.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.grpcaio.UsageError;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

class WriteQueueTest {

  @AutoClose private final ContextThread contextThread = new ContextThread();
  private final WriteQueue<String> queue =
      new WriteQueue<>(contextThread.context(), WriteQueue.HALF_CLOSED);
  private final RecordingSubscriber<String> subscriber = new RecordingSubscriber<>();

  private void subscribe() throws Exception {
    queue.subscribe(subscriber);
    contextThread.drain();
  }

  @Test
  void writes_areHandedOnOnlyWithDemand_andCompleteWhenSent() throws Exception {
    subscribe();
    CompletableFuture<Void> a = queue.write("a");
    CompletableFuture<Void> b = queue.write("b");
    contextThread.drain();
    assertThat(subscriber.items).isEmpty();

    subscriber.subscription.request(1); // hops onto the context, ahead of the next task
    contextThread.drain();
    assertThat(subscriber.items).containsExactly("a");
    assertThat(a).isNotDone();
    contextThread.run(queue::onSent);

    assertThat(a).isCompleted();
    assertThat(b).isNotDone();
  }

  @Test
  void doneWriting_completesAfterQueuedWrites_andLaterWritesThrow() throws Exception {
    subscribe();
    queue.write("a");
    CompletableFuture<Void> done = queue.doneWriting();

    subscriber.subscription.request(5); // hops onto the context, ahead of the next task
    contextThread.drain();
    assertThat(subscriber.items).containsExactly("a");
    assertThat(subscriber.completed).isTrue();
    assertThatThrownBy(() -> queue.write("late")).isInstanceOf(UsageError.class);
    contextThread.run(queue::onHalfClosed);
    assertThat(done).isCompleted();
  }

  @Test
  void abort_failsPendingAndLaterWrites() throws Exception {
    subscribe();
    CompletableFuture<Void> pending = queue.write("a");
    IllegalStateException outcome = new IllegalStateException("RPC ended");

    contextThread.run(() -> queue.abort(outcome));
    CompletableFuture<Void> later = queue.write("b");

    assertThatThrownBy(() -> pending.get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCause(outcome);
    assertThatThrownBy(() -> later.get(5, TimeUnit.SECONDS)).hasCause(outcome);
    assertThat(queue.doneWriting()).succeedsWithin(5, TimeUnit.SECONDS);
  }
}
