package io.github.grpcaio.benchmarks;

import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * Publishes {@code count} items, item {@code i} (from 1) being {@code item.apply(i)}, to each
 * subscriber, within its demand, then completes. Items are emitted synchronously on the thread that
 * raised the demand from zero (a {@code request} made from {@code onNext} only adds demand, so the
 * stack does not grow). The source of every outbound stream in the benchmarks: no allocation per
 * item beyond what {@code item} does.
 *
 * @param <T> the item type
 */
public final class RepeatingPublisher<T> implements Flow.Publisher<T> {

  private final LongFunction<T> item;
  private final long count;

  /**
   * Creates a publisher of {@code count} items.
   *
   * @param item makes item {@code i}, from 1 to {@code count}
   * @param count how many items each subscriber gets
   */
  public RepeatingPublisher(LongFunction<T> item, long count) {
    this.item = Objects.requireNonNull(item, "item");
    this.count = count;
  }

  /**
   * Creates a publisher of the same item {@code count} times.
   *
   * @param item the item
   * @param count how many times
   * @param <T> the item type
   * @return the publisher
   */
  public static <T> RepeatingPublisher<T> of(T item, long count) {
    Objects.requireNonNull(item, "item");
    return new RepeatingPublisher<>(i -> item, count);
  }

  @Override
  public void subscribe(Flow.Subscriber<? super T> subscriber) {
    Objects.requireNonNull(subscriber, "subscriber");
    Emission emission = new Emission(subscriber);
    subscriber.onSubscribe(emission);
    emission.completeIfEmpty();
  }

  /** One subscriber's items. */
  private final class Emission implements Flow.Subscription {
    private final Flow.Subscriber<? super T> subscriber;
    private final AtomicLong requested = new AtomicLong(); // not yet emitted; MAX_VALUE = unbounded
    private volatile boolean cancelled;
    private long next = 1; // only touched by the draining thread, handed over through requested

    Emission(Flow.Subscriber<? super T> subscriber) {
      this.subscriber = subscriber;
    }

    void completeIfEmpty() {
      if (count == 0 && requested.getAndIncrement() == 0) {
        drain(); // through drain, so that it is serial with a request() racing it
      }
    }

    @Override
    public void request(long n) {
      if (n <= 0) {
        cancel();
        subscriber.onError(
            new IllegalArgumentException("Reactive Streams rule 3.9: request(n) needs n > 0"));
        return;
      }
      long before;
      long after;
      do {
        before = requested.get();
        after = before + n < 0 ? Long.MAX_VALUE : before + n;
      } while (!requested.compareAndSet(before, after));
      if (before == 0) {
        drain(); // else the thread that raised it from zero is draining and will see this demand
      }
    }

    @Override
    public void cancel() {
      cancelled = true;
    }

    private void drain() {
      long demand = requested.get();
      while (true) {
        long emitted = 0;
        while (emitted != demand) {
          if (cancelled) {
            return;
          }
          if (next > count) {
            cancelled = true;
            subscriber.onComplete();
            return;
          }
          subscriber.onNext(item.apply(next++));
          emitted++;
          if (next > count && !cancelled) {
            cancelled = true;
            subscriber.onComplete();
            return;
          }
        }
        demand = demand == Long.MAX_VALUE ? demand : requested.addAndGet(-emitted);
        if (demand == 0) {
          return;
        }
      }
    }
  }
}
