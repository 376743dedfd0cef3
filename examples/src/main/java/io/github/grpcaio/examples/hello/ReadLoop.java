package io.github.grpcaio.examples.hello;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Python's {@code async for message in stream} without blocking a thread: a loop over a {@code
 * read()} method ({@code context::read} on the server, {@code call::read} on the client) that asks
 * for the next message only once the previous one was handled. That is backpressure: a slow loop
 * reads slowly, and the transport holds the sender back.
 */
public final class ReadLoop {

  private ReadLoop() {}

  /**
   * Reads every message and runs {@code action} on each, waiting for the stage it returns before
   * reading the next.
   *
   * @param read the read method, returning an empty {@code Optional} at the end of the stream
   * @param action what to do with each message
   * @param <T> the message type
   * @return a future completing after the last message was handled, or exceptionally with the first
   *     failure of a read or an action
   */
  public static <T> CompletableFuture<Void> forEach(
      Supplier<? extends CompletionStage<Optional<T>>> read,
      Function<? super T, ? extends CompletionStage<?>> action) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    readNext(read, action, done);
    return done;
  }

  /**
   * Reads every message into a list.
   *
   * @param read the read method, returning an empty {@code Optional} at the end of the stream
   * @param <T> the message type
   * @return a future completing with the messages in order, or exceptionally if a read failed
   */
  public static <T> CompletableFuture<List<T>> readAll(
      Supplier<? extends CompletionStage<Optional<T>>> read) {
    List<T> messages = new ArrayList<>();
    return forEach(
            read,
            message -> {
              messages.add(message);
              return CompletableFuture.completedFuture(null);
            })
        .thenApply(done -> messages);
  }

  private static <T> void readNext(
      Supplier<? extends CompletionStage<Optional<T>>> read,
      Function<? super T, ? extends CompletionStage<?>> action,
      CompletableFuture<Void> done) {
    read.get()
        .thenCompose(
            message ->
                message.isEmpty()
                    ? CompletableFuture.completedFuture(false)
                    : action.apply(message.get()).thenApply(handled -> true))
        .whenComplete(
            (more, error) -> {
              if (error != null) {
                done.completeExceptionally(error);
              } else if (more) {
                readNext(read, action, done);
              } else {
                done.complete(null);
              }
            });
  }
}
