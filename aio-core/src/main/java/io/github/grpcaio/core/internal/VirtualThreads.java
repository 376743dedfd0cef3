package io.github.grpcaio.core.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;

/**
 * Virtual threads, where the JVM has them: the library is compiled for Java 17, so it looks {@code
 * Thread.ofVirtual()} up once at run time (a method handle, not a multi-release jar: one class, one
 * code path to test, and the lookup costs once per JVM) and falls back to nothing on Java 17 to 20
 * (on 19 and 20 without {@code --enable-preview} the lookup fails too). Thread-safe.
 */
public final class VirtualThreads {

  // Named grpc-aio-virtual-N; null where the JVM has no virtual threads.
  private static final ThreadFactory FACTORY = find();

  private static final Executor EXECUTOR =
      FACTORY == null ? null : task -> FACTORY.newThread(task).start();

  // Thread.isVirtual(); null where the JVM has no virtual threads (every thread is a platform one).
  private static final MethodHandle IS_VIRTUAL = findIsVirtual();

  private VirtualThreads() {}

  /**
   * Returns an executor that starts a new virtual thread for each task, if the JVM has them. It has
   * no lifecycle: nothing to shut down, and it never rejects a task.
   *
   * @return the executor, empty on Java 17 to 20
   */
  public static Optional<Executor> executor() {
    return Optional.ofNullable(EXECUTOR);
  }

  /**
   * Tells whether {@code thread} is a virtual thread.
   *
   * @param thread the thread
   * @return true for a virtual thread; always false on Java 17 to 20
   */
  public static boolean isVirtual(Thread thread) {
    if (IS_VIRTUAL == null) {
      return false;
    }
    try {
      return (boolean) IS_VIRTUAL.invokeExact(thread);
    } catch (Throwable t) { // Thread.isVirtual() throws nothing
      throw new AssertionError(t);
    }
  }

  private static MethodHandle findIsVirtual() {
    if (FACTORY == null) {
      return null; // no virtual threads: no need to ask
    }
    try {
      return MethodHandles.publicLookup()
          .findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
    } catch (ReflectiveOperationException e) {
      return null;
    }
  }

  private static ThreadFactory find() {
    try {
      MethodHandles.Lookup lookup = MethodHandles.publicLookup();
      Class<?> builder = Class.forName("java.lang.Thread$Builder");
      Class<?> ofVirtual = Class.forName("java.lang.Thread$Builder$OfVirtual");
      Object virtual =
          lookup.findStatic(Thread.class, "ofVirtual", MethodType.methodType(ofVirtual)).invoke();
      Object named =
          lookup
              .findVirtual(
                  ofVirtual, "name", MethodType.methodType(ofVirtual, String.class, long.class))
              .invoke(virtual, "grpc-aio-virtual-", 0L);
      // The builder's factory is safe for use by concurrent threads (Thread.Builder#factory).
      return (ThreadFactory)
          lookup
              .findVirtual(builder, "factory", MethodType.methodType(ThreadFactory.class))
              .invoke(named);
    } catch (Throwable t) { // Java 17-18: no such class; 19-20 without preview: unsupported
      return null;
    }
  }
}
