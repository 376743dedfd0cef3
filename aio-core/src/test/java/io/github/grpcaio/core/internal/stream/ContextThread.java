package io.github.grpcaio.core.internal.stream;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An RPC's context (a {@link SerializingExecutor}) on a thread of its own, for tests of what is
 * confined to it: they build the component on {@link #context()}, then {@link #run} their steps on
 * the context and wait for them. Close it (JUnit's {@code @AutoClose}) to stop the thread.
 */
final class ContextThread implements AutoCloseable {

  /** How long a step on the context may take, with everything queued before it. */
  private static final long BOUND_SECONDS = 10;

  private final ExecutorService thread = Executors.newSingleThreadExecutor();
  private final SerializingExecutor context = new SerializingExecutor(thread);

  /** The context, for the component under test. */
  SerializingExecutor context() {
    return context;
  }

  /** A second context on the same thread, which shares nothing else with the first. */
  SerializingExecutor anotherContext() {
    return new SerializingExecutor(thread);
  }

  /**
   * Runs {@code step} on the context and waits for it, and so for everything queued before it.
   * Whatever it throws, an assertion too, fails the wait as the cause of an {@link
   * ExecutionException}.
   */
  void run(Runnable step) throws InterruptedException, ExecutionException, TimeoutException {
    CompletableFuture<Void> done = new CompletableFuture<>();
    context.execute(
        () -> {
          try {
            step.run();
            done.complete(null);
          } catch (Throwable t) {
            done.completeExceptionally(t);
          }
        });
    done.get(BOUND_SECONDS, TimeUnit.SECONDS);
  }

  /** Waits until the context has run every task queued so far. */
  void drain() throws InterruptedException, ExecutionException, TimeoutException {
    run(() -> {});
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
