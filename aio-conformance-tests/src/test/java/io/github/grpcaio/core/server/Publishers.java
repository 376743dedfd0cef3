package io.github.grpcaio.core.server;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/** Small publishers that honour demand, for handlers and clients in tests. */
final class Publishers {

  private Publishers() {}

  /** Emits the items in order, then completes. */
  static <T> Flow.Publisher<T> of(List<T> items) {
    return generate(items.size(), items::get, null);
  }

  /** Emits the items in order, then fails with {@code error}. */
  static <T> Flow.Publisher<T> failingAfter(List<T> items, RuntimeException error) {
    return generate(items.size(), items::get, error);
  }

  /**
   * Emits {@code count} items made by {@code item}, only as requested, then completes (or fails
   * with {@code error} if not null). Signals are serial: emission runs in {@code request} under a
   * re-entrancy guard.
   */
  static <T> Flow.Publisher<T> generate(int count, IntFunction<T> item, RuntimeException error) {
    return subscriber -> {
      Objects.requireNonNull(subscriber);
      ListSubscription<T> subscription = new ListSubscription<>(subscriber, count, item, error);
      subscriber.onSubscribe(subscription);
      subscription.drain(); // an empty stream terminates without demand
    };
  }

  /** A publisher that never emits and records what its subscriber did. */
  static final class Silent<T> implements Flow.Publisher<T> {
    final AtomicLong requested = new AtomicLong();
    final AtomicBoolean cancelled = new AtomicBoolean();
    final java.util.concurrent.CountDownLatch cancelledLatch =
        new java.util.concurrent.CountDownLatch(1);

    @Override
    public void subscribe(Flow.Subscriber<? super T> subscriber) {
      subscriber.onSubscribe(
          new Flow.Subscription() {
            @Override
            public void request(long n) {
              requested.addAndGet(n);
            }

            @Override
            public void cancel() {
              cancelled.set(true);
              cancelledLatch.countDown();
            }
          });
    }
  }

  private static final class ListSubscription<T> implements Flow.Subscription {
    private final Flow.Subscriber<? super T> subscriber;
    private final int count;
    private final IntFunction<T> item;
    private final RuntimeException error;
    private final AtomicLong demand = new AtomicLong();
    private final AtomicInteger wip = new AtomicInteger();
    private int next; // guarded by wip
    private volatile boolean cancelled;
    private boolean terminated; // guarded by wip

    ListSubscription(
        Flow.Subscriber<? super T> subscriber, int count, IntFunction<T> item, RuntimeException e) {
      this.subscriber = subscriber;
      this.count = count;
      this.item = item;
      this.error = e;
    }

    @Override
    public void request(long n) {
      if (n <= 0) {
        cancelled = true;
        subscriber.onError(new IllegalArgumentException("rule 3.9: " + n));
        return;
      }
      demand.getAndUpdate(d -> d + n < 0 ? Long.MAX_VALUE : d + n);
      drain();
    }

    void drain() {
      if (wip.getAndIncrement() != 0) {
        return;
      }
      int missed = 1;
      do {
        while (!cancelled && !terminated && next < count && demand.get() > 0) {
          demand.decrementAndGet();
          subscriber.onNext(item.apply(next++));
        }
        if (!cancelled && !terminated && next == count) {
          terminated = true;
          if (error == null) {
            subscriber.onComplete();
          } else {
            subscriber.onError(error);
          }
        }
        missed = wip.addAndGet(-missed);
      } while (missed != 0);
    }

    @Override
    public void cancel() {
      cancelled = true;
    }
  }
}
