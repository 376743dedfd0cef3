package io.github.grpcaio;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Carries one kind of thread-bound context (an SLF4J MDC, an OpenTelemetry {@code Context}, any
 * {@link ThreadLocal}) across the threads an RPC runs on, as Python's {@code contextvars} follow a
 * coroutine across {@code await}s.
 *
 * <p>gRPC's own {@link io.grpc.Context} (and with it the deadline and cancellation of the server
 * RPC a call is made in) is always carried; propagators add the rest. A channel captures the value
 * of each of its propagators on the thread that makes a call and makes it current wherever the
 * library runs code for that call: client interceptors, callbacks, subscriber signals, done
 * callbacks and the dependents of its futures. A server captures them where the RPC starts and once
 * more when the interceptor chain hands the RPC to the handler (so that a value an interceptor
 * sets, such as an MDC entry, reaches the handler), and makes them current in its interceptors,
 * handler, done callbacks and the stages they chain on the library's futures. After each such piece
 * of work the thread gets back the values it had before: nothing leaks to the next task of a pooled
 * thread.
 *
 * <p>Install propagators with {@link ChannelOptions.Builder#contextPropagators} and {@link
 * ServerOptions.Builder#contextPropagators}, or for every channel and server created afterwards
 * with {@link #registerGlobal}.
 *
 * <p>Its methods are called on the thread whose context is read or changed; they must be fast and
 * must not block. If one throws, the library logs a warning and goes on without that value: the
 * call is never lost for it.
 *
 * @param <T> the type of the carried value; {@code null} may stand for "nothing set"
 */
public interface ContextPropagator<T> {

  /**
   * Reads the current thread's value, to carry it.
   *
   * @return the value, or null
   */
  T capture();

  /**
   * Makes {@code value} the current thread's value until the returned scope is closed, as Python's
   * {@code ContextVar.set} until {@code reset(token)}.
   *
   * @param value a value {@link #capture()} returned, possibly null
   * @return what puts back the value that was current before; closed once, on this thread
   */
  Scope attach(T value);

  /**
   * Puts back what {@link #attach} replaced. Scopes are closed in the reverse order of their
   * attach, on the thread that attached them.
   */
  @FunctionalInterface
  interface Scope extends AutoCloseable {
    /** Restores the value that was current before the attach. Does not throw checked exceptions. */
    @Override
    void close();
  }

  /**
   * A propagator for one {@link ThreadLocal}: its value is carried as is (not copied), and a null
   * value removes the thread's.
   *
   * @param local the thread-local
   * @param <T> the type of its value
   * @return the propagator
   * @throws NullPointerException if {@code local} is null
   */
  static <T> ContextPropagator<T> threadLocal(ThreadLocal<T> local) {
    Objects.requireNonNull(local, "local");
    return new ContextPropagator<>() {
      @Override
      public T capture() {
        return local.get();
      }

      @Override
      public Scope attach(T value) {
        T previous = local.get();
        set(value);
        return () -> set(previous);
      }

      private void set(T value) {
        if (value == null) {
          local.remove();
        } else {
          local.set(value);
        }
      }

      @Override
      public String toString() {
        return "ContextPropagator.threadLocal(" + local + ")";
      }
    };
  }

  /**
   * Adds a propagator to those every channel and server created afterwards uses when its options
   * set none. Adding the same propagator twice has no effect.
   *
   * @param propagator the propagator
   * @throws NullPointerException if {@code propagator} is null
   */
  static void registerGlobal(ContextPropagator<?> propagator) {
    GlobalContextPropagators.add(propagator);
  }

  /**
   * Returns the propagators added with {@link #registerGlobal}, in the order they were added.
   *
   * @return an immutable snapshot
   */
  static List<ContextPropagator<?>> globals() {
    return GlobalContextPropagators.snapshot();
  }
}

/** The process-wide propagators of {@link ContextPropagator#registerGlobal}. Thread-safe. */
final class GlobalContextPropagators {

  private static final List<ContextPropagator<?>> propagators = new CopyOnWriteArrayList<>();

  private GlobalContextPropagators() {}

  static void add(ContextPropagator<?> propagator) {
    Objects.requireNonNull(propagator, "propagator");
    synchronized (propagators) {
      if (!propagators.contains(propagator)) {
        propagators.add(propagator);
      }
    }
  }

  static List<ContextPropagator<?>> snapshot() {
    return List.copyOf(propagators);
  }
}
