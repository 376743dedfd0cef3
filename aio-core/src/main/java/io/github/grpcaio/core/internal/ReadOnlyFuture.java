package io.github.grpcaio.core.internal;

import io.github.grpcaio.UsageError;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A future that only the library completes, shared by everyone who asks, so that no reader may
 * change what the others see: what a call's {@code code()}, {@code details()}, {@code
 * initialMetadata()}, {@code trailingMetadata()} and {@code debugErrorString()} return, and what
 * every {@code Channel.closeAsync} and {@code Server.stop} returns.
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
public final class ReadOnlyFuture<T> extends CompletableFuture<T> {

  /** Why a call's accessor future refuses to be completed from outside. */
  static final String READ_ONLY =
      "This future is shared by all readers of the call and completes only when the RPC ends;"
          + " cancel the call with Call.cancel(), or bound a wait with orTimeout(...)";

  /** Why a channel's close future or a server's stop future refuses to be completed. */
  public static final String SHARED_CLOSE =
      "This future is shared by every caller and completes only when the close or stop has"
          + " ended; bound a wait with orTimeout(...)";

  private final String refusal;

  /** Creates a call accessor's future. */
  public ReadOnlyFuture() {
    this(READ_ONLY);
  }

  /**
   * Creates a future whose outside completion is refused with {@code refusal}.
   *
   * @param refusal the message of the {@link UsageError} a caller that tries gets
   */
  public ReadOnlyFuture(String refusal) {
    this.refusal = refusal;
  }

  /**
   * Completes this future with {@code value}; only the first completion has an effect. For the
   * library only.
   *
   * @param value the value
   */
  public void succeed(T value) {
    super.complete(value);
  }

  /**
   * Completes this future, once {@code source} completes, with {@code derive} of its value, or with
   * its exception. For the library only: the dependent runs where {@code source} completes.
   *
   * @param source the stage to follow
   * @param derive turns its value into this future's
   * @param <S> the source's value type
   */
  public <S> void derive(CompletionStage<S> source, Function<? super S, ? extends T> derive) {
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
    throw new UsageError(refusal);
  }

  @Override
  public boolean completeExceptionally(Throwable ex) {
    throw new UsageError(refusal);
  }

  @Override
  public CompletableFuture<T> completeAsync(Supplier<? extends T> supplier, Executor executor) {
    throw new UsageError(refusal);
  }

  @Override
  public CompletableFuture<T> completeAsync(Supplier<? extends T> supplier) {
    throw new UsageError(refusal);
  }

  @Override
  public void obtrudeValue(T value) {
    throw new UsageError(refusal);
  }

  @Override
  public void obtrudeException(Throwable ex) {
    throw new UsageError(refusal);
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
