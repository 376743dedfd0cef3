package io.github.grpcaio.core.internal;

import io.github.grpcaio.UsageError;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A future that only the library completes: what a call's {@code code()}, {@code details()}, {@code
 * initialMetadata()}, {@code trailingMetadata()} and {@code debugErrorString()} return. One such
 * future is shared by everyone who asks, so no reader may change what the others see.
 *
 * <p>The methods that would complete it from outside ({@code complete}, {@code
 * completeExceptionally}, {@code completeAsync}, {@code obtrudeValue}, {@code obtrudeException})
 * throw {@link UsageError}, as the JDK's {@link CompletableFuture#minimalCompletionStage() minimal
 * stage} refuses them. {@link #cancel} returns false and changes nothing, as the {@link
 * java.util.concurrent.Future} contract allows for a task that cannot be cancelled. {@link
 * #orTimeout} and {@link #completeOnTimeout} return a new future bounded as asked, leaving this one
 * unchanged, so that {@code code().orTimeout(...).join()} works as it reads. Dependents ({@code
 * thenApply}, ...) are ordinary futures. Thread-safe.
 *
 * @param <T> the value type
 */
final class ReadOnlyFuture<T> extends CompletableFuture<T> {

  static final String READ_ONLY =
      "This future is shared by all readers of the call and completes only when the RPC ends;"
          + " cancel the call with Call.cancel(), or bound a wait with orTimeout(...)";

  /**
   * Completes this future, once {@code source} completes, with {@code derive} of its value, or with
   * its exception. For the library only: the dependent runs where {@code source} completes.
   *
   * @param source the stage to follow
   * @param derive turns its value into this future's
   * @param <S> the source's value type
   */
  <S> void derive(CompletionStage<S> source, Function<? super S, ? extends T> derive) {
    source.whenComplete(
        (value, error) -> {
          if (error != null) {
            super.completeExceptionally(Statuses.unwrap(error));
            return;
          }
          T derived;
          try {
            derived = derive.apply(value);
          } catch (Throwable t) {
            super.completeExceptionally(t);
            return;
          }
          super.complete(derived);
        });
  }

  @Override
  public boolean complete(T value) {
    throw new UsageError(READ_ONLY);
  }

  @Override
  public boolean completeExceptionally(Throwable ex) {
    throw new UsageError(READ_ONLY);
  }

  @Override
  public CompletableFuture<T> completeAsync(Supplier<? extends T> supplier, Executor executor) {
    throw new UsageError(READ_ONLY);
  }

  @Override
  public CompletableFuture<T> completeAsync(Supplier<? extends T> supplier) {
    throw new UsageError(READ_ONLY);
  }

  @Override
  public void obtrudeValue(T value) {
    throw new UsageError(READ_ONLY);
  }

  @Override
  public void obtrudeException(Throwable ex) {
    throw new UsageError(READ_ONLY);
  }

  /** Changes nothing: the future completes when the RPC ends. */
  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    return false;
  }

  /** Returns a new future that fails with a timeout if this one is not complete in time. */
  @Override
  public CompletableFuture<T> orTimeout(long timeout, TimeUnit unit) {
    return copy().orTimeout(timeout, unit);
  }

  /** Returns a new future that takes {@code value} if this one is not complete in time. */
  @Override
  public CompletableFuture<T> completeOnTimeout(T value, long timeout, TimeUnit unit) {
    return copy().completeOnTimeout(value, timeout, unit);
  }

  @Override
  public <U> CompletableFuture<U> newIncompleteFuture() {
    return new CompletableFuture<>();
  }
}
