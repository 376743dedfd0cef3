package io.github.grpcaio.core.internal.client;

import io.github.grpcaio.Call;
import io.github.grpcaio.UsageError;
import io.github.grpcaio.core.internal.FieldHandles;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The response future of a call. The library completes it with {@link #succeed} and {@link #fail}
 * when the RPC ends. A caller that completes it from outside ({@link #cancel}, {@link #complete},
 * {@link #completeExceptionally}, {@link #completeAsync}, and so the timers of {@code orTimeout}
 * and {@code completeOnTimeout}) gives up on the RPC, as Python's {@code asyncio.wait_for} does:
 * the RPC is cancelled, then the future takes the caller's value at once, on the caller's thread.
 *
 * <p>Who wins: the RPC's outcome is decided once, by compare-and-set in the call ({@link
 * Call#cancel()} returns true for the one that decided it). An outside completion first tries to
 * decide it as a local cancel. If the outcome was already decided otherwise (the status arrived, or
 * a local failure), the completion is refused and the response is left to arrive, even if it has
 * not been delivered yet, so that the future always agrees with {@code code()}. If the outcome is
 * (or already was) a local cancel, the outside completion completes the future: the library's own
 * {@link CancellationException}, which that cancel triggers and which another thread may deliver
 * before the outside completion gets to complete, steps aside while one is in progress.
 *
 * <p>{@code obtrudeValue} and {@code obtrudeException} throw {@link UsageError}: a response, once
 * given, is not replaced under its other readers. Futures derived from this one ({@code thenApply},
 * ...) are plain {@link CompletableFuture}s, whose completion does not reach the RPC, as usual for
 * dependents. Thread-safe.
 *
 * @param <T> the response type
 */
final class CallFuture<T> extends CompletableFuture<T> {

  private static final VarHandle OUTSIDE_COMPLETIONS =
      FieldHandles.of(MethodHandles.lookup(), "outsideCompletions", int.class);

  private final Call rpc;

  // Outside completions in progress, from any thread, counted through OUTSIDE_COMPLETIONS. While
  // there is one, the library's CancellationException steps aside (see fail).
  @SuppressWarnings("unused")
  private volatile int outsideCompletions;

  CallFuture(Call rpc) {
    this.rpc = rpc;
  }

  /**
   * Cancels the RPC if its outcome is not decided yet, and then completes this future with a {@link
   * CancellationException} at once. Refused once the outcome was decided otherwise.
   *
   * @return true if this future is now cancelled
   */
  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    completeFromOutside(
        () -> super.completeExceptionally(new CancellationException(ClientRpc.LOCALLY_CANCELLED)));
    return isCancelled();
  }

  /** Cancels the RPC and completes with {@code value}, unless the outcome was decided first. */
  @Override
  public boolean complete(T value) {
    return completeFromOutside(() -> super.complete(value));
  }

  /** Cancels the RPC and completes with {@code ex}, unless the outcome was decided first. */
  @Override
  public boolean completeExceptionally(Throwable ex) {
    Objects.requireNonNull(ex, "ex");
    return completeFromOutside(() -> super.completeExceptionally(ex));
  }

  /**
   * Runs {@code supplier} on {@code executor} and completes with its result (or exception) as
   * {@link #complete} does: the JDK's own implementation would complete the future without going
   * through {@link #complete}, and so without cancelling the RPC.
   */
  @Override
  public CompletableFuture<T> completeAsync(Supplier<? extends T> supplier, Executor executor) {
    Objects.requireNonNull(supplier, "supplier");
    Objects.requireNonNull(executor, "executor");
    executor.execute(
        () -> {
          if (isDone()) {
            return;
          }
          T value;
          try {
            value = supplier.get();
          } catch (Throwable t) {
            completeExceptionally(t);
            return;
          }
          complete(value);
        });
    return this;
  }

  @Override
  public void obtrudeValue(T value) {
    throw new UsageError("The response of an RPC cannot be replaced");
  }

  @Override
  public void obtrudeException(Throwable ex) {
    throw new UsageError("The response of an RPC cannot be replaced");
  }

  @Override
  public <U> CompletableFuture<U> newIncompleteFuture() {
    return new CompletableFuture<>();
  }

  /**
   * Decides the RPC's outcome as a local cancel if nothing was decided yet; then, if the outcome is
   * a local cancel (by this call or an earlier one), runs {@code completion}. No lock is held.
   *
   * @return true if {@code completion} completed this future; false if it was complete already or
   *     the RPC's outcome was decided otherwise (the response is then on its way)
   */
  private boolean completeFromOutside(BooleanSupplier completion) {
    if (isDone()) {
      return false;
    }
    OUTSIDE_COMPLETIONS.getAndAdd(this, 1);
    try {
      return (rpc.cancel() || rpc.cancelled()) && completion.getAsBoolean();
    } finally {
      OUTSIDE_COMPLETIONS.getAndAdd(this, -1);
    }
  }

  /** Completes with the RPC's response. For the library only. */
  void succeed(T value) {
    super.complete(value);
  }

  /**
   * Completes with the RPC's failure. For the library only. A {@link CancellationException} (the
   * outcome is a local cancel) steps aside while an outside completion is in progress: that one
   * sees the local cancel, and so completes the future itself, with what its caller gave.
   */
  void fail(Throwable error) {
    if (error instanceof CancellationException && (int) OUTSIDE_COMPLETIONS.getVolatile(this) > 0) {
      return;
    }
    super.completeExceptionally(error);
  }
}
