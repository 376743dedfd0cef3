package io.github.grpcaio.core.internal.client;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.github.grpcaio.Call;
import io.github.grpcaio.core.internal.Statuses;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The outcome of an intercepted call's interceptor chain, decided once: the chain's call, or a
 * failure. Until then it holds the real calls the chain started (cancelled if it fails) and what
 * the caller did meanwhile, which {@link #drain()} forwards in order once decided. Thread-safe: one
 * lock (this object), never held while a call or user code runs.
 *
 * @param <C> the call type of the kind
 */
final class ChainDecision<C extends Call> {

  /**
   * How the chain ended: exactly one of the fields is non-null.
   *
   * @param call the call the chain came back with
   * @param failure why the chain failed or was given up
   * @param <C> the call type of the kind
   */
  record Outcome<C>(C call, Throwable failure) {}

  @GuardedBy("this")
  private Outcome<C> decided; // null while pending

  @GuardedBy("this")
  private boolean drained; // every queued action ran; later ones run at once

  @GuardedBy("this")
  private List<Runnable> queued = new ArrayList<>();

  @GuardedBy("this")
  private final List<Call> attempts = new ArrayList<>();

  /** The outcome, or null while pending. */
  synchronized Outcome<C> now() {
    return decided;
  }

  /** Whether the outcome is decided. */
  synchronized boolean isDecided() {
    return decided != null;
  }

  /**
   * Decides the outcome if nothing was decided yet; a failure cancels the calls the chain started.
   * Any thread.
   *
   * @return true if this decided the outcome
   */
  boolean decide(Outcome<C> outcome) {
    List<Call> toCancel;
    synchronized (this) {
      if (decided != null) {
        return false;
      }
      decided = outcome;
      toCancel = outcome.failure != null ? new ArrayList<>(attempts) : List.of();
      attempts.clear();
    }
    for (Call call : toCancel) {
      call.cancel();
    }
    return true;
  }

  /**
   * Keeps a real call the chain started, to cancel it if the chain fails.
   *
   * @return false if the outcome was decided before: the caller then cancels the call
   */
  synchronized boolean addAttempt(Call call) {
    if (decided != null) {
      return false;
    }
    attempts.add(call);
    return true;
  }

  /** Runs what was queued while pending, in order, and what is queued meanwhile. Once decided. */
  void drain() {
    while (true) {
      List<Runnable> batch;
      synchronized (this) {
        if (queued.isEmpty()) {
          drained = true;
          queued = null;
          return;
        }
        batch = queued;
        queued = new ArrayList<>();
      }
      for (Runnable action : batch) {
        action.run();
      }
    }
  }

  /**
   * Runs {@code onCall} with the chain's call, or {@code onFailure} with the chain's failure: at
   * once on the calling thread if everything queued before has been forwarded (exceptions then
   * propagate to the caller), else later, from {@link #drain()}, in the order queued (an exception
   * thrown by {@code onCall} then goes to {@code onFailure}).
   */
  void whenDecided(Consumer<? super C> onCall, Consumer<Throwable> onFailure) {
    Outcome<C> outcome;
    synchronized (this) {
      if (!drained) {
        queued.add(
            () -> {
              Outcome<C> d = now();
              if (d.call != null) {
                try {
                  onCall.accept(d.call);
                } catch (Throwable t) {
                  onFailure.accept(t);
                }
              } else {
                onFailure.accept(d.failure);
              }
            });
        return;
      }
      outcome = decided;
    }
    if (outcome.call != null) {
      onCall.accept(outcome.call);
    } else {
      onFailure.accept(outcome.failure);
    }
  }

  /**
   * Applies {@code operation} to the chain's call once decided, returning a future for its result;
   * the chain's failure fails the future.
   */
  <T> CompletableFuture<T> forward(Function<? super C, CompletableFuture<T>> operation) {
    Outcome<C> outcome;
    synchronized (this) {
      outcome = drained ? decided : null;
    }
    if (outcome != null && outcome.call != null) {
      return operation.apply(outcome.call); // the common case once decided: the call's own future
    }
    CompletableFuture<T> result = new CompletableFuture<>();
    whenDecided(call -> relay(operation.apply(call), result), result::completeExceptionally);
    return result;
  }

  /**
   * Forwards a read like {@link #forward}, except that a read the caller gives up on (completes or
   * cancels its future) while the chain runs or before the chain's call has answered it takes no
   * message, which goes to the next read: the chain's read is then not made, or completes the
   * caller's future itself (or, on a call of another implementation, is cancelled).
   */
  <T> CompletableFuture<Optional<T>> forwardRead(
      Function<? super C, CompletableFuture<Optional<T>>> read) {
    Outcome<C> outcome;
    synchronized (this) {
      outcome = drained ? decided : null;
    }
    if (outcome != null && outcome.call != null) {
      return read.apply(outcome.call); // once decided: the call's own read
    }
    CompletableFuture<Optional<T>> result = new CompletableFuture<>();
    whenDecided(
        call -> {
          if (result.isDone()) {
            return; // given up on while the chain ran: read nothing
          }
          if (call instanceof ReadsInto<?> own) {
            // This library's call: it completes the caller's future itself, so that a message
            // goes to a read only if the caller has not given up on it, atomically.
            @SuppressWarnings("unchecked") // the chain's call has this call's response type
            ReadsInto<T> reader = (ReadsInto<T>) own;
            reader.readInto(result);
            return;
          }
          // Another implementation (an interceptor's wrapper): give up on its read too. A message
          // it took at the very moment the caller gave up is lost with it.
          CompletableFuture<Optional<T>> inner = read.apply(call);
          result.whenComplete((value, error) -> inner.cancel(false)); // no-op once inner is done
          relay(inner, result);
        },
        result::completeExceptionally);
    return result;
  }

  /** Completes {@code to} as {@code from} completes, with a wrapped error unwrapped. */
  private static <T> void relay(CompletionStage<? extends T> from, CompletableFuture<T> to) {
    from.whenComplete(
        (value, error) -> {
          if (error != null) {
            to.completeExceptionally(Statuses.unwrap(error));
          } else {
            to.complete(value);
          }
        });
  }
}
