package io.github.grpcaio.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.function.BooleanSupplier;

/**
 * A {@link Flow.Subscriber} for tests that requests only what it is told to, so that backpressure
 * can be checked, and records what it receives. It also records every Reactive Streams rule the
 * publisher breaks (a second {@code onSubscribe}, a signal before {@code onSubscribe}, {@code
 * onNext} beyond demand, a signal after a terminal one): every {@code await...} and {@code
 * assert...} method fails on such a violation, and {@link #assertNoViolations()} checks for them
 * alone.
 *
 * <pre>{@code
 * TestSubscriber<Reply> replies = TestSubscriber.create(); // requests nothing yet
 * stub.sayHelloStream(request).subscribe(replies);
 * replies.request(2);
 * assertThat(replies.awaitCount(2)).hasSize(2);
 * replies.request(Long.MAX_VALUE);
 * replies.awaitCompletion();
 * }</pre>
 *
 * <p>Code that must not block, such as a server handler that collects its request stream, takes the
 * outcome as a future instead:
 *
 * <pre>{@code
 * TestSubscriber<String> collected = TestSubscriber.unbounded();
 * requests.subscribe(collected);
 * return collected.completion().thenApply(items -> String.join(",", items));
 * }</pre>
 *
 * <p>Thread-safe: signals may arrive on any thread, and test methods may be called from any thread.
 * Every wait is bounded by the timeout (5 seconds unless {@link #withTimeout(Duration)} says
 * otherwise) and fails with an {@link AssertionError} describing what was received.
 *
 * @param <T> the item type
 */
public final class TestSubscriber<T> implements Flow.Subscriber<T> {

  /** The default bound of every wait: 5 seconds. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  private final long initialRequest;
  private volatile Duration timeout = DEFAULT_TIMEOUT;

  // Guarded by this.
  private Flow.Subscription subscription;
  private final List<T> items = new ArrayList<>();
  private final List<String> violations = new ArrayList<>();
  private long demand; // requested and not yet delivered; Long.MAX_VALUE = unbounded
  private Throwable error;
  private boolean completed;

  // Completed once, outside the lock, after the terminal signal was recorded.
  private final CompletableFuture<List<T>> outcome = new CompletableFuture<>();

  private TestSubscriber(long initialRequest) {
    this.initialRequest = initialRequest;
  }

  /**
   * Creates a subscriber that requests nothing until {@link #request(long)} is called.
   *
   * @param <T> the item type
   */
  public static <T> TestSubscriber<T> create() {
    return new TestSubscriber<>(0);
  }

  /**
   * Creates a subscriber that requests {@code n} items as soon as it is subscribed.
   *
   * @param n the initial demand; {@code Long.MAX_VALUE} for unbounded
   * @param <T> the item type
   * @throws IllegalArgumentException if {@code n} is negative
   */
  public static <T> TestSubscriber<T> requesting(long n) {
    if (n < 0) {
      throw new IllegalArgumentException("n must not be negative: " + n);
    }
    return new TestSubscriber<>(n);
  }

  /**
   * Creates a subscriber that requests {@code Long.MAX_VALUE} as soon as it is subscribed.
   *
   * @param <T> the item type
   */
  public static <T> TestSubscriber<T> unbounded() {
    return new TestSubscriber<>(Long.MAX_VALUE);
  }

