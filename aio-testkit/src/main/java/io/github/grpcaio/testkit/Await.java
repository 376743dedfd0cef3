package io.github.grpcaio.core;

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
 * Bounded waits: every wait of these tests that is not on an RPC outcome ({@code
 * AioAssertions.assertThatRpc}) or a stream ({@code TestSubscriber}) goes through here, so none can
 * hang. Static methods only; callable from any test thread.
 */
public final class Await {

  /** How long anything that should happen may take. */
  public static final Duration TIMEOUT = Duration.ofSeconds(10);

  /** How long we watch for something that must not happen. */
  public static final Duration QUIET = Duration.ofMillis(300);

  private static final long POLL_MILLIS = 5;

  private Await() {}

  /** Waits for the future's value within {@link #TIMEOUT}; fails the test otherwise. */
  public static <T> T result(CompletableFuture<T> future) {
    return result(future, TIMEOUT);
  }

  /** Waits for the future's value within {@code timeout}; fails the test otherwise. */
  public static <T> T result(CompletableFuture<T> future, Duration timeout) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError("Expected a value, got " + e.getCause(), e.getCause());
    } catch (CancellationException e) {
      throw new AssertionError("Expected a value, got " + e, e);
    } catch (TimeoutException e) {
      throw new AssertionError("Timed out after " + timeout + " waiting for " + future, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /**
   * Waits for {@code future} to complete.
   *
   * @return null if it succeeded, else its exception (a {@link CancellationException} as such,
   *     other exceptions without the {@link ExecutionException} and {@link CompletionException}
   *     wrappers)
   */
  public static Throwable outcome(CompletableFuture<?> future) {
    try {
      future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      return null;
    } catch (ExecutionException e) {
      return unwrap(e.getCause());
    } catch (CancellationException e) {
      return e;
    } catch (TimeoutException e) {
      throw new AssertionError("Timed out after " + TIMEOUT + " waiting for " + future, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Waits for the future to fail and returns why, unwrapped as by {@link #outcome}. */
  public static Throwable failure(CompletableFuture<?> future) {
    Throwable error = outcome(future);
    if (error == null) {
      fail("Expected a failure, got the value " + future.join());
    }
    return error;
  }

  /** Waits for the future to fail with an {@link AioRpcError} and returns it. */
  public static AioRpcError rpcError(CompletableFuture<?> future) {
    Throwable t = failure(future);
    assertThat(t).isInstanceOf(AioRpcError.class);
    return (AioRpcError) t;
  }

  /** Takes the next element of {@code queue}, waiting at most {@link #TIMEOUT}. */
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

  /** Waits for the latch. */
  public static void latch(CountDownLatch latch) {
    latch(latch, "a latch at " + latch.getCount());
  }

  /** Waits for the latch; {@code what} names it in the failure. */
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

  /** Polls {@code condition} until it holds; fails after {@link #TIMEOUT}. */
  public static void until(String what, BooleanSupplier condition) {
    until(what, TIMEOUT, condition);
  }

  /** Polls {@code condition} until it holds; fails after {@code timeout}. */
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

  /** Watches the value for {@link #QUIET} and fails as soon as it is not {@code expected}. */
  public static <T> void staysAt(String what, Supplier<T> value, T expected) {
    long end = System.nanoTime() + QUIET.toNanos();
    do {
      assertThat(value.get()).as(what).isEqualTo(expected);
      pause();
    } while (System.nanoTime() < end);
    assertThat(value.get()).as(what).isEqualTo(expected);
  }

  /** Checks that the future is still pending after {@link #QUIET}. */
  public static void staysPending(String what, CompletableFuture<?> future) {
    staysAt(what + " is pending", future::isDone, false);
  }

  /**
   * Waits until the value has not changed for {@link #QUIET} (bounded by {@link #TIMEOUT}) and
   * returns it.
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
   * Polls {@code value} until it has not changed for {@code quiet}, and returns it: for waiting
   * until a producer has stalled. Fails if it keeps changing for {@link #TIMEOUT}.
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

  /** {@code t} without {@link ExecutionException} and {@link CompletionException} wrappers. */
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
