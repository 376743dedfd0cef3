package io.github.grpcaio.core.internal;

import io.github.grpcaio.core.internal.stream.SerializingExecutor;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The executor of a channel or server, made safe against an executor that does not take a task:
 * when the delegate throws from {@code execute} (it rejects the task because it, or the shared
 * runtime through {@code GrpcAio.shutdown()}, was shut down while channels or servers still use it;
 * or it fails otherwise, as a non-conforming executor or an {@link OutOfMemoryError} "unable to
 * create native thread" does), the task runs on a new daemon thread instead. Without this, the task
 * would be lost and an RPC, {@code close()}, {@code stop()} or a state waiter would never complete;
 * running it on the submitting thread instead could block a transport thread.
 *
 * <p>A rejection is expected after a shutdown and logged once as a warning. Any other failure is a
 * fault of the executor or of the JVM and is logged as severe, with its stack trace: the first
 * exception of this executor, and every {@link Error}. If not even a new thread can be started,
 * that failure is thrown to the submitter (with the executor's as suppressed), whose context then
 * runs the task itself (see {@link SerializingExecutor}).
 */
public final class FallbackExecutor implements Executor {

  private static final Logger logger = Logger.getLogger(FallbackExecutor.class.getName());

  private final Executor delegate;
  private final AtomicBoolean warnedRejection = new AtomicBoolean();
  private final AtomicBoolean reportedFailure = new AtomicBoolean();

  private FallbackExecutor(Executor delegate) {
    this.delegate = delegate;
  }

  /** Wraps {@code executor}, unless it is already wrapped. */
  public static Executor wrap(Executor executor) {
    return executor instanceof FallbackExecutor ? executor : new FallbackExecutor(executor);
  }

  /**
   * Returns the executor whose threads run the tasks of {@code executor}: the wrapped one for a
   * fallback executor, else {@code executor} itself. Two channels or servers given the same
   * executor wrap it apart; this tells that their tasks run on the same threads.
   *
   * @param executor an executor, wrapped or not
   * @return the executor that runs its tasks
   */
  public static Executor threadsOf(Executor executor) {
    return executor instanceof FallbackExecutor fallback ? fallback.delegate : executor;
  }

  @Override
  public void execute(Runnable task) {
    try {
      delegate.execute(task);
    } catch (Throwable t) {
      report(t);
      Thread thread = new Thread(task, "grpc-aio-fallback");
      thread.setDaemon(true);
      try {
        thread.start();
      } catch (RuntimeException | Error e) {
        e.addSuppressed(t);
        throw e;
      }
    }
  }

  private void report(Throwable t) {
    if (t instanceof RejectedExecutionException) {
      if (warnedRejection.compareAndSet(false, true)) {
        logger.warning(
            "The executor rejected work (was it, or GrpcAio's runtime, shut down while channels or"
                + " servers still use it?); running such work on new threads");
      }
    } else if (t instanceof Error || reportedFailure.compareAndSet(false, true)) {
      logger.log(
          Level.SEVERE, "The executor failed to take work; running it on a new thread instead", t);
    } else {
      logger.log(Level.FINE, "The executor failed to take work again", t);
    }
  }
}
