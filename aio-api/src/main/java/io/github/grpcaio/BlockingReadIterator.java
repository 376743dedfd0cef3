package io.github.grpcaio;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The blocking view of a stream's {@code read()}, behind {@code blockingIterator()} and {@code
 * blockingStream()}: {@link #hasNext()} waits for the next message. It keeps at most one read ahead
 * of the caller (asked for when {@link #next()} hands out a message), so the transport is asked for
 * at most one message the caller has not taken, and a slow caller holds the sender back.
 *
 * <p>Waiting is {@link CompletableFuture#get()}, which parks the thread without a monitor, so a
 * virtual thread waiting here does not pin its carrier. One thread at a time: like any {@link
 * Iterator}, this one is not thread-safe; its fields belong to the thread iterating.
 *
 * @param <T> the message type
 */
final class BlockingReadIterator<T> implements Iterator<T> {

  private final Supplier<CompletableFuture<Optional<T>>> reads;
  private final Runnable stop; // ends the RPC when the caller gives up: cancels a client call

  // Owned by the iterating thread.
  private CompletableFuture<Optional<T>> pending; // the read ahead, or null
  private T next; // taken by hasNext(), not yet returned by next()
  private boolean ended; // the end of the stream was read, or a failure
  private RuntimeException failure; // thrown again by every later hasNext()

  BlockingReadIterator(Supplier<CompletableFuture<Optional<T>>> reads, Runnable stop) {
    this.reads = reads;
    this.stop = stop;
  }

  /**
   * Makes a sequential, ordered {@link Stream} of the messages whose {@code close()} abandons the
   * read ahead and runs {@code stop}.
   */
  static <T> Stream<T> stream(Supplier<CompletableFuture<Optional<T>>> reads, Runnable stop) {
    BlockingReadIterator<T> iterator = new BlockingReadIterator<>(reads, stop);
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(
                iterator, Spliterator.ORDERED | Spliterator.NONNULL),
            false)
        .onClose(iterator::close);
  }

  @Override
  public boolean hasNext() {
    if (next != null) {
      return true;
    }
    if (ended) {
      if (failure != null) {
        throw failure;
      }
      return false;
    }
    if (pending == null) {
      pending = reads.get();
    }
    Optional<T> message = await(pending);
    pending = null;
    if (message.isEmpty()) {
      ended = true;
      return false;
    }
    next = message.get();
    return true;
  }

  @Override
  public T next() {
    if (!hasNext()) {
      throw new NoSuchElementException("The stream has ended");
    }
    T message = next;
    next = null;
    pending = reads.get(); // the one read ahead: the transport fetches while the caller works
    return message;
  }

  /** Gives up the stream: abandons the read ahead (it takes no message) and runs {@code stop}. */
  void close() {
    abandon();
    ended = true;
    next = null;
  }

  private void abandon() {
    CompletableFuture<Optional<T>> read = pending;
    pending = null;
    if (read != null) {
      read.cancel(false);
    }
    stop.run();
  }

  private Optional<T> await(CompletableFuture<Optional<T>> read) {
    try {
      return read.get();
    } catch (InterruptedException e) {
      abandon();
      Thread.currentThread().interrupt();
      throw fail(
          new CancellationException(
              "Interrupted while waiting for the next message; the stream was given up"));
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof CompletionException && cause.getCause() != null) {
        cause = cause.getCause();
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw fail(
          cause instanceof RuntimeException r
              ? r
              : new CompletionException(cause.toString(), cause));
    } catch (CancellationException e) {
      throw fail(e);
    }
  }

  private RuntimeException fail(RuntimeException error) {
    ended = true;
    failure = error;
    return error;
  }
}
