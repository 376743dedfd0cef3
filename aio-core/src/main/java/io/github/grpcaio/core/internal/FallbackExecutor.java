package io.github.grpcaio.core.internal;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * The executor of a channel or server, made safe against rejection: when the delegate rejects a
 * task (the shared runtime was shut down by {@code GrpcAio.shutdown()}, or the user's executor was
 * shut down, while channels or servers still use it), the task runs on a new daemon thread instead.
 * Without this, a rejected completion would be lost and {@code close()}, {@code stop()} or a state
 * waiter would never complete; running it on the submitting thread instead could block a transport
 * thread.
 */
final class FallbackExecutor implements Executor {

  private static final Logger logger = Logger.getLogger(FallbackExecutor.class.getName());

  private final Executor delegate;
  private final AtomicBoolean warned = new AtomicBoolean();

  private FallbackExecutor(Executor delegate) {
    this.delegate = delegate;
  }

  /** Wraps {@code executor}, unless it is already wrapped. */
  static Executor wrap(Executor executor) {
    return executor instanceof FallbackExecutor ? executor : new FallbackExecutor(executor);
  }

  @Override
  public void execute(Runnable task) {
    try {
      delegate.execute(task);
    } catch (RejectedExecutionException e) {
      if (warned.compareAndSet(false, true)) {
        logger.warning(
            "The executor rejected work (was it, or GrpcAio's runtime, shut down while channels or"
                + " servers still use it?); running such work on new threads");
      }
      Thread thread = new Thread(task, "grpc-aio-fallback");
      thread.setDaemon(true);
      thread.start();
    }
  }
}
