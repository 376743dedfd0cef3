package io.github.grpcaio;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Blocks for a stage the way Python's {@code await} raises: the failure itself, never a future's
 * wrapper; and finds an {@link AioRpcError} inside wrapped exceptions. Stateless.
 */
final class Awaiting {

  private Awaiting() {}

  /**
   * Waits for {@code stage}, bounded by {@code timeout} if not null. If {@code giveUp} and the wait
   * ends on a timeout or an interrupt, the future is cancelled (a call's response future then
   * cancels its RPC, unless the outcome was already decided, which a timeout then waits for).
   */
  static <T> T await(CompletionStage<T> stage, Duration timeout, boolean giveUp) {
    CompletableFuture<T> future = stage.toCompletableFuture();
    try {
      return timeout == null ? future.get() : future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      throw unwrapped(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      if (giveUp) {
        future.cancel(false);
      }
      CancellationException cancelled =
          new CancellationException("Interrupted while waiting for the RPC");
      cancelled.initCause(e);
      throw cancelled;
    } catch (TimeoutException e) {
      if (giveUp && !future.cancel(false) && !future.isCancelled()) {
        return await(future, null, false); // decided just now: its outcome is on its way
      }
      throw new AioRpcError(
          StatusCode.DEADLINE_EXCEEDED,
          null,
          null,
          "Deadline Exceeded: no outcome within " + timeout,
          "DEADLINE_EXCEEDED: waited " + timeout,
          e);
    }
  }

  static Duration positive(Duration timeout) {
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
    return timeout;
  }

  /** The failure to throw for a stage's exceptional outcome: unchecked ones as they are. */
  private static RuntimeException unwrapped(Throwable failure) {
    Throwable t = failure;
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof RuntimeException r) {
      return r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    return new CompletionException(t);
  }

  /** The first AioRpcError in {@code error}, its causes and suppressed exceptions, or null. */
  static AioRpcError find(Throwable error) {
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<Throwable> pending = new ArrayDeque<>();
    if (error != null) {
      pending.add(error);
    }
    while (!pending.isEmpty()) {
      Throwable t = pending.poll();
      if (!seen.add(t)) {
        continue; // a cycle in the chain
      }
      if (t instanceof AioRpcError e) {
        return e;
      }
      if (t.getCause() != null) {
        pending.add(t.getCause());
      }
      for (Throwable s : t.getSuppressed()) {
        pending.add(s);
      }
    }
    return null;
  }
}
