package io.github.grpcaio.core.internal;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The shared runtime behind {@code GrpcAio.init()} and {@code GrpcAio.shutdown()}: the default
 * executor that runs user code when no executor is configured, and a timer for grace periods.
 *
 * <p>The default executor is a cached pool of daemon threads, the same policy as grpc-java's own
 * default, so user code never runs on a transport event loop and a blocking handler does not starve
 * the others. Threads are named {@code grpc-aio-executor-N}; the timer thread is {@code
 * grpc-aio-timer}.
 */
public final class AioRuntime {

  private static ExecutorService executor; // guarded by AioRuntime.class
  private static ScheduledExecutorService timer; // guarded by AioRuntime.class

  private AioRuntime() {}

  /** Creates the shared executors if they do not exist. Idempotent. */
  public static synchronized void init() {
    if (executor == null) {
      executor =
          new ThreadPoolExecutor(
              0,
              Integer.MAX_VALUE,
              60,
              TimeUnit.SECONDS,
              new SynchronousQueue<>(),
              daemonThreads("grpc-aio-executor-"));
    }
    if (timer == null) {
      ScheduledThreadPoolExecutor t =
          new ScheduledThreadPoolExecutor(1, daemonThreads("grpc-aio-timer-"));
      t.setRemoveOnCancelPolicy(true);
      timer = t;
    }
  }

  /**
   * Shuts the shared executors down. Channels and servers made afterwards re-create them.
   * Idempotent.
   */
  public static synchronized void shutdown() {
    if (executor != null) {
      executor.shutdown();
      executor = null;
    }
    if (timer != null) {
      timer.shutdownNow();
      timer = null;
    }
  }

  /**
   * Returns the shared default executor, creating it if needed.
   *
   * @return the executor
   */
  public static synchronized Executor defaultExecutor() {
    init();
    return executor;
  }

  /**
   * Returns the shared timer, creating it if needed. Tasks on it must be short and never run user
   * code.
   *
   * @return the timer
   */
  public static synchronized ScheduledExecutorService timer() {
    init();
    return timer;
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
