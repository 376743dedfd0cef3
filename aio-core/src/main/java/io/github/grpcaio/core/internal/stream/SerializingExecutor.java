package io.github.grpcaio.core.internal.stream;

import io.github.grpcaio.core.internal.ConfinedTo;
import io.github.grpcaio.core.internal.FallbackExecutor;
import io.github.grpcaio.core.internal.FieldHandles;
import io.github.grpcaio.core.internal.RpcScope;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs the tasks submitted to it in order, one at a time, on a delegate executor: no two tasks ever
 * run at the same time, and each sees the effects of the ones before it. This is the "context" that
 * confines the state of one RPC.
 *
 * <p>A task that throws is logged and does not stop the ones after it. If the delegate does not
 * take the work (it rejects it, or throws anything else from {@code execute}), the tasks run on the
 * submitting thread rather than never, so that no RPC hangs: the delegate of an RPC is a {@link
 * FallbackExecutor}, which only throws when not even a new thread can be started.
 *
 * <p>An executor made with an {@link RpcScope} runs its tasks in that scope: the drainer attaches
 * it once per drain (not per task) and puts back the thread's own context when it leaves, so that
 * nothing of the RPC stays on a pooled thread. Work handed to {@link #runDetached} runs in the
 * scope too.
 */
public final class SerializingExecutor implements Executor, Runnable {

  private static final Logger logger = Logger.getLogger(SerializingExecutor.class.getName());

  private static final int STOPPED = 0;
  private static final int RUNNING = 1; // a drain is scheduled or running on the delegate

  private static final VarHandle STATE =
      FieldHandles.of(MethodHandles.lookup(), "state", int.class);

  private final Executor delegate;
  private final Queue<Runnable> queue = new ConcurrentLinkedQueue<>();

  @SuppressWarnings("unused") // accessed through STATE
  private volatile int state = STOPPED;

  // Set by a task through runDetached(); read by the draining thread right after that task.
  @ConfinedTo("this")
  private Runnable detached;

  // The thread draining the queue while it does, else null; cleared before the state leaves
  // RUNNING, so that it never wipes the next drainer's. Read by any thread without
  // synchronization: a thread can read its own identity here only while it is the drainer.
  private Thread runner;

  // The RPC's context; replaced only by rescope(), from a task. Read by the drainer when it starts.
  private volatile RpcScope scope;

  // The drainer's attachment of scope, while it drains.
  @ConfinedTo("this")
  private RpcScope.Attachment attachment;

  /**
   * Creates a serializing executor that runs its tasks in the submitter's thread context as it is.
   *
   * @param delegate where the tasks run
   */
  public SerializingExecutor(Executor delegate) {
    this(delegate, null);
  }

  /**
   * Creates a serializing executor whose tasks run in {@code scope}.
   *
   * @param delegate where the tasks run
   * @param scope the RPC's context, or null for none
   */
  public SerializingExecutor(Executor delegate, RpcScope scope) {
    this.delegate = delegate;
    // An inert scope (a call made outside any RPC, without propagators) costs nothing per drain.
    this.scope = scope == null || scope.isInert() ? null : scope;
  }

  /**
   * Makes {@code next} the scope of this executor's tasks, at once for the rest of the calling
   * task. Call from a task of this executor.
   *
   * @param next the new scope
   */
  public void rescope(RpcScope next) {
    RpcScope.Attachment current = attachment;
    if (current != null) {
      current.close();
    }
    scope = next;
    attachment = next.attach();
  }

  /**
   * Returns the scope this executor's tasks run in, for work that leaves the context for another
   * thread and must run in the same scope. Any thread.
   *
   * @return the scope, or null for none (an inert one)
   */
  public RpcScope scope() {
    return scope;
  }

  @Override
  public void execute(Runnable task) {
    queue.add(task);
    schedule();
  }

  private void schedule() {
    if (STATE.compareAndSet(this, STOPPED, RUNNING)) {
      try {
        delegate.execute(this);
      } catch (Throwable t) {
        // The state is RUNNING with no drainer: unless the tasks run here, they, and every later
        // one, stay queued for ever.
        logger.log(
            t instanceof RejectedExecutionException ? Level.WARNING : Level.SEVERE,
            "Executor did not take work; running it on the submitting thread",
            t);
        run();
      }
    }
  }

  /**
   * Runs {@code task} in this context on the calling thread if the context is idle, else queues it.
   * This saves a thread hop when a thread that may run user code (never a transport thread) comes
   * back to the context, as a handler does when it returns.
   *
   * @param task the task
   */
  public void executeHere(Runnable task) {
    queue.add(task);
    if (STATE.compareAndSet(this, STOPPED, RUNNING)) {
      run();
    }
  }

  /**
   * Called by a task of this context: once the task returns, this thread leaves the context (the
   * tasks queued meanwhile, and later ones, run on the delegate as usual) and runs {@code work}
   * outside it. For user code that may block on work of the context itself, such as a handler
   * waiting for its own RPC's next message, without the thread hop of a fresh {@code execute} in
   * the common case where it does not block.
   *
   * @param work what to run outside the context, on this thread
   */
  public void runDetached(Runnable work) {
    detached = work;
  }

  /**
   * Tells whether the calling thread is running a task of this context right now, so that a
   * component of the context may act at once instead of submitting a task to itself.
   *
   * @return true on the thread draining this context, inside one of its tasks
   */
  public boolean isCurrent() {
    return runner == Thread.currentThread();
  }

  @Override
  public void run() {
    runner = Thread.currentThread();
    RpcScope current = scope;
    attachment = current == null ? null : current.attach();
    while (true) {
      Runnable task;
      while ((task = queue.poll()) != null) {
        try {
          task.run();
        } catch (Throwable t) {
          logger.log(Level.SEVERE, "Exception while running a task of an RPC", t);
        }
        Runnable work = detached;
        if (work != null) {
          detached = null;
          RpcScope.Attachment attached = attachment;
          attachment = null;
          runner = null;
          state = STOPPED;
          if (!queue.isEmpty()) {
            schedule();
          }
          try {
            work.run();
          } finally {
            if (attached != null) {
              attached.close();
            }
          }
          return;
        }
      }
      runner = null;
      RpcScope.Attachment attached = attachment;
      attachment = null;
      if (attached != null) {
        attached.close(); // before the state change: another drainer may attach right after it
      }
      state = STOPPED;
      // A task may have been added after the last poll but before the state change.
      if (queue.isEmpty() || !STATE.compareAndSet(this, STOPPED, RUNNING)) {
        return;
      }
      runner = Thread.currentThread();
      current = scope;
      attachment = current == null ? null : current.attach();
    }
  }
}
