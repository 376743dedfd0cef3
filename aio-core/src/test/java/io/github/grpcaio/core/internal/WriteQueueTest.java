package io.github.grpcaio.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.grpcaio.UsageError;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WriteQueueTest {

  private final ExecutorService thread = Executors.newSingleThreadExecutor();
  private final SerializingExecutor context = new SerializingExecutor(thread);
  private final WriteQueue<String> queue = new WriteQueue<>(context);
  private final List<String> received = new CopyOnWriteArrayList<>();
  private volatile Flow.Subscription subscription;
  private volatile boolean completed;

  @AfterEach
  void shutdown() {
    thread.shutdownNow();
  }

  private void onContext(Runnable r) throws Exception {
    CompletableFuture<Void> done = new CompletableFuture<>();
    context.execute(
        () -> {
          r.run();
          done.complete(null);
        });
    done.get(5, TimeUnit.SECONDS);
  }

  private void subscribe() throws Exception {
    queue.subscribe(
        new Flow.Subscriber<>() {
          @Override
          public void onSubscribe(Flow.Subscription s) {
            subscription = s;
          }

          @Override
          public void onNext(String item) {
            received.add(item);
          }

          @Override
          public void onError(Throwable t) {}

          @Override
          public void onComplete() {
            completed = true;
          }
        });
    onContext(() -> {});
  }

  @Test
  void writes_areHandedOnOnlyWithDemand_andCompleteWhenSent() throws Exception {
    subscribe();
    CompletableFuture<Void> a = queue.write("a");
    CompletableFuture<Void> b = queue.write("b");
    onContext(() -> {});
    assertThat(received).isEmpty();

    subscription.request(1); // hops onto the context, ahead of the next task
    onContext(() -> {});
    assertThat(received).containsExactly("a");
    assertThat(a).isNotDone();
    onContext(queue::onSent);

    assertThat(a).isCompleted();
    assertThat(b).isNotDone();
  }

  @Test
  void doneWriting_completesAfterQueuedWrites_andLaterWritesThrow() throws Exception {
    subscribe();
    queue.write("a");
    CompletableFuture<Void> done = queue.doneWriting();

    subscription.request(5); // hops onto the context, ahead of the next task
    onContext(() -> {});
    assertThat(received).containsExactly("a");
    assertThat(completed).isTrue();
    assertThatThrownBy(() -> queue.write("late")).isInstanceOf(UsageError.class);
    onContext(queue::onHalfClosed);
    assertThat(done).isCompleted();
  }

  @Test
  void abort_failsPendingAndLaterWrites() throws Exception {
    subscribe();
    CompletableFuture<Void> pending = queue.write("a");
    IllegalStateException outcome = new IllegalStateException("RPC ended");

    onContext(() -> queue.abort(outcome));
    CompletableFuture<Void> later = queue.write("b");

    assertThatThrownBy(() -> pending.get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCause(outcome);
    assertThatThrownBy(() -> later.get(5, TimeUnit.SECONDS)).hasCause(outcome);
    assertThat(queue.doneWriting()).succeedsWithin(5, TimeUnit.SECONDS);
  }
}
