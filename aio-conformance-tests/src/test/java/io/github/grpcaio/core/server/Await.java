package io.github.grpcaio.core.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.github.grpcaio.AioRpcError;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Bounded waits. Every wait in these tests goes through here, so none can hang. */
final class Await {

  /** How long anything that should happen may take. */
  static final Duration TIMEOUT = Duration.ofSeconds(10);

  /** How long we watch for something that must not happen. */
  static final Duration QUIET = Duration.ofMillis(300);

  private Await() {}

  /** Waits for the future's value; fails the test on timeout or failure. */
  static <T> T result(CompletableFuture<T> future) {
    try {
      return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError("Expected a value, got " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("Timed out after " + TIMEOUT + " waiting for " + future, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /**
   * Waits for the future to fail and returns why, without the {@link ExecutionException} and {@link
   * CompletionException} wrappers. A cancelled future gives its {@link CancellationException}.
   */
  static Throwable failure(CompletableFuture<?> future) {
    try {
      Object value = future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      throw new AssertionError("Expected a failure, got the value " + value);
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

  /** Waits for the future to fail with an {@link AioRpcError} and returns it. */
  static AioRpcError rpcError(CompletableFuture<?> future) {
    Throwable t = failure(future);
    assertThat(t).isInstanceOf(AioRpcError.class);
    return (AioRpcError) t;
  }

  /** Waits for the latch. */
  static void latch(CountDownLatch latch) {
    try {
      if (!latch.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        fail("Timed out after " + TIMEOUT + " waiting for a latch at " + latch.getCount());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Polls until the condition holds. */
  static void until(String what, BooleanSupplier condition) {
    long end = System.nanoTime() + TIMEOUT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        fail("Timed out after " + TIMEOUT + " waiting until " + what);
      }
      pause();
    }
  }

  /** Watches the value for {@link #QUIET} and fails as soon as it is not {@code expected}. */
  static <T> void staysAt(String what, Supplier<T> value, T expected) {
    long end = System.nanoTime() + QUIET.toNanos();
    do {
      assertThat(value.get()).as(what).isEqualTo(expected);
      pause();
    } while (System.nanoTime() < end);
    assertThat(value.get()).as(what).isEqualTo(expected);
  }

  /**
   * Waits until the value has not changed for {@link #QUIET} (bounded by {@link #TIMEOUT}) and
   * returns it.
   */
  static <T> T settled(String what, Supplier<T> value) {
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

  /** Checks that the future is still pending after {@link #QUIET}. */
  static void staysPending(String what, CompletableFuture<?> future) {
    staysAt(what + " is pending", future::isDone, false);
  }

  private static void pause() {
    try {
      Thread.sleep(5); // polling interval of a bounded wait, not a wait for an event
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
