package io.github.grpcaio.examples.microservices;

import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.MDC;

/**
 * A channel executor that carries the submitter's MDC into each task, as Python's {@code
 * asyncio.create_task} copies the caller's {@code contextvars}. grpc-aio starts a call's client
 * interceptors on a task of the channel's executor, never on the caller's thread, so without this a
 * thread-local such as the MDC is not there when {@link MdcRequestIdClientInterceptor} looks. The
 * task is submitted from the caller's thread, so the copy taken in {@link #execute} is the
 * caller's. Tasks submitted from transport threads carry an empty MDC, and every task restores the
 * worker's own afterwards.
 *
 * <p>It owns a pool of daemon threads, shut down by {@link #close()}. Thread-safe.
 */
final class MdcCarryingExecutor implements Executor, AutoCloseable {

  private final ExecutorService pool;

  /**
   * Creates the executor and its pool.
   *
   * @param name the prefix of the threads' names
   */
  MdcCarryingExecutor(String name) {
    AtomicInteger count = new AtomicInteger();
    this.pool =
        Executors.newCachedThreadPool(
            task -> {
              Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
  }

  @Override
  public void execute(Runnable task) {
    Map<String, String> submitter = MDC.getCopyOfContextMap();
    pool.execute(
        () -> {
          Map<String, String> own = MDC.getCopyOfContextMap();
          setContext(submitter);
          try {
            task.run();
          } finally {
            setContext(own);
          }
        });
  }

  /** Stops taking tasks and waits up to 5 s for those running. */
  @Override
  public void close() {
    pool.shutdown();
    try {
      pool.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void setContext(Map<String, String> context) {
    if (context == null) {
      MDC.clear();
    } else {
      MDC.setContextMap(context);
    }
  }
}
