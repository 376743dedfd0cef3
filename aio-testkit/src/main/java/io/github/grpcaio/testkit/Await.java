package io.github.grpcaio.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.github.grpcaio.AioRpcError;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Bounded waits for tests: on a future, a queue, a latch or a condition, and checks that something
 * does <em>not</em> happen for a while. Every wait that is not on an RPC's outcome ({@link
 * AioAssertions#assertThatRpc}) or on a stream ({@link TestSubscriber}) goes through here, so none
 * can hang; each fails the test with an {@link AssertionError} saying what it waited for.
 *
 * <pre>{@code
 * String reply = Await.result(call.response().toCompletableFuture());
 * AioRpcError error = Await.rpcError(failing.response().toCompletableFuture());
 * Await.until("the handler started", () -> started.get());
 * }</pre>
 *
 * <p>Static methods only; callable from any thread. Interrupting a waiting thread fails the wait
 * and keeps the thread's interrupt flag set.
 */
public final class Await {

  /**
   * How long anything that should happen may take, unless a method is given its own bound: 10
   * seconds, twice the bound of an RPC assertion, as it often covers several steps.
   */
  public static final Duration TIMEOUT = Duration.ofSeconds(10);

  /** How long the checks for something that must not happen watch: 300 milliseconds. */
  public static final Duration QUIET = Duration.ofMillis(300);

  private static final long POLL_MILLIS = 5;

  private Await() {}

  /**
   * Waits for the future's value within {@link #TIMEOUT}.
   *
   * @param future the future
   * @param <T> the value type
   * @throws AssertionError if it fails (with its exception, unwrapped as by {@link
   *     #outcome(CompletableFuture)}, as the cause), is cancelled, or does not complete in time
   */
  public static <T> T result(CompletableFuture<T> future) {
    return result(future, TIMEOUT);
  }

  /**
   * Waits for the future's value within {@code timeout}.
   *
   * @param future the future
   * @param timeout the bound
   * @param <T> the value type
   * @throws AssertionError if it fails (with its exception, unwrapped as by {@link
   *     #outcome(CompletableFuture)}, as the cause), is cancelled, or does not complete in time
   */
  public static <T> T result(CompletableFuture<T> future, Duration timeout) {
    Throwable error = outcome(future, timeout);
    if (error != null) {
      throw new AssertionError("Expected a value, got " + error, error);
    }
    return future.join();
  }

  /**
   * Waits for {@code future} to complete within {@link #TIMEOUT}, either way.
   *
   * @param future the future
   * @return null if it succeeded, else its exception (a {@link CancellationException} as such,
   *     other exceptions without the {@link ExecutionException} and {@link CompletionException}
   *     wrappers)
   * @throws AssertionError if it does not complete in time
   */
  public static Throwable outcome(CompletableFuture<?> future) {
    return outcome(future, TIMEOUT);
  }

