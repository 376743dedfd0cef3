package io.github.grpcaio.testkit;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * A cold {@link Flow.Publisher} for tests that emits only what its subscriber requested, for
 * example the request stream of a client-streaming call or the response stream of a handler, and
 * records how far it was pulled: what was requested, what was emitted, whether it was cancelled.
 *
 * <pre>{@code
 * TestPublisher<Request> requests = TestPublisher.of(List.of(a, b, c));
 * assertThatRpc(stub.collect(requests)).succeedsWith(summary);
 * assertThat(requests.emitted()).isEqualTo(3);
 * }</pre>
 *
 * <p>Each subscriber gets its own subscription, from the first item; the counters add up over all
 * of them. It follows the Reactive Streams rules: items go out on the thread that calls {@code
 * request} (or {@code subscribe}), one signal at a time; demand saturates at {@code
 * Long.MAX_VALUE}; {@code request(n <= 0)} cancels and signals {@code onError} with an {@link
 * IllegalArgumentException} (rule 3.9). Thread-safe.
 *
 * @param <T> the item type
 */
public final class TestPublisher<T> implements Flow.Publisher<T> {

  /** The default bound of {@link #awaitCancellation()}: 5 seconds. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  private final long count;
  private final LongFunction<? extends T> item;
  private final Throwable error; // the terminal signal after count items; null: onComplete
  private final boolean terminates;
  private final AtomicLong requested = new AtomicLong();
  private final AtomicLong emitted = new AtomicLong();
  private final AtomicInteger completed = new AtomicInteger();
  private final CountDownLatch cancelled = new CountDownLatch(1);

  private TestPublisher(
      long count, LongFunction<? extends T> item, Throwable error, boolean terminates) {
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative: " + count);
    }
    this.count = count;
    this.item = Objects.requireNonNull(item, "item");
    this.error = error;
    this.terminates = terminates;
  }

  /**
   * Creates a publisher of {@code items}, in order, then {@code onComplete}.
   *
   * @param items the items, none null
   * @param <T> the item type
   * @throws NullPointerException if {@code items} or an item is null
   */
  public static <T> TestPublisher<T> of(List<? extends T> items) {
    List<? extends T> copy = List.copyOf(items);
    return new TestPublisher<>(copy.size(), i -> copy.get((int) i), null, true);
  }

  /**
   * Creates a publisher of {@code items}, in order, then {@code onError(error)}.
   *
   * @param items the items, none null
   * @param error the error that ends the stream
   * @param <T> the item type
   * @throws NullPointerException if an argument or an item is null
   */
  public static <T> TestPublisher<T> failingAfter(List<? extends T> items, Throwable error) {
    List<? extends T> copy = List.copyOf(items);
    return new TestPublisher<>(
        copy.size(), i -> copy.get((int) i), Objects.requireNonNull(error, "error"), true);
  }

  /**
   * Creates a publisher of {@code count} items made on demand by {@code item} from their index,
   * then {@code onComplete}: a long stream costs nothing until it is requested.
   *
   * @param count how many items; {@code Long.MAX_VALUE} for a stream that never ends
   * @param item makes the item of each index, from 0; must not return null
   * @param <T> the item type
   * @throws IllegalArgumentException if {@code count} is negative
   * @throws NullPointerException if {@code item} is null
   */
  public static <T> TestPublisher<T> generate(long count, LongFunction<? extends T> item) {
    return new TestPublisher<>(count, item, null, count != Long.MAX_VALUE);
  }

  /**
   * Creates a publisher that never emits and never terminates, whatever is requested: a stream that
   * stalls, for example to see a deadline or a cancellation reach it.
   *
   * @param <T> the item type
   */
  public static <T> TestPublisher<T> silent() {
    return new TestPublisher<>(
        0,
        i -> {
          throw new AssertionError("unreachable");
        },
        null,
        false);
  }