  /**
   * Sets the bound of every later wait.
   *
   * @param timeout a positive duration
   * @return this subscriber
   * @throws IllegalArgumentException if {@code timeout} is not positive
   */
  public TestSubscriber<T> withTimeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
    this.timeout = timeout;
    return this;
  }

  /** {@inheritDoc} Records a second subscription as a violation and cancels it. */
  @Override
  public void onSubscribe(Flow.Subscription s) {
    synchronized (this) {
      if (subscription != null) {
        violations.add("second onSubscribe");
        s.cancel();
        return;
      }
      subscription = Objects.requireNonNull(s, "subscription");
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
    if (isTerminatedLocked()) {
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
  public void onError(Throwable t) {
    AssertionError violated;
    synchronized (this) {
      if (subscription == null) {
        violations.add("onError before onSubscribe: " + t);
      }
      if (isTerminatedLocked()) {
        violations.add("onError after a terminal signal: " + t);
        return;
      }
      error = t;
      notifyAll();
      violated = violations.isEmpty() ? null : failure("Reactive Streams violations", t);
    }
    outcome.completeExceptionally(violated != null ? violated : t);
  }

  @Override
  public void onComplete() {
    List<T> received;
    AssertionError violated;
    synchronized (this) {
      if (subscription == null) {
        violations.add("onComplete before onSubscribe");
      }
      if (isTerminatedLocked()) {
        violations.add("onComplete after a terminal signal");
        return;
      }
      completed = true;
      notifyAll();
      received = List.copyOf(items);
      violated = violations.isEmpty() ? null : failure("Reactive Streams violations", null);
    }
    if (violated != null) {
      outcome.completeExceptionally(violated);
    } else {
      outcome.complete(received);
    }
  }

  /**
   * Requests {@code n} more items, waiting (bounded) for {@code onSubscribe} first. Any value, also
   * an illegal one, is passed on to the subscription, so that publishers' handling of it can be
   * tested. Calls the subscription on the calling thread, outside any lock.
   *
   * @param n the number of items
   * @return this subscriber
   * @throws AssertionError if not subscribed within the timeout
   */
  public TestSubscriber<T> request(long n) {
    Flow.Subscription s;
    synchronized (this) {
      s = awaitSubscription();
      if (n > 0) {
        demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
      }
    }
    s.request(n);
    return this;
  }

  /**
   * Cancels the subscription, waiting (bounded) for {@code onSubscribe} first.
   *
   * @return this subscriber
   * @throws AssertionError if not subscribed within the timeout
   */
  public TestSubscriber<T> cancel() {
    Flow.Subscription s;
    synchronized (this) {
      s = awaitSubscription();
    }
    s.cancel();
    return this;
  }

  /**
   * Waits until at least {@code count} items arrived.
   *
   * @param count the number of items
   * @return every item received so far
   * @throws AssertionError if they do not arrive within the timeout, if the stream terminated with
   *     fewer, or on a protocol violation
   */
  public synchronized List<T> awaitCount(int count) {
    awaitCondition(() -> items.size() >= count || isTerminatedLocked(), count + " item(s)");
    if (items.size() < count) {
      throw failure("Expected " + count + " item(s) but the stream terminated", error);
    }
    return List.copyOf(items);
  }

  /**
   * Waits for {@code onComplete} or {@code onError}, whichever comes, for example after a
   * cancellation that may or may not end the stream with an error.
   *
   * @return this subscriber, to inspect {@link #values()} and {@link #error()}
   * @throws AssertionError if neither comes within the timeout, or on a protocol violation
   */
  public synchronized TestSubscriber<T> awaitTermination() {
    awaitCondition(this::isTerminatedLocked, "onComplete or onError");
    return this;
  }

  /**
   * Waits for {@code onComplete}.
   *
   * @return every item received
   * @throws AssertionError if it does not come within the timeout, if {@code onError} came instead,
   *     or on a protocol violation
   */
  public synchronized List<T> awaitCompletion() {
    awaitCondition(this::isTerminatedLocked, "onComplete");
    if (error != null) {
      throw failure("Expected onComplete but got onError: " + error, error);
    }
    return List.copyOf(items);
  }

  /**
   * Waits for {@code onError}.
   *
   * @return its exception
   * @throws AssertionError if it does not come within the timeout, if {@code onComplete} came
   *     instead, or on a protocol violation
   */
  public synchronized Throwable awaitError() {
    awaitCondition(this::isTerminatedLocked, "onError");
    if (error == null) {
      throw failure("Expected onError but got onComplete", null);
    }
    return error;
  }

  /**
   * Waits for {@code onError} and checks its exception's type.
   *
   * @param type the expected exception type (a subclass also matches)
   * @param <E> the exception type
   * @return the exception
   * @throws AssertionError if it does not come within the timeout, is of another type, or on a
   *     protocol violation
   */
  public <E extends Throwable> E assertError(Class<E> type) {
    Throwable t = awaitError();
    if (!type.isInstance(t)) {
      throw failure("Expected onError with " + type.getName() + " but got " + t, t);
    }
    return type.cast(t);
  }

  /**
   * Returns the outcome of the stream as a future, without waiting: for code that must not block,
   * such as a server handler that collects its request stream. It completes with every item once
   * {@code onComplete} came, or exceptionally with the exception of {@code onError}; if the
   * publisher broke a Reactive Streams rule before that, it fails with an {@link AssertionError}
   * listing the violations instead. It has no bound of its own: wait on it with one, for example
   * {@link Await#result}.
   *
   * @return a new future each call, so that cancelling or completing it affects nothing else
   */
  public CompletableFuture<List<T>> completion() {
    return outcome.copy();
  }

  /**
   * Fails at once if the publisher broke a Reactive Streams rule so far.
   *
   * @return this subscriber
   * @throws AssertionError listing the violations
   */
  public synchronized TestSubscriber<T> assertNoViolations() {
    if (!violations.isEmpty()) {
      throw failure("Reactive Streams violations", null);
    }
    return this;
  }

  /**
   * Returns the items received so far, without waiting.
   *
   * @return a snapshot
   */
  public synchronized List<T> values() {
    return List.copyOf(items);
  }

  /**
   * Returns the exception of {@code onError}, without waiting.
   *
   * @return the exception, or null if none came
   */
  public synchronized Throwable error() {
    return error;
  }

  /**
   * Tells whether {@code onComplete} or {@code onError} came.
   *
   * @return true once terminated
   */
  public synchronized boolean isTerminated() {
    return isTerminatedLocked();
  }

  /**
   * Tells whether {@code onComplete} came.
   *
   * @return true once completed
   */
  public synchronized boolean isCompleted() {
    return completed;
  }

  /**
   * Returns the Reactive Streams rules the publisher broke so far, one description each.
   *
   * @return a snapshot, empty if none
   */
  public synchronized List<String> violations() {
    return List.copyOf(violations);
  }

  @Override
  public synchronized String toString() {
    return "TestSubscriber" + state();
  }

  private boolean isTerminatedLocked() {
    return completed || error != null;
  }

  private Flow.Subscription awaitSubscription() {
    awaitCondition(() -> subscription != null, "onSubscribe");
    return subscription;
  }

  /** Waits while holding the lock; fails on timeout or violation. */
  private void awaitCondition(BooleanSupplier condition, String what) {
    Duration bound = timeout;
    long deadline = System.nanoTime() + bound.toNanos();
    while (!condition.getAsBoolean()) {
      checkViolations();
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw failure("No " + what + " within " + bound, error);
      }
      try {
        wait(Math.max(1, left / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("Interrupted while waiting for " + what, e);
      }
    }
    checkViolations();
  }

  private void checkViolations() {
    if (!violations.isEmpty()) {
      throw failure("Reactive Streams violations", null);
    }
  }

  private AssertionError failure(String message, Throwable cause) {
    AssertionError e = new AssertionError(message + " " + state());
    if (cause != null) {
      e.initCause(cause);
    }
    return e;
  }

  private String state() {
    return "[items="
        + items
        + ", completed="
        + completed
        + ", error="
        + error
        + ", violations="
        + violations
        + "]";
  }
}
