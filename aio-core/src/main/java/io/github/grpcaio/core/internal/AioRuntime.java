package io.github.grpcaio.core.internal;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The shared runtime behind {@code GrpcAio.init()} and {@code GrpcAio.shutdown()}: the default
 * executor that runs user code when no executor is configured, and a timer for grace periods and
 * the deadlines of pending interceptor chains.
 *
 * <p>The default executor is a cached pool of daemon threads, the same policy as grpc-java's own
 * default, so user code never runs on a transport event loop and a blocking handler does not starve
 * the others. Threads are named {@code grpc-aio-executor-N}; the timer thread is {@code
 * grpc-aio-timer-N}.
 *
 * <p>The timer is one thread shared by every channel and server, so nothing slow may run on it: its
 * tasks ({@link #schedule}) only hand the real work to an executor, and no user code ever runs on
 * it.
 */
public final class AioRuntime {

  private static final Logger logger = Logger.getLogger(AioRuntime.class.getName());

  @GuardedBy("AioRuntime.class")
  private static ExecutorService executor;

  @GuardedBy("AioRuntime.class")
  private static ScheduledThreadPoolExecutor timer;

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
      // A cancelled task (a grace made moot, a call decided before its deadline) must not keep
      // its channel reachable, nor, after shutdown(), keep the timer thread alive.
      t.setRemoveOnCancelPolicy(true);
      // shutdown() lets the tasks already scheduled run when due: they end grace periods and
      // deadlines of closes and calls under way, which would otherwise never end.
      t.setExecuteExistingDelayedTasksAfterShutdownPolicy(true);
      timer = t;
    }
  }

  /**
   * Shuts the shared executors down; channels and servers made afterwards re-create them.
   * Idempotent. What is under way still ends: the executor runs the work it was given, and the
   * timer the tasks already scheduled, each when due (its thread ends after the last one); work
   * handed to the old executor afterwards is rejected, and channels and servers then run it on a
   * new thread (see {@link FallbackExecutor}).
   */
  public static synchronized void shutdown() {
    if (executor != null) {
      executor.shutdown();
      executor = null;
    }
    if (timer != null) {
      timer.shutdown();
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
   * Runs {@code task} on {@code executor} once {@code delayNanos} have passed. The shared timer
   * thread only hands the task over, so that a task that runs user code or blocks cannot delay the
   * timers of other calls, channels and servers. Any thread.
   *
   * @param task the work, run on {@code executor}
   * @param delayNanos the delay; {@link Long#MAX_VALUE} for practically never
   * @param executor where the task runs; a channel's or server's executor, which does not throw
   * @return the scheduled hand-over, to cancel once the task is moot
   */
  public static synchronized ScheduledFuture<?> schedule(
      Runnable task, long delayNanos, Executor executor) {
    init(); // under the lock, so that a concurrent shutdown() cannot reject the task
    return timer.schedule(() -> handOver(task, executor), delayNanos, TimeUnit.NANOSECONDS);
  }

  /**
   * Runs {@code task} on {@code executor} once {@code delayNanos} have passed, unless {@code moot}
   * completes first: then the timer drops the task, so that it does not keep what the task refers
   * to (a channel, a server) reachable until the delay is over. Any thread.
   *
   * @param task the work, run on {@code executor}
   * @param delayNanos the delay; {@link Long#MAX_VALUE} for practically never
   * @param executor where the task runs; a channel's or server's executor, which does not throw
   * @param moot completes once the task has no point any more
   */
  public static void scheduleUnlessDone(
      Runnable task, long delayNanos, Executor executor, CompletableFuture<?> moot) {
    if (moot.isDone()) {
      return;
    }
    ScheduledFuture<?> scheduled = schedule(task, delayNanos, executor);
    moot.whenComplete((ignored, error) -> scheduled.cancel(false));
  }

  private static void handOver(Runnable task, Executor executor) {
    try {
      executor.execute(task);
    } catch (Throwable t) {
      // Not expected (channels and servers hand a FallbackExecutor): logged, as the timer thread
      // must live on for the other tasks.
      logger.log(Level.SEVERE, "Could not hand a timer task to its executor", t);
    }
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
