package io.github.grpcaio.core.internal;

import io.github.grpcaio.ContextPropagator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The thread-bound context of one RPC, captured once and made current wherever the library runs
 * code for it: gRPC's {@link io.grpc.Context} (which carries the deadline and cancellation of the
 * server RPC a call is made in) and the value of each {@link ContextPropagator} of the channel or
 * server. Immutable and thread-safe; {@link #attach()} and {@link Attachment#close()} run on the
 * thread whose context they change.
 *
 * <p>A propagator that throws costs only its own value: the failure is logged (a warning the first
 * time for each propagator, then at {@code FINE}) and the rest goes on, so that no call is lost and
 * nothing already attached stays on the thread.
 */
public final class RpcScope {

  private static final Logger logger = Logger.getLogger(RpcScope.class.getName());

  private static final ContextPropagator<?>[] NO_PROPAGATORS = {};
  private static final Object[] NO_VALUES = {};
  private static final Object NOT_CAPTURED = new Object(); // capture() threw: attach nothing

  // What a call made outside any RPC on a channel without propagators captures: shared, so that
  // such calls (the common client case) allocate no scope.
  private static final RpcScope INERT =
      new RpcScope(io.grpc.Context.ROOT, NO_PROPAGATORS, NO_VALUES);

  // Propagators whose failure was already logged as a warning; a failing propagator would
  // otherwise log on every call.
  private static final Set<Object> warned = ConcurrentHashMap.newKeySet();

  private final io.grpc.Context grpcContext;
  private final ContextPropagator<?>[] propagators;
  private final Object[] values; // values[i] is what propagators[i] captured

  private RpcScope(
      io.grpc.Context grpcContext, ContextPropagator<?>[] propagators, Object[] values) {
    this.grpcContext = Objects.requireNonNull(grpcContext, "grpcContext");
    this.propagators = propagators;
    this.values = values;
  }

  /**
   * Captures the calling thread's context: its {@code io.grpc.Context} and the value of each
   * propagator.
   *
   * @param propagators the channel's or server's propagators
   * @return the scope
   */
  public static RpcScope capture(List<ContextPropagator<?>> propagators) {
    io.grpc.Context grpc = io.grpc.Context.current();
    if (propagators.isEmpty()) {
      return grpc == io.grpc.Context.ROOT ? INERT : new RpcScope(grpc, NO_PROPAGATORS, NO_VALUES);
    }
    ContextPropagator<?>[] all = propagators.toArray(NO_PROPAGATORS);
    Object[] values = new Object[all.length];
    for (int i = 0; i < all.length; i++) {
      try {
        values[i] = all[i].capture();
      } catch (Throwable t) {
        values[i] = NOT_CAPTURED;
        report(all[i], "capture", t);
      }
    }
    return new RpcScope(grpc, all, values);
  }

  /**
   * Returns this scope with another {@code io.grpc.Context} and the same propagated values.
   *
   * @param grpc the context
   * @return the scope
   */
  public RpcScope withGrpcContext(io.grpc.Context grpc) {
    return grpc == grpcContext ? this : new RpcScope(grpc, propagators, values);
  }

  /**
   * Tells whether attaching this scope changes nothing on a pooled thread: the root {@code
   * io.grpc.Context} and no propagated value, as for a call made outside any RPC on a channel
   * without propagators. Such a scope need not be attached at all.
   *
   * @return true if inert
   */
  public boolean isInert() {
    return grpcContext == io.grpc.Context.ROOT && propagators.length == 0;
  }

  /**
   * Tells whether this scope carries propagated values besides its {@code io.grpc.Context}: if not,
   * attaching the context alone ({@code grpcContext().attach()}) attaches all of it.
   *
   * @return true if there are propagators
   */
  public boolean hasPropagators() {
    return propagators.length > 0;
  }

  /**
   * Returns the captured {@code io.grpc.Context}.
   *
   * @return the context
   */
  public io.grpc.Context grpcContext() {
    return grpcContext;
  }

  /**
   * Makes this scope current on the calling thread until the attachment is closed, on this thread.
   *
   * @return what puts back the thread's own context
   */
  public Attachment attach() {
    ContextPropagator.Scope[] scopes = null;
    if (propagators.length > 0) {
      scopes = new ContextPropagator.Scope[propagators.length];
      for (int i = 0; i < propagators.length; i++) {
        if (values[i] != NOT_CAPTURED) {
          scopes[i] = attach(propagators[i], values[i]);
        }
      }
    }
    io.grpc.Context previous = grpcContext.attach();
    return new Attachment(grpcContext, previous, propagators, scopes);
  }

  @SuppressWarnings("unchecked")
  private static <T> ContextPropagator.Scope attach(ContextPropagator<T> propagator, Object value) {
    try {
      return propagator.attach((T) value);
    } catch (Throwable t) {
      report(propagator, "attach", t);
      return null;
    }
  }

  /**
   * Returns {@code task} run in this scope.
   *
   * @param task the task
   * @return the wrapped task
   */
  public Runnable wrap(Runnable task) {
    Objects.requireNonNull(task, "task");
    return () -> {
      Attachment attached = attach();
      try {
        task.run();
      } finally {
        attached.close();
      }
    };
  }

  /**
   * Returns an executor that captures the submitter's context at each {@code execute} and runs the
   * task in it, on {@code delegate}.
   *
   * @param delegate where tasks run
   * @param propagators the propagators to carry beside the {@code io.grpc.Context}
   * @return the executor
   */
  public static Executor propagating(Executor delegate, List<ContextPropagator<?>> propagators) {
    Objects.requireNonNull(delegate, "delegate");
    List<ContextPropagator<?>> carried = List.copyOf(propagators);
    return task -> delegate.execute(capture(carried).wrap(task));
  }

  private static void report(ContextPropagator<?> propagator, String step, Throwable t) {
    Level level = warned.add(propagator) ? Level.WARNING : Level.FINE;
    logger.log(
        level,
        "Context propagator " + propagator + " threw in " + step + "; going on without its value",
        t);
  }

  /** The context a thread had before {@link #attach()}; {@link #close()} puts it back. */
  public static final class Attachment implements AutoCloseable {
    private final io.grpc.Context attached;
    private final io.grpc.Context previous;
    private final ContextPropagator<?>[] propagators;
    private final ContextPropagator.Scope[] scopes; // null entries: nothing attached

    private Attachment(
        io.grpc.Context attached,
        io.grpc.Context previous,
        ContextPropagator<?>[] propagators,
        ContextPropagator.Scope[] scopes) {
      this.attached = attached;
      this.previous = previous;
      this.propagators = propagators;
      this.scopes = scopes;
    }

    /** Restores the thread's own context, in the reverse order of the attach. */
    @Override
    public void close() {
      attached.detach(previous);
      if (scopes != null) {
        for (int i = scopes.length - 1; i >= 0; i--) {
          if (scopes[i] != null) {
            try {
              scopes[i].close();
            } catch (Throwable t) {
              report(propagators[i], "restore", t);
            }
          }
        }
      }
    }
  }
}
