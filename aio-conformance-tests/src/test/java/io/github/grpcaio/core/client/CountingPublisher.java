package io.github.grpcaio.core.client;

import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * A cold publisher of {@code total} generated items for one subscriber that emits only what was
 * requested, and counts what was requested and emitted so that a test can see how far the consumer
 * pulled it. Emits on the thread that requests (serialized by a work-in-progress counter, so
 * signals never overlap).
 *
 * @param <T> the item type
 */
final class CountingPublisher<T> implements Flow.Publisher<T> {

  private final long total;
  private final LongFunction<T> item;
  private final AtomicLong requested = new AtomicLong();
  private final AtomicLong emitted = new AtomicLong();
  private final AtomicBoolean subscribed = new AtomicBoolean();
  private final AtomicBoolean cancelled = new AtomicBoolean();
  private final AtomicInteger wip = new AtomicInteger();
  private volatile Flow.Subscriber<? super T> subscriber;
  private volatile boolean completed;

  /**
   * @param total how many items to emit before completing; {@link Long#MAX_VALUE} for endless
   * @param item the item for each index from 0
   */
  CountingPublisher(long total, LongFunction<T> item) {
    this.total = total;
    this.item = item;
  }

  /** Emits "0", "1", ... */
  static CountingPublisher<String> ofIndexes(long total) {
    return new CountingPublisher<>(total, Long::toString);
  }

  /** The total requested so far (saturated at {@link Long#MAX_VALUE}). */
  long requested() {
    return requested.get();
  }

  /** How many items were emitted so far. */
  long emitted() {
    return emitted.get();
  }

  boolean cancelled() {
    return cancelled.get();
  }

  boolean completed() {
    return completed;
  }

  @Override
  public void subscribe(Flow.Subscriber<? super T> s) {
    Objects.requireNonNull(s);
    if (!subscribed.compareAndSet(false, true)) {
      s.onSubscribe(
          new Flow.Subscription() {
            @Override
            public void request(long n) {}

            @Override
            public void cancel() {}
          });
      s.onError(new IllegalStateException("one subscriber only"));
      return;
    }
    subscriber = s;
    s.onSubscribe(
        new Flow.Subscription() {
          @Override
          public void request(long n) {
            if (n <= 0) {
              cancelled.set(true);
              s.onError(new IllegalArgumentException("request(" + n + ")"));
              return;
            }
            requested.accumulateAndGet(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
            drain();
          }

          @Override
          public void cancel() {
            cancelled.set(true);
          }
        });
    drain();
  }

  private void drain() {
    if (wip.getAndIncrement() != 0) {
      return;
    }
    int missed = 1;
    do {
      Flow.Subscriber<? super T> s = subscriber;
      while (!cancelled.get() && !completed) {
        long sent = emitted.get();
        if (sent == total) {
          completed = true;
          s.onComplete();
          break;
        }
        if (sent >= requested.get()) {
          break;
        }
        emitted.incrementAndGet();
        s.onNext(item.apply(sent));
      }
      missed = wip.addAndGet(-missed);
    } while (missed != 0);
  }
}
