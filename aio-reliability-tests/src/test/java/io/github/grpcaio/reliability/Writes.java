package io.github.grpcaio.reliability;

import io.github.grpcaio.testkit.Await;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Writes "0", "1", ... with a call's {@code write()}, each after the previous one was sent (the
 * backpressure the API gives), until {@code count} were sent or a write fails. Thread-safe.
 */
final class Writes {

  private final Function<String, CompletableFuture<Void>> write;
  private final long count;
  private final CompletableFuture<Long> ended = new CompletableFuture<>();
  private final Map<Long, CompletableFuture<Void>> milestones = new HashMap<>(); // guarded by this
  private long sent; // guarded by this

  private Writes(Function<String, CompletableFuture<Void>> write, long count) {
    this.write = write;
    this.count = count;
  }

  /**
   * Starts writing.
   *
   * @param write the call's {@code write} method
   * @param count how many to write, or {@link Sequence#ENDLESS}
   */
  static Writes start(Function<String, CompletableFuture<Void>> write, long count) {
    Writes w = new Writes(write, count);
    w.next(0);
    return w;
  }

  /**
   * Starts writing without end, each next write a millisecond after the last one completed. Writing
   * again the moment a write completes keeps grpc-netty's write queue of the connection from ever
   * running dry, and the connection's event loop then only writes: what the client should read
   * (echoes, a status, a reset) waits until HTTP/2 flow control stops the writer, 50 000 to 100 000
   * small messages later, which takes a loaded machine longer than the tests' bounds.
   *
   * @param write the call's {@code write} method
   */
  static Writes startEndlessPaced(Function<String, CompletableFuture<Void>> write) {
    Executor aMillisecondLater = CompletableFuture.delayedExecutor(1, TimeUnit.MILLISECONDS);
    return start(
        message -> write.apply(message).thenRunAsync(() -> {}, aMillisecondLater),
        Sequence.ENDLESS);
  }

  /** How many writes were sent so far. */
  synchronized long sent() {
    return sent;
  }

  /** Completes with the number of writes sent, once the count is reached or a write failed. */
  CompletableFuture<Long> ended() {
    return ended;
  }

  /** Waits until {@code n} writes were sent; fails if writing ended before or the bound passes. */
  void awaitSent(long n, Duration timeout) {
    CompletableFuture<Void> milestone;
    synchronized (this) {
      milestone =
          sent >= n
              ? CompletableFuture.completedFuture(null)
              : milestones.computeIfAbsent(n, k -> new CompletableFuture<>());
    }
    ended.thenRun(
        () ->
            milestone.completeExceptionally(
                new AssertionError("Writing ended after " + ended.join() + " of " + n)));
    Await.result(milestone, timeout);
  }

  private void next(long i) {
    CompletableFuture<Void> reached;
    synchronized (this) {
      sent = i;
      reached = milestones.remove(i);
    }
    if (reached != null) {
      reached.complete(null);
    }
    if (i >= count) {
      ended.complete(i);
      return;
    }
    CompletableFuture<Void> written;
    try {
      written = write.apply(Long.toString(i));
    } catch (RuntimeException e) {
      ended.complete(i); // UsageError: the call has ended
      return;
    }
    written.whenComplete(
        (ok, error) -> {
          if (error != null) {
            ended.complete(i);
          } else {
            next(i + 1);
          }
        });
  }
}
