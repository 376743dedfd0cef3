package io.github.grpcaio.core.interceptors;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/** A publisher of a list that honours demand, and a reader of streams. */
final class Publishers {

  private Publishers() {}

  /** Emits the items in order as requested, then completes. */
  static <T> Flow.Publisher<T> of(List<T> items) {
    return subscriber -> {
      Objects.requireNonNull(subscriber);
      AtomicLong demand = new AtomicLong();
      AtomicInteger wip = new AtomicInteger();
      int[] next = {0};
      boolean[] state = {false, false}; // cancelled, terminated
      Runnable drain =
          () -> {
            if (wip.getAndIncrement() != 0) {
              return;
            }
            int missed = 1;
            do {
              while (!state[0] && !state[1] && next[0] < items.size() && demand.get() > 0) {
                demand.decrementAndGet();
                subscriber.onNext(items.get(next[0]++));
              }
              if (!state[0] && !state[1] && next[0] == items.size()) {
                state[1] = true;
                subscriber.onComplete();
              }
              missed = wip.addAndGet(-missed);
            } while (missed != 0);
          };
      subscriber.onSubscribe(
          new Flow.Subscription() {
            @Override
            public void request(long n) {
              demand.getAndUpdate(d -> d + n < 0 ? Long.MAX_VALUE : d + n);
              drain.run();
            }

            @Override
            public void cancel() {
              state[0] = true;
            }
          });
      drain.run();
    };
  }

  /** Reads a stream with {@code read} until its end. */
  static <T> CompletableFuture<List<T>> readAll(Supplier<CompletableFuture<Optional<T>>> read) {
    CompletableFuture<List<T>> result = new CompletableFuture<>();
    readNext(read, new java.util.ArrayList<>(), result);
    return result;
  }

  private static <T> void readNext(
      Supplier<CompletableFuture<Optional<T>>> read,
      List<T> got,
      CompletableFuture<List<T>> result) {
    read.get()
        .whenComplete(
            (next, error) -> {
              if (error != null) {
                result.completeExceptionally(error);
              } else if (next.isEmpty()) {
                result.complete(got);
              } else {
                got.add(next.get());
                readNext(read, got, result);
              }
            });
  }
}
