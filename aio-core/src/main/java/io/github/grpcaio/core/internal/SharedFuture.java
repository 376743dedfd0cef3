package io.github.grpcaio.core.internal;

import io.github.grpcaio.UsageError;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The one future every caller of an idempotent operation gets (closing a channel, stopping a
 * server), so it is read-only for them: what one caller does to it must not change what the others
 * see, nor the operation. {@link #cancel}, {@link #complete} and {@link #completeExceptionally}
 * return false and do nothing; {@code obtrude*} and {@code completeAsync} throw {@link UsageError};
 * {@link #orTimeout} and {@link #completeOnTimeout} return a new future with the timeout, as they
 * cannot time this one out. Everything else (waiting, dependents, {@link #copy()}) works as usual,
 * and dependents are plain {@link CompletableFuture}s. Only the library completes it, through
 * {@link #succeed}.
 *
 * @param <T> the value type
 */
final class SharedFuture<T> extends CompletableFuture<T> {

  private static final String SHARED =
      "This future is shared by every caller and completed by the library only;"
          + " use copy() for a future of your own";

  /**
   * Completes this future; only the first call has an effect. For the library only.
   *
   * @param value the value
   */
  void succeed(T value) {
    super.complete(value);
  }

  /** Does nothing: other callers share this future. */
  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    return false;
  }

  /** Does nothing: other callers share this future. */
  @Override
  public boolean complete(T value) {
    return false;
  }

  /** Does nothing: other callers share this future. */
  @Override
  public boolean completeExceptionally(Throwable ex) {
    return false;
  }

  /** Refused: other callers share this future. */
  @Override
  public void obtrudeValue(T value) {
    throw new UsageError(SHARED);
  }

  /** Refused: other callers share this future. */
  @Override
  public void obtrudeException(Throwable ex) {
    throw new UsageError(SHARED);
  }

  /** Refused: other callers share this future. */
  @Override
  public CompletableFuture<T> completeAsync(Supplier<? extends T> supplier, Executor executor) {
    throw new UsageError(SHARED);
  }

  /** Refused: other callers share this future. */
  @Override
  public CompletableFuture<T> completeAsync(Supplier<? extends T> supplier) {
    throw new UsageError(SHARED);
  }

  /** Returns a new future that fails with a timeout, or completes as this one does. */
  @Override
  public CompletableFuture<T> orTimeout(long timeout, TimeUnit unit) {
    return copy().orTimeout(timeout, unit);
  }

  /** Returns a new future that gets {@code value} after a timeout, or completes as this one. */
  @Override
  public CompletableFuture<T> completeOnTimeout(T value, long timeout, TimeUnit unit) {
    return copy().completeOnTimeout(value, timeout, unit);
  }

  @Override
  public <U> CompletableFuture<U> newIncompleteFuture() {
    return new CompletableFuture<>();
  }
}