  /**
   * Subscribes {@code subscriber} from the first item: calls its {@code onSubscribe} on the calling
   * thread, then emits what it requests on the threads that request (an empty stream completes at
   * once, without demand).
   *
   * @throws NullPointerException if {@code subscriber} is null
   */
  @Override
  public void subscribe(Flow.Subscriber<? super T> subscriber) {
    Objects.requireNonNull(subscriber, "subscriber");
    Emission emission = new Emission(subscriber);
    subscriber.onSubscribe(emission);
    emission.drain(); // An empty stream terminates without demand.
  }

  /**
   * Returns the demand requested so far, over all subscriptions (saturated at {@code
   * Long.MAX_VALUE}).
   *
   * @return the total requested
   */
  public long requested() {
    return requested.get();
  }

  /**
   * Returns how many items were emitted so far, over all subscriptions.
   *
   * @return the number of {@code onNext} signals
   */
  public long emitted() {
    return emitted.get();
  }

  /**
   * Tells whether a subscription was cancelled (also by {@code request(n <= 0)}).
   *
   * @return true once cancelled
   */
  public boolean isCancelled() {
    return cancelled.getCount() == 0;
  }

  /**
   * Tells whether a subscription received its terminal signal ({@code onComplete} or the error).
   *
   * @return true once terminated
   */
  public boolean isTerminated() {
    return completed.get() > 0;
  }

  /**
   * Waits until a subscription is cancelled, at most {@link #DEFAULT_TIMEOUT}. Blocks the calling
   * thread.
   *
   * @return this publisher
   * @throws AssertionError if none is cancelled in time
   */
  public TestPublisher<T> awaitCancellation() {
    return awaitCancellation(DEFAULT_TIMEOUT);
  }

  /**
   * Waits until a subscription is cancelled, at most {@code timeout}. Blocks the calling thread.
   *
   * @param timeout the bound
   * @return this publisher
   * @throws AssertionError if none is cancelled in time
   */
  public TestPublisher<T> awaitCancellation(Duration timeout) {
    try {
      if (!cancelled.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        throw new AssertionError(
            "No cancellation within " + timeout + " " + this + " was pulled for");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("Interrupted while waiting for a cancellation", e);
    }
    return this;
  }

  @Override
  public String toString() {
    return "TestPublisher[requested="
        + requested()
        + ", emitted="
        + emitted()
        + ", cancelled="
        + isCancelled()
        + ", terminated="
        + isTerminated()
        + "]";
  }

  /** One subscriber's subscription: emits in {@link #drain()}, serialized by {@code wip}. */
  private final class Emission implements Flow.Subscription {
    private final Flow.Subscriber<? super T> subscriber;
    private final AtomicLong demand = new AtomicLong();
    private final AtomicInteger wip = new AtomicInteger();
    private final AtomicBoolean done = new AtomicBoolean(); // cancelled or terminated
    private long next; // Only accessed by the thread that holds wip.

    Emission(Flow.Subscriber<? super T> subscriber) {
      this.subscriber = subscriber;
    }

    @Override
    public void request(long n) {
      if (n <= 0) {
        if (done.compareAndSet(false, true)) {
          cancelled.countDown();
          subscriber.onError(new IllegalArgumentException("Rule 3.9: request(" + n + ")"));
        }
        return;
      }
      requested.accumulateAndGet(n, TestPublisher::saturatedAdd);
      demand.accumulateAndGet(n, TestPublisher::saturatedAdd);
      drain();
    }

    @Override
    public void cancel() {
      done.set(true);
      cancelled.countDown();
    }

    void drain() {
      if (wip.getAndIncrement() != 0) {
        return; // The thread in the loop below sees the new demand.
      }
      int missed = 1;
      do {
        while (!done.get() && next < count && demand.get() > 0) {
          demand.decrementAndGet();
          T value = item.apply(next++);
          emitted.incrementAndGet();
          subscriber.onNext(value);
        }
        if (terminates && next == count && done.compareAndSet(false, true)) {
          completed.incrementAndGet();
          if (error == null) {
            subscriber.onComplete();
          } else {
            subscriber.onError(error);
          }
        }
        missed = wip.addAndGet(-missed);
      } while (missed != 0);
    }
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return sum < 0 ? Long.MAX_VALUE : sum;
  }
}
