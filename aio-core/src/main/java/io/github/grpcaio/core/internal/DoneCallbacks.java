package io.github.grpcaio.core.internal;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Callbacks that run exactly once, in the order added, when something is done; one added after that
 * runs at once on the adding thread. An exception from a callback is logged and does not stop the
 * others. No lock is held while a callback runs.
 *
 * @param <T> what the callbacks are given
 */
public final class DoneCallbacks<T> {

  private static final Logger logger = Logger.getLogger(DoneCallbacks.class.getName());

  @GuardedBy("this")
  private List<Consumer<? super T>> pending; // null once fired

  @GuardedBy("this")
  private T target; // set once fired

  @GuardedBy("this")
  private boolean fired;

  /**
   * Adds a callback, or runs it at once if {@link #fire} already happened.
   *
   * @param callback the callback
   */
  public void add(Consumer<? super T> callback) {
    Objects.requireNonNull(callback, "callback");
    T doneTarget;
    synchronized (this) {
      if (!fired) {
        if (pending == null) {
          pending = new ArrayList<>(2);
        }
        pending.add(callback);
        return;
      }
      doneTarget = target;
    }
    runSafely(callback, doneTarget);
  }

  /**
   * Runs every callback added so far, with {@code value}; later ones run when added. Only the first
   * call has an effect.
   *
   * @param value what to give the callbacks
   */
  public void fire(T value) {
    List<Consumer<? super T>> toRun;
    synchronized (this) {
      if (fired) {
        return;
      }
      fired = true;
      target = value;
      toRun = pending;
      pending = null;
    }
    if (toRun != null) {
      for (Consumer<? super T> callback : toRun) {
        runSafely(callback, value);
      }
    }
  }

  private static <T> void runSafely(Consumer<? super T> callback, T value) {
    try {
      callback.accept(value);
    } catch (Throwable t) {
      logger.log(Level.WARNING, "Done callback threw; ignoring it", t);
    }
  }
}
