package io.github.grpcaio.core.internal;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.lang.invoke.VarHandle;
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

  // In an owner's field (see addTo): fired before any callback was added.
  private static final DoneCallbacks<Object> FIRED_EMPTY = new DoneCallbacks<>();

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

  /**
   * Adds a callback to the callbacks an owner keeps in a volatile field of its own, making them on
   * the first add, so that an owner that never gets one (most RPCs) costs no object for them; or
   * runs it at once if {@link #fireIn} already happened for the owner. Any thread.
   *
   * @param field the handle of the owner's {@code volatile DoneCallbacks<T>} field, null at first
   * @param owner the owner, which the callbacks are given when fired
   * @param callback the callback
   * @param <T> the owner's type as the callbacks see it
   */
  public static <T> void addTo(VarHandle field, T owner, Consumer<? super T> callback) {
    Objects.requireNonNull(callback, "callback");
    DoneCallbacks<T> held = FieldHandles.getOrMake(field, owner, DoneCallbacks::new);
    if (held == FIRED_EMPTY) {
      runSafely(callback, owner);
    } else {
      held.add(callback); // runs it at once if fireIn came meanwhile
    }
  }

  /**
   * Runs the callbacks added with {@link #addTo} to the owner's field, giving them the owner; later
   * ones run when added. Only the first call has an effect.
   *
   * @param field the handle of the owner's field
   * @param owner the owner
   * @param <T> the owner's type as the callbacks see it
   */
  @SuppressWarnings("unchecked") // as in addTo
  public static <T> void fireIn(VarHandle field, T owner) {
    Object held = field.getAndSet(owner, (DoneCallbacks<T>) (DoneCallbacks<?>) FIRED_EMPTY);
    if (held != null && held != FIRED_EMPTY) {
      ((DoneCallbacks<T>) held).fire(owner);
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
