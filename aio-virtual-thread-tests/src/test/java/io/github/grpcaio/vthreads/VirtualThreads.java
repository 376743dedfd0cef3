package io.github.grpcaio.vthreads;

import io.github.grpcaio.core.GrpcAio;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Assumptions;

/** What the tests of this module share: the skip where there are no virtual threads, and them. */
final class VirtualThreads {

  private VirtualThreads() {}

  /**
   * Skips the calling test class, saying why, on a JVM without virtual threads: the module's pom
   * runs the tests on the JDK 25 when it finds it, on the build's JDK otherwise.
   */
  static void require() {
    String home = System.getProperty("jdk25.home", "/usr/lib/jvm/temurin-25-jdk-amd64");
    boolean present = GrpcAio.virtualThreadExecutor().isPresent();
    if (!present) {
      System.out.println(
          "aio-virtual-thread-tests skipped: no JDK 25 at "
              + home
              + " (this JVM, Java "
              + Runtime.version()
              + ", has no virtual threads); set -Djdk25.home=<dir> to point at one");
    }
    Assumptions.assumeTrue(present, "skipped: no JDK 25 at " + home);
  }

  /** Runs {@code task} on a virtual thread of its own; the future completes with its outcome. */
  static <T> CompletableFuture<T> run(Callable<T> task) {
    Executor virtual = GrpcAio.virtualThreadExecutor().orElseThrow();
    CompletableFuture<T> outcome = new CompletableFuture<>();
    virtual.execute(
        () -> {
          try {
            outcome.complete(task.call());
          } catch (Throwable t) {
            outcome.completeExceptionally(t);
          }
        });
    return outcome;
  }
}
