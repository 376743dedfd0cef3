package io.github.grpcaio.core.client;

import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/** Bounded waits: every wait in the client tests ends within {@link #TIMEOUT}. */
final class Await {

  /** How long anything that should happen may take. */
  static final Duration TIMEOUT = Duration.ofSeconds(5);

  private static final long POLL_MILLIS = 5;

  private Await() {}

  /** Waits for {@code future} to succeed and returns its value. */
  static <T> T get(CompletableFuture<T> future) {
    return get(future, TIMEOUT);
  }

  /** Waits up to {@code timeout} for {@code future} to succeed and returns its value. */
  static <T> T get(CompletableFuture<T> future, Duration timeout) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError("Expected success, got " + e.getCause(), e.getCause());
    } catch (CancellationException e) {
      throw new AssertionError("Expected success, got " + e, e);
    } catch (TimeoutException e) {
      throw new AssertionError("Not complete after " + timeout + ": " + future);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /**
   * Waits for {@code future} to complete.
   *
   * @return null if it succeeded, else its exception (a {@link CancellationException} as such,
   *     other exceptions without the {@link CompletionException} wrapper)
   */
  static Throwable outcome(CompletableFuture<?> future) {
    try {
      future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      return null;
    } catch (ExecutionException e) {
      return unwrap(e.getCause());
    } catch (CancellationException e) {
      return e;
    } catch (TimeoutException e) {
      throw new AssertionError("Not complete after " + TIMEOUT + ": " + future);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Waits for {@code future} to fail and returns its exception (see {@link #outcome}). */
  static Throwable failure(CompletableFuture<?> future) {
    Throwable error = outcome(future);
    if (error == null) {
      fail("Expected a failure, got " + future.join());
    }
    return error;
  }

  /** Waits for {@code latch}. */
  static void await(CountDownLatch latch, String what) {
    try {
      if (!latch.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        fail("Not after " + TIMEOUT + ": " + what);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Polls {@code condition} until it holds; fails after {@link #TIMEOUT}. */
  static void until(String what, BooleanSupplier condition) {
    until(what, TIMEOUT, condition);
  }

  /** Polls {@code condition} until it holds; fails after {@code timeout}. */
  static void until(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        fail("Not after " + timeout + ": " + what);
      }
      pause();
    }
  }

  /**
   * Checks that {@code condition} holds throughout {@code period}, polling. Only for asserting that
   * something does <em>not</em> happen, which cannot be awaited.
   */
  static void holdsFor(Duration period, String what, BooleanSupplier condition) {
    long end = System.nanoTime() + period.toNanos();
    do {
      if (!condition.getAsBoolean()) {
        fail("Stopped holding within " + period + ": " + what);
      }
      pause();
    } while (System.nanoTime() - end < 0);
  }

  /**
   * Polls {@code value} until it has not changed for {@code quiet}, and returns it: for waiting
   * until a producer has stalled. Fails if it keeps changing for {@link #TIMEOUT}.
   */
  static long stable(String what, Duration quiet, LongSupplier value) {
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

  private static void pause() {
    try {
      Thread.sleep(POLL_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static Throwable unwrap(Throwable t) {
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
