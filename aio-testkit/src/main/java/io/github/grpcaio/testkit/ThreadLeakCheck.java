package io.github.grpcaio.testkit;

import io.github.grpcaio.core.GrpcAio;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit extension that fails a test class if a thread of gRPC is still alive after it: every
 * channel and server it made must have been closed, so that their threads end.
 *
 * <p>The threads checked are those whose name starts with {@code grpc-} and that were not alive
 * before the class: grpc-aio's default executor and timer ({@code grpc-aio-executor-N}, {@code
 * grpc-aio-timer-N}) and grpc-java's event loops, executor and timers ({@code grpc-nio-worker-...},
 * {@code grpc-default-executor-N}, {@code grpc-timer-N}, ...). After the class it calls {@link
 * GrpcAio#shutdown()}, which ends grpc-aio's idle shared threads (a later class re-creates them),
 * and then waits, at most {@link #DEFAULT_TIMEOUT} in all, for each such thread to end: grpc-java
 * releases its shared event loops and executor about a second after their last channel or server
 * has closed. A thread still alive then is reported with its stack.
 *
 * <p>Register it with {@code @ExtendWith(ThreadLeakCheck.class)}, or for a whole suite through
 * JUnit's autodetection (see {@link NettyLeakDetection}). Registered that way it runs after the
 * class's other {@code afterAll} callbacks, so a static {@link AioServerExtension} has closed its
 * server by then. Test classes must not run in parallel with each other, since another class's
 * threads would count.
 *
 * <p>The callbacks run on JUnit's thread and block it for at most the timeout.
 */
public final class ThreadLeakCheck implements BeforeAllCallback, AfterAllCallback {

  /** How long threads may take to end after the class: 10 seconds. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  /** The prefix of the names of the threads checked. */
  public static final String PREFIX = "grpc-";

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(ThreadLeakCheck.class);

  /** Creates the extension; JUnit calls this. */
  public ThreadLeakCheck() {}

  /**
   * Remembers the gRPC threads alive before the class.
   *
   * @param context the class's context
   */
  @Override
  public void beforeAll(ExtensionContext context) {
    context.getStore(NAMESPACE).put("before", Set.copyOf(grpcThreads()));
  }

  /**
   * Shuts grpc-aio's shared threads down and waits for every gRPC thread started during the class
   * to end.
   *
   * @param context the class's context
   * @throws AssertionError naming each thread still alive after {@link #DEFAULT_TIMEOUT}, with its
   *     stack
   */
  @Override
  public void afterAll(ExtensionContext context) {
    @SuppressWarnings("unchecked")
    Set<Thread> before = context.getStore(NAMESPACE).get("before", Set.class);
    GrpcAio.shutdown();
    List<Thread> left = awaitEnd(before == null ? Set.of() : before, DEFAULT_TIMEOUT);
    if (!left.isEmpty()) {
      throw new AssertionError(
          left.size()
              + " gRPC thread(s) still alive "
              + DEFAULT_TIMEOUT.toSeconds()
              + " s after "
              + context.getDisplayName()
              + " (close every channel and server the tests open):\n"
              + left.stream().map(ThreadLeakCheck::describe).collect(Collectors.joining("\n")));
    }
  }

  /**
   * Waits for the gRPC threads not in {@code before} to end.
   *
   * @param before threads to ignore
   * @param timeout the bound of the whole wait
   * @return the threads still alive when the bound ran out, empty if none
   */
  static List<Thread> awaitEnd(Set<Thread> before, Duration timeout) {
    long end = System.nanoTime() + timeout.toNanos();
    try {
      // New threads may start while others end (grpc-java's resource destroyer), so look again
      // until a pass finds none alive.
      while (true) {
        List<Thread> alive = new ArrayList<>(grpcThreads());
        alive.removeAll(before);
        if (alive.isEmpty()) {
          return alive;
        }
        for (Thread t : alive) {
          long left = end - System.nanoTime();
          if (left <= 0) {
            alive.removeIf(thread -> !thread.isAlive());
            return alive;
          }
          t.join(Math.max(1, left / 1_000_000));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      List<Thread> alive = new ArrayList<>(grpcThreads());
      alive.removeAll(before);
      return alive;
    }
  }

  private static List<Thread> grpcThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith(PREFIX) && t.isAlive())
        .collect(Collectors.toList());
  }

  private static String describe(Thread t) {
    return "  "
        + t.getName()
        + " ("
        + t.getState()
        + ")"
        + Arrays.stream(t.getStackTrace())
            .limit(12)
            .map(frame -> "\n      at " + frame)
            .collect(Collectors.joining());
  }
}
