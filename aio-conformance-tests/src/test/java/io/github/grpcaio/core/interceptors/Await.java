package io.github.grpcaio.core.interceptors;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Bounded waits for the interceptor tests. */
final class Await {

  static final long SECONDS = 10;

  private Await() {}

  /** Waits for {@code future} to fail and returns its exception, without wrappers. */
  static Throwable failure(CompletableFuture<?> future) {
    try {
      Object value = future.get(SECONDS, TimeUnit.SECONDS);
      throw new AssertionError("Expected a failure, got " + value);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (CancellationException e) {
      return e;
    } catch (TimeoutException e) {
      throw new AssertionError("Not complete after " + SECONDS + "s: " + future);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Waits for the latch. */
  static void latch(CountDownLatch latch, String what) {
    try {
      if (!latch.await(SECONDS, TimeUnit.SECONDS)) {
        throw new AssertionError("Not after " + SECONDS + "s: " + what);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
