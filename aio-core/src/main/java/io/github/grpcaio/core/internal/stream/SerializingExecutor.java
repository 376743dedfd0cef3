package io.github.grpcaio.core.internal.stream;

import io.github.grpcaio.core.internal.ConfinedTo;
import io.github.grpcaio.core.internal.FallbackExecutor;
import io.github.grpcaio.core.internal.FieldHandles;
import io.github.grpcaio.core.internal.RpcScope;
import io.github.grpcaio.core.internal.VirtualThreads;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;
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
 *
 * <p>A thread that schedules another executor of the same threads from its drain may drain that one
 * itself right after its own, if no other thread has started it by then (see {@link #run()}).
 */
public final class SerializingExecutor extends TaskNode implements Executor, Runnable {

  private static final Logger logger = Logger.getLogger(SerializingExecutor.class.getName());

  private static final int STOPPED = 0;
  private static final int SCHEDULED = 1; // handed to the delegate, no drain started yet
  private static final int DRAINING = 2; // a thread drains the queue

  private static final VarHandle STATE =
      FieldHandles.of(MethodHandles.lookup(), "state", int.class);

  private static final VarHandle TAIL =
      FieldHandles.of(MethodHandles.lookup(), "tail", TaskNode.class);

  private final Executor delegate;

  // The queue of tasks, Vyukov's multi-producer single-consumer queue: a thread adds a task with
  // one atomic exchange of the tail and then links it; the drainer alone moves the head, with no
  // atomic operation. This executor is the queue's first, empty node (see TaskNode). A task whose
  // adder has exchanged the tail but not linked it yet is not seen; the adder then claims or
  // schedules a drain itself, as after any add, so it is never left behind.
  @SuppressWarnings("unused") // accessed through TAIL
  private volatile TaskNode tail = this;

  @ConfinedTo("the drainer")
  private TaskNode head = this;

  @SuppressWarnings("unused") // accessed through STATE
  private volatile int state = STOPPED;

  // Set by a task through runDetached(); read by the draining thread right after that task.
  @ConfinedTo("this")
  private Runnable detached;

  // The thread draining the queue while it does, else null; cleared before the state leaves
  // DRAINING, so that it never wipes the next drainer's. Read by any thread without
  // synchronization: a thread can read its own identity here only while it is the drainer.
  private Thread runner;

  // The RPC's context; replaced by rescope() and scopeFromNextTask(), from a task. Read by the
  // drainer when it starts and after each task.
  private volatile RpcScope scope;

  // The scope the drainer attached, while it drains, and what puts back the thread's own context:
  // the previous io.grpc.Context for a scope without propagators (the common case, which so
  // allocates nothing per drain), else an RpcScope.Attachment. One field for both: an executor is
  // made per call on each side, and its size counts.
  @ConfinedTo("this")
  private RpcScope entered;

  @ConfinedTo("this")
  private Object restore;

  // io.grpc.Context.current() as runNow() found it in the running task, or null until it looks:
  // grpc-java runs every listener event of a call in one context of that call, so within one task
  // (a drain of grpc-java's executor: a burst of events) it is looked up once, not once per event.
  @ConfinedTo("this")
  private io.grpc.Context taskGrpcContext;

  // See forGrpcCall(): true until the first task of the first drain has run or claimOrCreate() took
  // this executor.
  @ConfinedTo("this")
  private boolean claimable;

  // The executor made by forGrpcCall() whose first task runs on this thread, for claimOrCreate().
  private static final ThreadLocal<SerializingExecutor> UNCLAIMED = new ThreadLocal<>();

  // What a platform thread drains for its executor right now; see run().
  private static final ThreadLocal<Carrier> CARRIER = new ThreadLocal<>();

  /**
   * A platform thread of an executor, while it runs a drain that executor gave it: the serializing
   * executor it scheduled last on the same threads (its delegate may be another wrapper of that
   * executor: see {@link FallbackExecutor#threadsOf}), which it drains itself when its own drain
   * ends unless a thread of the executor has started it first. Only its thread touches it.
   */
  private static final class Carrier {
    Executor threads; // the executor whose task this thread runs; null between drains
    SerializingExecutor next; // scheduled on those threads by this one, maybe not started yet
  }

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
   * Creates the executor that grpc-java runs one call's events on (its per-call executor, given
   * through {@code CallOptions.withExecutor} or a {@code ServerCallExecutorSupplier}), to become
   * that RPC's context: grpc-java then hops once per burst of events, onto this executor, and the
   * RPC's engine handles them in the same drain instead of hopping a second time. On the server the
   * engine is made inside the first task, and takes this executor with {@link #claimOrCreate}.
   *
   * @param delegate where the tasks run
   * @return an executor without a scope yet
   */
  public static SerializingExecutor forGrpcCall(Executor delegate) {
    SerializingExecutor executor = new SerializingExecutor(delegate, null);
    executor.claimable = true;
    return executor;
  }

  /**
   * Returns the context of an RPC that starts on the calling thread, in {@code scope}: the executor
   * made by {@link #forGrpcCall} whose first task is running here (the task that starts the RPC),
   * its scope set from the next task on; else (a grpc-java interceptor started the call on another
   * thread, or the call has no such executor) a new executor on {@code delegate}.
   *
   * @param delegate where a new executor's tasks run
   * @param scope the RPC's context
   * @return the RPC's context
   */
  public static SerializingExecutor claimOrCreate(Executor delegate, RpcScope scope) {
    SerializingExecutor executor = UNCLAIMED.get();
    if (executor == null || !executor.claimable || !executor.isCurrent()) {
      return new SerializingExecutor(delegate, scope);
    }
    executor.claimable = false; // the drain puts UNCLAIMED back when this task returns
    executor.scopeFromNextTask(scope);
    return executor;
  }

  /**
   * Makes {@code next} the scope of this executor's tasks from the next task on (the calling task
   * keeps the thread's context as it is). Call from a task of this executor.
   */
  private void scopeFromNextTask(RpcScope next) {
    scope = next.isInert() ? null : next;
  }

  /**
   * Makes {@code next} the scope of this executor's tasks, at once for the rest of the calling
   * task. Call from a task of this executor.
   *
   * @param next the new scope
   */
  public void rescope(RpcScope next) {
    leave();
    scope = next;
    enter();
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
    enqueue(task);
    schedule();
  }

  private void enqueue(Runnable task) {
    TaskNode node = new TaskNode(task);
    TaskNode previous = (TaskNode) TAIL.getAndSet(this, node);
    previous.next = node;
  }

  /** Takes the oldest linked task, or returns null if there is none. The drainer only. */
  private Runnable poll() {
    TaskNode first = head;
    TaskNode next = first.next;
    if (next == null) {
      return null;
    }
    head = next; // the taken task's node is the queue's empty first node from now on
    if (first == this) {
      this.next = null; // nothing links to this node again: it must not keep taken nodes alive
    }
    Runnable task = next.task;
    next.task = null;
    return task;
  }

  private void schedule() {
    if (!STATE.compareAndSet(this, STOPPED, SCHEDULED)) {
      return;
    }
    try {
      delegate.execute(this);
    } catch (Throwable t) {
      // The state is SCHEDULED with no drain coming: unless the tasks run here, they, and every
      // later one, stay queued for ever.
      logger.log(
          t instanceof RejectedExecutionException ? Level.WARNING : Level.SEVERE,
          "Executor did not take work; running it on the submitting thread",
          t);
      run();
      return;
    }
    Carrier carrier = carrierOfThisThread(false);
    if (carrier != null && carrier.threads == FallbackExecutor.threadsOf(delegate)) {
      carrier.next = this;
    }
  }

  /**
   * The calling thread's carrier, made if {@code make} and it has none; null on a virtual thread,
   * and on a thread that never ran a delegate's drain unless {@code make}.
   */
  private static Carrier carrierOfThisThread(boolean make) {
    // A virtual thread is a task's own: a thread-local map made for it would be garbage per task.
    if (VirtualThreads.isVirtual(Thread.currentThread())) {
      return null;
    }
    Carrier carrier = CARRIER.get();
    if (carrier == null && make) {
      carrier = new Carrier();
      CARRIER.set(carrier);
    }
    return carrier;
  }

  /**
   * Runs {@code task} in this context on the calling thread if the context is idle, else queues it.
   * This saves a thread hop when a thread that may run user code (never a transport thread) comes
   * back to the context, as a handler does when it returns.
   *
   * @param task the task
   */
  public void executeHere(Runnable task) {
    enqueue(task);
    if (STATE.compareAndSet(this, STOPPED, DRAINING)) {
      drain();
    }
  }

  /**
   * Runs {@code action} on {@code event} at once, on the calling thread, if that thread is draining
   * this context inside one of its tasks and no task waits in the queue; else returns false and the
   * caller queues the event as usual. Acting at once is then the order a queued task would have had
   * (nothing was submitted before it that has not run), without the task: grpc-java calls a
   * listener inside a task of the context (its per-call executor), once per event of a burst, and
   * this saves a queue node and a task per received message.
   *
   * <p>The action runs in the context's scope: grpc-java made its own {@code io.grpc.Context}
   * current for its task, so the scope's is attached around the action unless it is that one (the
   * propagated values a scope may carry besides it stay attached by the drain). While the scope is
   * about to change (in the task that claimed the executor, see {@link #claimOrCreate}) nothing
   * runs now. What the action throws is logged, as for any task, and does not reach the caller.
   *
   * @param action what to do, best an unbound method reference ({@code Owner::handle}), which
   *     allocates nothing
   * @param target what the action acts on
   * @param event the event
   * @param <T> the target type
   * @param <E> the event type
   * @return true if the action ran, false if the caller must queue the event
   */
  public <T, E> boolean runNow(BiConsumer<T, E> action, T target, E event) {
    RpcScope current = entered;
    if (runner != Thread.currentThread()
        || head.next != null
        || detached != null
        || scope != current) {
      return false; // the scope changes from the next task on (a claim): that task has it right
    }
    io.grpc.Context wanted = current == null ? io.grpc.Context.ROOT : current.grpcContext();
    io.grpc.Context running = taskGrpcContext;
    if (running == null) {
      running = io.grpc.Context.current();
      taskGrpcContext = running;
    }
    // grpc-java's task usually runs in this very context (the scope captured it where grpc-java
    // made it current): then one look costs less than an attach and a detach per event.
    io.grpc.Context previous = running == wanted ? null : wanted.attach();
    try {
      action.accept(target, event);
    } catch (Throwable t) {
      logger.log(Level.SEVERE, "Exception while running a task of an RPC", t);
    } finally {
      if (previous != null) {
        wanted.detach(previous);
      }
    }
    return true;
  }

  /**
   * Runs {@code action} on {@code event} at once if {@link #runNow} can, else queues it as a task:
   * the order is the same either way, and only the queued case allocates.
   *
   * @param action what to do, best an unbound method reference ({@code Owner::handle})
   * @param target what the action acts on
   * @param event the event
   * @param <T> the target type
   * @param <E> the event type
   */
  public <T, E> void runNowOrQueue(BiConsumer<T, E> action, T target, E event) {
    if (!runNow(action, target, event)) {
      execute(() -> action.accept(target, event));
    }
  }

  /**
   * Runs {@code task} at once if {@link #runNow} can, else queues it: the order is the same either
   * way.
   *
   * @param task the task
   */
  public void executeNowOrQueue(Runnable task) {
    if (!runNow(SerializingExecutor::runTask, task, null)) {
      execute(task);
    }
  }

  private static void runTask(Runnable task, Void ignored) {
    task.run();
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

  /**
   * The delegate's task: drains the queue, unless another thread claimed this drain first (see
   * below); such a late task does nothing.
   *
   * <p>Then, on a platform thread, it drains the executor this thread scheduled last on the same
   * threads, if no thread of the executor has started that one yet: a thread about to go back to
   * its pool takes over the work it has just handed over, instead of waiting for the pool to wake
   * another thread for it. That wake-up is what an in-process call waits for at each hand-over (the
   * transport delivers on the sender's thread, inside its drain) and what an RPC completing
   * another's future waits for: on a machine with an idle core a woken thread starts 5-20 µs later
   * (measured on the 2-core benchmark machine: about 20 µs per hop, two hops per in-process unary
   * call, most of the call). The work still runs on a thread of its own executor, after the task
   * that scheduled it and in its own order; nothing is held back from the executor, which is handed
   * the drain as before. One executor is taken over per drain at most (the last one scheduled):
   * taking over without end let one thread run a chain of RPCs while the executor woke other
   * threads for drains already done, and 16 calls in flight lost a quarter of their throughput.
   */
  @Override
  public void run() {
    if (!STATE.compareAndSet(this, SCHEDULED, DRAINING)) {
      return; // the thread that scheduled it drained it first
    }
    Carrier carrier = carrierOfThisThread(true);
    if (carrier == null) { // a virtual thread: nothing to take over after
      drain();
      return;
    }
    Executor outerThreads = carrier.threads; // a direct delegate runs this inside another drain
    SerializingExecutor outerNext = carrier.next;
    carrier.threads = FallbackExecutor.threadsOf(delegate);
    carrier.next = null;
    try {
      drain();
      SerializingExecutor next = carrier.next;
      carrier.next = null;
      if (next != null && STATE.compareAndSet(next, SCHEDULED, DRAINING)) {
        next.drain();
      }
    } finally {
      carrier.threads = outerThreads;
      carrier.next = outerNext;
    }
  }

  /** Runs the queued tasks until the queue is empty. Call in state DRAINING only. */
  private void drain() {
    // The first task of an executor made by forGrpcCall() may claim it (see claimOrCreate): for
    // that task, UNCLAIMED names it on this thread; what it named before is put back after.
    boolean firstOfClaimable = claimable;
    SerializingExecutor outerUnclaimed = null;
    if (firstOfClaimable) {
      outerUnclaimed = UNCLAIMED.get();
      UNCLAIMED.set(this);
    }
    startDrain();
    while (true) {
      Runnable task;
      while ((task = poll()) != null) {
        taskGrpcContext = null; // another task may run in another context: see runNow()
        try {
          task.run();
        } catch (Throwable t) {
          logger.log(Level.SEVERE, "Exception while running a task of an RPC", t);
        }
        if (firstOfClaimable) {
          firstOfClaimable = false;
          claimable = false; // if nobody claimed it, the RPC runs on a context of its own
          UNCLAIMED.set(outerUnclaimed); // not remove(): the entry stays for the next first drain
        }
        Runnable work = detached;
        if (work != null) {
          detached = null;
          RpcScope left = entered;
          Object leftRestore = restore;
          entered = null;
          restore = null;
          runner = null;
          TaskNode last = head; // read before the state change: another drainer may move it after
          state = STOPPED;
          if (last.next != null) {
            schedule();
          }
          try {
            work.run();
          } finally {
            exit(left, leftRestore);
          }
          return;
        }
        if (scope != entered) {
          leave();
          enter();
        }
      }
      runner = null;
      leave(); // before the state change: another drainer may attach right after it
      TaskNode last = head; // read before the state change: another drainer may move it after
      state = STOPPED;
      // A task may have been added after the last poll but before the state change.
      if (last.next == null || !STATE.compareAndSet(this, STOPPED, DRAINING)) {
        return;
      }
      startDrain();
    }
  }

  private void startDrain() {
    runner = Thread.currentThread();
    enter();
  }

  /** Makes the scope current on the drainer's thread. */
  private void enter() {
    RpcScope current = scope;
    entered = current;
    if (current == null) {
      return;
    }
    restore = current.hasPropagators() ? current.attach() : current.grpcContext().attach();
  }

  /** Puts back the drainer's thread's own context. */
  private void leave() {
    RpcScope left = entered;
    Object leftRestore = restore;
    entered = null;
    restore = null;
    exit(left, leftRestore);
  }

  private static void exit(RpcScope left, Object restore) {
    if (restore instanceof RpcScope.Attachment attachment) {
      attachment.close();
    } else if (left != null) {
      left.grpcContext().detach((io.grpc.Context) restore);
    }
  }
}
