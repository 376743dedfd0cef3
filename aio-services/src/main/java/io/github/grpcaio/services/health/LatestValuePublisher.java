package io.github.grpcaio.services.health;

import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A publisher of a changing value for one subscriber that never queues: on demand it asks its
 * {@link Source} for the value to send after the last one sent, so a slow subscriber only ever gets
 * the newest value and the memory held is one value, however often it changes. {@link #changed()}
 * says the value may have changed. The classic drain loop: a demand counter and a work-in-progress
 * counter let {@code request}, {@code cancel} and {@code changed} come from any thread; only the
 * thread that raised {@code wip} from zero asks the source and signals the subscriber.
 *
 * @param <T> the value type
 */
final class LatestValuePublisher<T> implements Flow.Publisher<T>, Flow.Subscription {

  /** Where the values come from; called by one thread at a time, never concurrently. */
  interface Source<T> {
    /**
     * Returns the value to send after {@code last}, or null if there is none yet.
     *
     * @param last the value sent last, null before the first
     */
    T next(T last);

    /**
     * Whether no value will ever come after {@code last}: the publisher then completes, demand or
     * not.
     *
     * @param last the value sent last, null before the first
     */
    default boolean finished(T last) {
      return false;
    }
  }

  private final Source<T> source;
  private final Consumer<LatestValuePublisher<T>> onStart;
  private final Consumer<LatestValuePublisher<T>> onEnd;

  private final AtomicBoolean subscribed = new AtomicBoolean();

  /** Requested and not yet emitted, saturated at {@code Long.MAX_VALUE}. */
  private final AtomicLong demand = new AtomicLong();

  /**
   * Drain requests not yet handled; the thread that raised it from zero runs the loop. Held (at 1)
   * during {@code onSubscribe} so that no signal overlaps it. Once the stream is over the loop
   * returns without lowering it, so no thread enters again.
   */
  private final AtomicInteger wip = new AtomicInteger(1);

  /** Set in subscribe, dropped when the stream is over (rule 3.13). */
  private volatile Flow.Subscriber<? super T> subscriber;

  private volatile boolean cancelled;

  /** The rule 3.9 error of a {@code request(n <= 0)}, to be signalled by the loop. */
  private volatile IllegalArgumentException invalidRequest;

  private volatile boolean done; // the stream is over: request and cancel no-op

  // Owned by the thread in the drain loop (handed over through wip).
  private T last;

  /**
   * Creates the publisher.
   *
   * @param source the values
   * @param onStart runs on the subscribing thread before the first value is asked for (registers
   *     for {@link #changed()})
   * @param onEnd runs once when the stream is over: cancelled, completed or failed
   */
  LatestValuePublisher(
      Source<T> source,
      Consumer<LatestValuePublisher<T>> onStart,
      Consumer<LatestValuePublisher<T>> onEnd) {
    this.source = Objects.requireNonNull(source, "source");
    this.onStart = Objects.requireNonNull(onStart, "onStart");
    this.onEnd = Objects.requireNonNull(onEnd, "onEnd");
  }

  /**
   * Subscribes the one subscriber: signals {@code onSubscribe} on the calling thread, then emits
   * what was requested meanwhile. A second subscriber gets {@code onError(IllegalStateException)}.
   *
   * @throws NullPointerException if {@code subscriber} is null (rule 1.9)
   */
  @Override
  public void subscribe(Flow.Subscriber<? super T> subscriber) {
    Objects.requireNonNull(subscriber, "subscriber");
    if (!subscribed.compareAndSet(false, true)) {
      subscriber.onSubscribe(
          new Flow.Subscription() {
            @Override
            public void request(long n) {}

            @Override
            public void cancel() {}
          });
      subscriber.onError(new IllegalStateException("This publisher allows one subscriber"));
      return;
    }
    this.subscriber = subscriber;
    try {
      subscriber.onSubscribe(this);
    } catch (Throwable t) {
      // Rule 2.13: the subscription is cancelled and the error goes to the caller.
      cancelled = true;
      end();
      throw t;
    }
    onStart.accept(this);
    drainLoop();
  }

  /** Says the source's value may have changed: emits it now if there is demand. */
  void changed() {
    drain();
  }

  @Override
  public void request(long n) {
    if (done) {
      return;
    }
    if (n <= 0) {
      if (invalidRequest == null) {
        invalidRequest =
            new IllegalArgumentException(
                "request(" + n + "): the demand must be positive (Reactive Streams rule 3.9)");
      }
    } else {
      demand.getAndAccumulate(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
    }
    drain();
  }

  @Override
  public void cancel() {
    if (done) {
      return;
    }
    cancelled = true;
    drain();
  }

  private void drain() {
    if (wip.getAndIncrement() != 0) {
      return; // The thread in the loop sees the new work.
    }
    drainLoop();
  }

  /** Emits while there is demand and a new value; only by the thread that holds {@code wip}. */
  private void drainLoop() {
    int missed = 1;
    while (true) {
      if (cancelled) {
        end();
        return;
      }
      IllegalArgumentException invalid = invalidRequest;
      if (invalid != null) {
        end().onError(invalid);
        return;
      }
      T value = null;
      boolean finished;
      try {
        finished = source.finished(last);
        if (!finished && demand.get() > 0) {
          value = source.next(last);
        }
      } catch (Throwable t) {
        end().onError(t);
        return;
      }
      if (finished) {
        end().onComplete();
        return;
      }
      if (value != null) {
        last = value;
        demand.getAndUpdate(d -> d == Long.MAX_VALUE ? d : d - 1);
        try {
          subscriber.onNext(value);
        } catch (Throwable t) {
          end(); // Rule 2.13: cancelled; the error goes to whoever caused the emission.
          throw t;
        }
        continue; // Another value may be due; the loop asks again.
      }
      missed = wip.addAndGet(-missed);
      if (missed == 0) {
        return;
      }
    }
  }

  /**
   * Marks the stream over (keeping {@code wip} raised), runs {@code onEnd} once and drops the
   * subscriber (rule 3.13).
   *
   * @return the subscriber, for a last signal
   */
  private Flow.Subscriber<? super T> end() {
    Flow.Subscriber<? super T> s = subscriber;
    if (!done) {
      done = true;
      last = null;
      subscriber = null;
      onEnd.accept(this);
    }
    return s;
  }
}
