package io.github.grpcaio.benchmarks;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * Counts the items of a stream, requesting without limit: the consumer of every inbound stream in
 * the benchmarks. Single use. Its signals may come from any thread, one at a time.
 *
 * @param <T> the item type
 */
public final class CountingSubscriber<T> implements Flow.Subscriber<T> {

  private final CompletableFuture<Long> count = new CompletableFuture<>();
  private long items; // signals are serial (rule 1.3), each visible to the next

  /**
   * Returns the count.
   *
   * @return a future completing with the number of items at {@code onComplete}, or exceptionally
   *     with the error of {@code onError}; it completes on the thread that signals the end
   */
  public CompletableFuture<Long> count() {
    return count;
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    subscription.request(Long.MAX_VALUE);
  }

  @Override
  public void onNext(T item) {
    items++;
  }

  @Override
  public void onError(Throwable error) {
    count.completeExceptionally(error);
  }

  @Override
  public void onComplete() {
    count.complete(items);
  }
}