  /**
   * Waits for {@code future} to complete within {@code timeout}, either way.
   *
   * @param future the future
   * @param timeout the bound
   * @return null if it succeeded, else its exception, unwrapped as by {@link #outcome(
   *     CompletableFuture)}
   * @throws AssertionError if it does not complete in time
   */
  public static Throwable outcome(CompletableFuture<?> future, Duration timeout) {
    try {
      future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return null;
    } catch (ExecutionException e) {
      return unwrap(e.getCause());
    } catch (CancellationException e) {
      return e;
    } catch (TimeoutException e) {
      throw new AssertionError("Timed out after " + timeout + " waiting for " + future, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /**
   * Waits for the future to fail within {@link #TIMEOUT}.
   *
   * @param future the future
   * @return why it failed, unwrapped as by {@link #outcome(CompletableFuture)}
   * @throws AssertionError if it succeeds or does not complete in time
   */
  public static Throwable failure(CompletableFuture<?> future) {
    return failure(future, TIMEOUT);
  }

  /**
   * Waits for the future to fail within {@code timeout}.
   *
   * @param future the future
   * @param timeout the bound
   * @return why it failed, unwrapped as by {@link #outcome(CompletableFuture)}
   * @throws AssertionError if it succeeds or does not complete in time
   */
  public static Throwable failure(CompletableFuture<?> future, Duration timeout) {
    Throwable error = outcome(future, timeout);
    if (error == null) {
      fail("Expected a failure, got the value " + future.join());
    }
    return error;
  }

  /**
   * Waits for the future to fail with an {@link AioRpcError} within {@link #TIMEOUT}.
   *
   * @param future the future
   * @throws AssertionError if it succeeds, fails otherwise, or does not complete in time
   */
  public static AioRpcError rpcError(CompletableFuture<?> future) {
    Throwable t = failure(future);
    assertThat(t).isInstanceOf(AioRpcError.class);
    return (AioRpcError) t;
  }

  /**
   * Takes the next element of {@code queue}, waiting at most {@link #TIMEOUT}.
   *
   * @param queue the queue
   * @param what what the element is, for the failure message
   * @param <T> the element type
   * @throws AssertionError if none comes in time
   */
  public static <T> T next(BlockingQueue<T> queue, String what) {
    try {
      T value = queue.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      if (value == null) {
        fail("Timed out after " + TIMEOUT + " waiting for " + what);
      }
      return value;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /**
   * Waits for the latch to reach zero within {@link #TIMEOUT}.
   *
   * @param latch the latch
   * @throws AssertionError if it does not in time
   */
  public static void latch(CountDownLatch latch) {
    latch(latch, "a latch at " + latch.getCount());
  }

  /**
   * Waits for the latch to reach zero within {@link #TIMEOUT}.
   *
   * @param latch the latch
   * @param what what the latch stands for, for the failure message
   * @throws AssertionError if it does not in time
   */
  public static void latch(CountDownLatch latch, String what) {
    try {
      if (!latch.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        fail("Timed out after " + TIMEOUT + " waiting for " + what);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /**
   * Polls {@code condition} until it holds, for at most {@link #TIMEOUT}.
   *
   * @param what the condition, for the failure message
   * @param condition the condition
   * @throws AssertionError if it does not hold in time
   */
  public static void until(String what, BooleanSupplier condition) {
    until(what, TIMEOUT, condition);
  }

  /**
   * Polls {@code condition} until it holds, for at most {@code timeout}.
   *
   * @param what the condition, for the failure message
   * @param timeout the bound
   * @param condition the condition
   * @throws AssertionError if it does not hold in time
   */
  public static void until(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        fail("Timed out after " + timeout + " waiting until " + what);
      }
      pause();
    }
  }

  /**
   * Checks that {@code condition} holds throughout {@code period}, polling. Only for asserting that
   * something does <em>not</em> happen, which cannot be awaited.
   *
   * @param period how long to watch
   * @param what the condition, for the failure message
   * @param condition the condition
   * @throws AssertionError as soon as it does not hold
   */
  public static void holdsFor(Duration period, String what, BooleanSupplier condition) {
    long end = System.nanoTime() + period.toNanos();
    do {
      if (!condition.getAsBoolean()) {
        fail("Stopped holding within " + period + ": " + what);
      }
      pause();
    } while (System.nanoTime() - end < 0);
  }

  /**
   * Watches the value for {@link #QUIET} and fails as soon as it is not {@code expected}.
   *
   * @param what the value, for the failure message
   * @param value the value
   * @param expected what it must stay at
   * @param <T> the value type
   * @throws AssertionError as soon as it is not {@code expected}
   */
  public static <T> void staysAt(String what, Supplier<T> value, T expected) {
    long end = System.nanoTime() + QUIET.toNanos();
    do {
      assertThat(value.get()).as(what).isEqualTo(expected);
      pause();
    } while (System.nanoTime() < end);
    assertThat(value.get()).as(what).isEqualTo(expected);
  }

  /**
   * Checks that the future is still pending after {@link #QUIET}.
   *
   * @param what the future, for the failure message
   * @param future the future
   * @throws AssertionError as soon as it completes
   */
  public static void staysPending(String what, CompletableFuture<?> future) {
    staysAt(what + " is pending", future::isDone, false);
  }

  /**
   * Waits until the value has not changed for {@link #QUIET}, for at most {@link #TIMEOUT}.
   *
   * @param what the value, for the failure message
   * @param value the value
   * @param <T> the value type
   * @throws AssertionError if it keeps changing for {@link #TIMEOUT}
   */
  public static <T> T settled(String what, Supplier<T> value) {
    long end = System.nanoTime() + TIMEOUT.toNanos();
    T last = value.get();
    long quietSince = System.nanoTime();
    while (System.nanoTime() - quietSince < QUIET.toNanos()) {
      if (System.nanoTime() > end) {
        fail("%s still changing after %s: %s", what, TIMEOUT, last);
      }
      pause();
      T now = value.get();
      if (!now.equals(last)) {
        last = now;
        quietSince = System.nanoTime();
      }
    }
    return last;
  }

  /**
   * Polls {@code value} until it has not changed for {@code quiet}: for waiting until a producer
   * has stalled.
   *
   * @param what the value, for the failure message
   * @param quiet how long it must stay unchanged
   * @param value the value
   * @throws AssertionError if it keeps changing for {@link #TIMEOUT}
   */
  public static long stable(String what, Duration quiet, LongSupplier value) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    long last = value.getAsLong();
    long lastChange = System.nanoTime();
    while (true) {
      pause();
      long now = System.nanoTime();
      long current = value.getAsLong();
      if (current != last) {
        last = current;
        lastChange = now;
      } else if (now - lastChange >= quiet.toNanos()) {
        return current;
      }
      if (now - deadline > 0) {
        fail("Still changing after " + TIMEOUT + ": " + what + " (now " + current + ")");
      }
    }
  }

  /**
   * Strips the wrappers a future puts around an exception.
   *
   * @param t an exception
   * @return {@code t} without {@link ExecutionException} and {@link CompletionException} wrappers
   */
  public static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static void pause() {
    try {
      Thread.sleep(POLL_MILLIS); // polling interval of a bounded wait, not a wait for an event
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
