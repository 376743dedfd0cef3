package io.github.grpcaio;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The loop behind {@code forEach} on a response stream and {@code forEachRequest} on a servicer
 * context: reads one message, hands it to the action, waits for the stage the action returned, then
 * reads the next, until the end of the stream. Each read asks the transport for one message, so the
 * sender is held back exactly as far as the action is behind.
 *
 * <p>The loop runs one step at a time, each started by the completion of the one before (a read or
 * an action's stage); a step whose future is already complete continues on the same thread in a
 * {@code while} loop instead of recursing, so the stack stays flat however long the stream.
 *
 * @param <T> the message type
 */
final class ForEachLoop<T> {

  private static final CompletableFuture<Void> HANDLED = CompletableFuture.completedFuture(null);

  private final Supplier<CompletableFuture<Optional<T>>> reads;
  private final Function<? super T, ? extends CompletionStage<?>> action;
  private final Runnable stop; // ends the RPC when the loop gives up early: cancels a client call
  private final CompletableFuture<Void> result = new CompletableFuture<>();

  // The read in progress, so that a caller who cancels the result also abandons it (a server read
  // abandoned takes no message). Written by the loop's current step, read by a cancelling thread.
  private volatile CompletableFuture<Optional<T>> pending;

  private ForEachLoop(
      Supplier<CompletableFuture<Optional<T>>> reads,
      Function<? super T, ? extends CompletionStage<?>> action,
      Runnable stop) {
    this.reads = reads;
    this.action = action;
    this.stop = stop;
  }

  /**
   * Runs {@code action} on every message {@code reads} gives, one at a time.
   *
   * @param reads the stream's {@code read()}: the first call happens here, so that its {@link
   *     UsageError} is thrown to the caller
   * @param action what to do with each message; the next read waits for its stage
   * @param stop run when the loop ends early (the action threw or failed, or the result was
   *     cancelled)
   * @return a future completing when the stream ended and every action completed, or exceptionally
   *     with the stream's error or the action's
   */
  static <T> CompletableFuture<Void> run(
      Supplier<CompletableFuture<Optional<T>>> reads,
      Function<? super T, ? extends CompletionStage<?>> action,
      Runnable stop) {
    Objects.requireNonNull(action, "action");
    ForEachLoop<T> loop = new ForEachLoop<>(reads, action, stop);
    CompletableFuture<Optional<T>> first = reads.get();
    loop.result.whenComplete(
        (ignored, error) -> {
          if (loop.result.isCancelled()) {
            CompletableFuture<Optional<T>> read = loop.pending;
            if (read != null) {
              read.cancel(false);
            }
            stop.run();
          }
        });
    loop.loop(first);
    return loop.result;
  }

  /** Makes an action that runs {@code consumer} and is done when it returns. */
  static <T> Function<T, CompletionStage<?>> synchronous(Consumer<? super T> consumer) {
    Objects.requireNonNull(consumer, "action");
    return message -> {
      consumer.accept(message);
      return HANDLED;
    };
  }

  /** Runs steps on this thread while their futures are already complete. */
  private void loop(CompletableFuture<Optional<T>> read) {
    while (true) {
      pending = read;
      if (!whenDone(read, this::resumeAfterRead)) {
        return; // the read's completion continues the loop
      }
      CompletableFuture<?> handled = handle(read);
      if (handled == null || !whenDone(handled, this::resumeAfterAction)) {
        return; // the loop ended, or the stage's completion continues it
      }
      if (!succeeded(handled)) {
        return;
      }
      read = nextRead();
    }
  }

  /** Continues the loop when a read completed after it was asked for. */
  private void resumeAfterRead(CompletableFuture<Optional<T>> read) {
    CompletableFuture<?> handled = handle(read);
    if (handled != null && whenDone(handled, this::resumeAfterAction) && succeeded(handled)) {
      loop(nextRead());
    }
  }

  /** Continues the loop when an action's stage completed after the action returned. */
  private void resumeAfterAction(CompletableFuture<?> handled) {
    if (succeeded(handled)) {
      loop(nextRead());
    }
  }

  private CompletableFuture<Optional<T>> nextRead() {
    try {
      return reads.get();
    } catch (Throwable t) {
      return CompletableFuture.failedFuture(t);
    }
  }

  /**
   * Handles one complete read.
   *
   * @return the action's stage as a future, or null if the loop ended (end of stream, a failure, or
   *     the result completed by the caller)
   */
  private CompletableFuture<?> handle(CompletableFuture<Optional<T>> read) {
    if (result.isDone()) {
      return null;
    }
    Throwable readError = failureOf(read);
    if (readError != null) {
      result.completeExceptionally(readError);
      return null;
    }
    Optional<T> message = read.join();
    if (message.isEmpty()) {
      result.complete(null);
      return null;
    }
    CompletionStage<?> stage;
    try {
      stage = action.apply(message.get());
    } catch (Throwable t) {
      giveUp(t);
      return null;
    }
    if (stage == null) {
      giveUp(new NullPointerException("The action returned a null CompletionStage"));
      return null;
    }
    // A CompletableFuture of our own: any CompletionStage may refuse toCompletableFuture().
    CompletableFuture<Object> handled = new CompletableFuture<>();
    stage.whenComplete(
        (value, error) -> {
          if (error != null) {
            handled.completeExceptionally(error);
          } else {
            handled.complete(value);
          }
        });
    return handled;
  }

  /** Tells whether an action's (complete) stage succeeded; ends the loop if it did not. */
  private boolean succeeded(CompletableFuture<?> handled) {
    Throwable failure = failureOf(handled);
    if (failure != null) {
      giveUp(failure);
      return false;
    }
    return !result.isDone();
  }

  private void giveUp(Throwable failure) {
    stop.run();
    result.completeExceptionally(failure);
  }

  /**
   * Registers {@code next} to run when {@code stage} completes, unless it is complete already.
   *
   * @return true if the stage was complete when this returned: the caller continues; false if
   *     {@code next} will run (on the thread that completes the stage)
   */
  private static <F extends CompletableFuture<?>> boolean whenDone(
      F stage, Consumer<? super F> next) {
    // 0: waiting; 1: the caller went away, the callback continues; 2: completed before that.
    AtomicInteger handoff = new AtomicInteger();
    stage.whenComplete(
        (value, error) -> {
          if (!handoff.compareAndSet(0, 2)) {
            next.accept(stage);
          }
        });
    return !handoff.compareAndSet(0, 1);
  }

  /** The exception a complete future failed with, unwrapped; null if it succeeded. */
  private static Throwable failureOf(CompletableFuture<?> done) {
    if (!done.isCompletedExceptionally()) {
      return null;
    }
    try {
      done.join();
      return null;
    } catch (CompletionException e) {
      return e.getCause() != null ? e.getCause() : e;
    } catch (RuntimeException e) {
      return e; // a CancellationException
    }
  }
}
