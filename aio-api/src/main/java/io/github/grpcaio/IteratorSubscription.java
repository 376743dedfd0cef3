package io.github.grpcaio;

import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One subscriber's emission from an iterator, behind {@link Publishers}: the classic drain loop. A
 * demand counter and a work-in-progress counter let {@code request} and {@code cancel} come from
 * any thread, concurrently or from within {@code onNext}; only the thread that raised {@code wip}
 * from zero touches the iterator and signals the subscriber, and it loops while others left work (a
 * re-entrant {@code request} only adds demand, so the stack stays flat). Once the stream is over
 * (completed, failed or cancelled) that thread returns without lowering {@code wip}: no thread ever
 * enters the loop again.
 *
 * @param <T> the item type
 */
final class IteratorSubscription<T> implements Flow.Subscription {

  private static final Logger logger = Logger.getLogger(Publishers.class.getName());

  /** Opens the iterator of a source; it may throw, which fails the stream. */
  @FunctionalInterface
  interface Source<T> {
    Iterator<? extends T> open();
  }

  private final Flow.Subscriber<? super T> subscriber;
  private final Source<T> source;
  private final Runnable close; // Stream.close(), or null

  /** Requested and not yet emitted, saturated at {@code Long.MAX_VALUE} (then unbounded). */
  private final AtomicLong demand = new AtomicLong();

  /**
   * Drain requests not yet handled; the thread that raised it from zero runs the loop. It starts at
   * one, held by {@link #start} during {@code onSubscribe}, so no other signal can overlap that
   * one.
   */
  private final AtomicInteger wip = new AtomicInteger(1);

  private volatile boolean cancelled;

  /** The rule 3.9 error of a {@code request(n <= 0)}, to be signalled by the loop. */
  private volatile IllegalArgumentException invalidRequest;

  /** Set by the loop when the stream is over: later {@code request}s and {@code cancel}s no-op. */
  private volatile boolean done;

  // Owned by the thread in the drain loop (handed over through wip).
  private Iterator<? extends T> iterator; // null until opened
  private boolean closed; // close has run

  private IteratorSubscription(
      Flow.Subscriber<? super T> subscriber, Source<T> source, Runnable close) {
    this.subscriber = subscriber;
    this.source = source;
    this.close = close;
  }

  /**
   * Subscribes {@code subscriber}: signals {@code onSubscribe} on the calling thread, then opens
   * the source there, completing an empty one at once, and emits what was requested meanwhile.
   *
   * @throws NullPointerException if {@code subscriber} is null (rule 1.9)
   */
  static <T> void start(Flow.Subscriber<? super T> subscriber, Source<T> source, Runnable close) {
    Objects.requireNonNull(subscriber, "subscriber");
    IteratorSubscription<T> subscription = new IteratorSubscription<>(subscriber, source, close);
    try {
      // Holds wip: a request made in onSubscribe only adds demand for the loop below.
      subscriber.onSubscribe(subscription);
    } catch (Throwable t) {
      // Rule 2.13: the subscription is cancelled and the error goes to the caller.
      subscription.cancelled = true;
      subscription.drainLoop();
      throw t;
    }
    subscription.drainLoop();
  }

  /** Signals {@code onSubscribe} with a subscription that does nothing, then {@code error}. */
  static void reject(Flow.Subscriber<?> subscriber, Throwable error) {
    subscriber.onSubscribe(
        new Flow.Subscription() {
          @Override
          public void request(long n) {}

          @Override
          public void cancel() {}
        });
    subscriber.onError(error);
  }

  /**
   * Adds {@code n} to the demand and emits on this thread what it allows, unless another thread is
   * emitting (it then emits for this demand too).
   */
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

  /** Stops the emission; a {@code Stream} source is closed by the thread in the loop. */
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

  /** Emits while there is demand and work; only by the thread that holds {@code wip}. */
  private void drainLoop() {
    int missed = 1;
    while (true) {
      if (cancelled) {
        release();
        return;
      }
      IllegalArgumentException invalid = invalidRequest;
      if (invalid != null) {
        fail(invalid);
        return;
      }
      if (iterator == null && !open()) {
        return;
      }
      long requested = demand.get();
      long emitted = 0;
      while (emitted != requested) {
        T item;
        try {
          item = iterator.next();
        } catch (Throwable t) {
          fail(t);
          return;
        }
        if (item == null) {
          fail(new NullPointerException("The source of the publisher gave a null item"));
          return;
        }
        try {
          subscriber.onNext(item);
        } catch (Throwable t) {
          // Rule 2.13: the subscription is cancelled and the error goes to whoever requested.
          release();
          throw t;
        }
        emitted++;
        if (cancelled) {
          release();
          return;
        }
        if (invalidRequest != null || !hasMore()) {
          break; // The outer loop signals the invalid request; hasMore ended a finished source.
        }
      }
      if (done) {
        return;
      }
      produced(emitted);
      missed = wip.addAndGet(-missed);
      if (missed == 0) {
        return;
      }
    }
  }

  /** Opens the iterator; false if the stream ended (failed, or completed empty). */
  private boolean open() {
    try {
      iterator = Objects.requireNonNull(source.open(), "The source's iterator() returned null");
    } catch (Throwable t) {
      fail(t);
      return false;
    }
    return hasMore();
  }

  /** Asks the source for another item; completes or fails the stream and returns false if none. */
  private boolean hasMore() {
    boolean more;
    try {
      more = iterator.hasNext();
    } catch (Throwable t) {
      fail(t);
      return false;
    }
    if (!more) {
      done = true;
      Throwable closeError = closeSource();
      if (closeError != null) {
        subscriber.onError(closeError);
      } else {
        subscriber.onComplete();
      }
    }
    return more;
  }

  private void produced(long emitted) {
    if (emitted != 0) {
      demand.getAndUpdate(d -> d == Long.MAX_VALUE ? d : d - emitted);
    }
  }

  private void fail(Throwable error) {
    done = true;
    Throwable closeError = closeSource();
    if (closeError != null && closeError != error) {
      error.addSuppressed(closeError);
    }
    subscriber.onError(error);
  }

  /** Ends without a signal (cancel, or a subscriber that threw): closes the source. */
  private void release() {
    done = true;
    Throwable closeError = closeSource();
    if (closeError != null) {
      logger.log(Level.WARNING, "Stream.close() threw after the subscription ended", closeError);
    }
  }

  /** Runs {@code close} once; returns what it threw, or null. */
  private Throwable closeSource() {
    if (close == null || closed) {
      return null;
    }
    closed = true;
    try {
      close.run();
      return null;
    } catch (Throwable t) {
      return t;
    }
  }
}
