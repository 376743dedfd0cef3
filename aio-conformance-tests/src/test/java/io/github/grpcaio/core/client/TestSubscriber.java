package io.github.grpcaio.core.client;

import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.function.BooleanSupplier;

/**
 * A subscriber that records what it receives and requests only what it is told to, so that tests
 * can check backpressure. It also records every Reactive Streams rule the publisher breaks (a
 * second {@code onSubscribe}, {@code onNext} beyond demand, a signal after a terminal one) in
 * {@link #violations()}, which a test asserts empty. Thread-safe; waits are bounded by {@link
 * Await#TIMEOUT}.
 *
 * @param <T> the item type
 */
final class TestSubscriber<T> implements Flow.Subscriber<T> {

  private final long initialRequest;

  // Guarded by this.
  private Flow.Subscription subscription;
  private final List<T> items = new ArrayList<>();
  private final List<String> violations = new ArrayList<>();
  private long demand; // requested and not yet delivered; Long.MAX_VALUE = unbounded
  private Throwable error;
  private boolean completed;

  private TestSubscriber(long initialRequest) {
    this.initialRequest = initialRequest;
  }

  /** A subscriber that requests nothing until told to. */
  static <T> TestSubscriber<T> requesting(long initialRequest) {
    return new TestSubscriber<>(initialRequest);
  }

  /** A subscriber that requests {@link Long#MAX_VALUE} when subscribed. */
  static <T> TestSubscriber<T> unbounded() {
    return new TestSubscriber<>(Long.MAX_VALUE);
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    synchronized (this) {
      if (subscription != null) {
        violations.add("second onSubscribe");
        return;
      }
      subscription = s;
      notifyAll();
    }
    if (initialRequest > 0) {
      request(initialRequest);
    }
  }

  @Override
  public synchronized void onNext(T item) {
    if (subscription == null) {
      violations.add("onNext before onSubscribe: " + item);
    }
    if (isTerminated()) {
      violations.add("onNext after a terminal signal: " + item);
    }
    if (demand == 0) {
      violations.add("onNext beyond demand: " + item);
    } else if (demand != Long.MAX_VALUE) {
      demand--;
    }
    items.add(item);
    notifyAll();
  }

  @Override
  public synchronized void onError(Throwable t) {
    if (subscription == null) {
      violations.add("onError before onSubscribe: " + t);
    }
    if (isTerminated()) {
      violations.add("onError after a terminal signal: " + t);
      return;
    }
    error = t;
    notifyAll();
  }

  @Override
  public synchronized void onComplete() {
    if (subscription == null) {
      violations.add("onComplete before onSubscribe");
    }
    if (isTerminated()) {
      violations.add("onComplete after a terminal signal");
      return;
    }
    completed = true;
    notifyAll();
  }

  /** Requests {@code n} more (any value, also illegal ones, is passed on). */
  void request(long n) {
    Flow.Subscription s;
    synchronized (this) {
      s = awaitSubscription();
      if (n > 0) {
        demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
      }
    }
    s.request(n);
  }

  /** Cancels the subscription. */
  void cancel() {
    Flow.Subscription s;
    synchronized (this) {
      s = awaitSubscription();
    }
    s.cancel();
  }

  /** Waits until at least {@code count} items arrived and returns all items so far. */
  synchronized List<T> awaitItems(int count) {
    awaitCondition(() -> items.size() >= count, count + " items");
    return List.copyOf(items);
  }

  /** Waits for onComplete or onError. */
  synchronized void awaitTerminal() {
    awaitCondition(this::isTerminated, "a terminal signal");
  }

  /** Waits for onError and returns its exception. */
  synchronized Throwable awaitError() {
    awaitTerminal();
    if (error == null) {
      fail("Expected onError, got onComplete after " + items);
    }
    return error;
  }

  /** Waits for onComplete and returns the items. */
  synchronized List<T> awaitCompletion() {
    awaitTerminal();
    if (error != null) {
      throw new AssertionError("Expected onComplete, got onError after " + items, error);
    }
    return List.copyOf(items);
  }

  synchronized List<T> items() {
    return List.copyOf(items);
  }

  synchronized int count() {
    return items.size();
  }

  synchronized Throwable error() {
    return error;
  }

  synchronized boolean isTerminated() {
    return completed || error != null;
  }

  synchronized List<String> violations() {
    return List.copyOf(violations);
  }

  private Flow.Subscription awaitSubscription() {
    awaitCondition(() -> subscription != null, "onSubscribe");
    return subscription;
  }

  private void awaitCondition(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + Await.TIMEOUT.toNanos();
    while (!condition.getAsBoolean()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        fail(
            "Not after "
                + Await.TIMEOUT
                + ": "
                + what
                + " (items="
                + items
                + ", error="
                + error
                + ", completed="
                + completed
                + ")");
      }
      try {
        wait(Math.max(1, left / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
