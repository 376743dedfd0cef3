package io.github.grpcaio.core.options;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Bounded waits. Every wait in these tests goes through here, so none can hang. */
final class Await {

  /** How long anything that should happen may take. */
  static final Duration TIMEOUT = Duration.ofSeconds(10);

  private Await() {}

  /** Waits for the future's value within {@link #TIMEOUT}; fails the test otherwise. */
  static <T> T result(CompletableFuture<T> future) {
    return result(future, TIMEOUT);
  }

  /** Waits for the future's value within {@code timeout}; fails the test otherwise. */
  static <T> T result(CompletableFuture<T> future, Duration timeout) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError("Expected a value, got " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("Timed out after " + timeout + " waiting for " + future, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Waits for the future to fail and returns why, unwrapped. */
  static Throwable failure(CompletableFuture<?> future) {
    try {
      Object value = future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      throw new AssertionError("Expected a failure, got the value " + value);
    } catch (ExecutionException e) {
      Throwable t = e.getCause();
      while (t instanceof CompletionException && t.getCause() != null) {
        t = t.getCause();
      }
      return t;
    } catch (CancellationException e) {
      return e;
    } catch (TimeoutException e) {
      throw new AssertionError("Timed out after " + TIMEOUT + " waiting for " + future, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
