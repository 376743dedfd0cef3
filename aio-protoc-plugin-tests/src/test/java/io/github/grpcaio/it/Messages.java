package io.github.grpcaio.it;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** A small stream helper for the tests: read every message. */
final class Messages {

  private Messages() {}

  /** Calls {@code read} until it returns empty; the future completes with the messages. */
  static <T> CompletableFuture<List<T>> readAll(Supplier<CompletableFuture<Optional<T>>> read) {
    List<T> messages = new ArrayList<>();
    CompletableFuture<List<T>> done = new CompletableFuture<>();
    readNext(read, messages, done);
    return done;
  }

  private static <T> void readNext(
      Supplier<CompletableFuture<Optional<T>>> read,
      List<T> messages,
      CompletableFuture<List<T>> done) {
    read.get()
        .whenComplete(
            (message, error) -> {
              if (error != null) {
                done.completeExceptionally(error);
              } else if (message.isEmpty()) {
                done.complete(messages);
              } else {
                messages.add(message.get());
                readNext(read, messages, done);
              }
            });
  }
}
