package io.github.grpcaio.it;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/** Small stream helpers for the tests: read every message, publish a list. */
final class Messages {

  private Messages() {}

  /** Calls {@code read} until it returns empty; the future completes with the messages. */
  static <T> CompletableFuture<List<T>> readAll(Supplier<CompletableFuture<Optional<T>>> read) {
    List<T> messages = new ArrayList<>();
    CompletableFuture<List<T>> done = new CompletableFuture<>();
    readNext(read, messages, done);
    return done;
  }

  private static <T> void readNext(
      Supplier<CompletableFuture<Optional<T>>> read,
      List<T> messages,
      CompletableFuture<List<T>> done) {
    read.get()
        .whenComplete(
            (message, error) -> {
              if (error != null) {
                done.completeExceptionally(error);
              } else if (message.isEmpty()) {
                done.complete(messages);
              } else {
                messages.add(message.get());
                readNext(read, messages, done);
              }
            });
  }

  /** A publisher of fixed items that honours demand; one subscriber. */
  static <T> Flow.Publisher<T> publisherOf(List<T> items) {
    return subscriber -> {
      AtomicLong demand = new AtomicLong();
      AtomicBoolean draining = new AtomicBoolean();
      AtomicBoolean cancelled = new AtomicBoolean();
      int[] next = {0};
      subscriber.onSubscribe(
          new Flow.Subscription() {
            @Override
            public void request(long n) {
              demand.getAndUpdate(d -> d + n < 0 ? Long.MAX_VALUE : d + n);
              // One thread drains at a time; a re-entrant request only adds demand.
              while (!cancelled.get() && draining.compareAndSet(false, true)) {
                try {
                  while (!cancelled.get() && demand.get() > 0 && next[0] < items.size()) {
                    demand.decrementAndGet();
                    subscriber.onNext(items.get(next[0]++));
                  }
                  if (next[0] == items.size() && !cancelled.getAndSet(true)) {
                    subscriber.onComplete();
                  }
                } finally {
                  draining.set(false);
                }
                if (demand.get() == 0 || cancelled.get()) {
                  return;
                }
              }
            }

            @Override
            public void cancel() {
              cancelled.set(true);
            }
          });
    };
  }
}
