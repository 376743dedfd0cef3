package io.github.grpcaio.reliability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A main class of these tests in a JVM of its own, on this JVM's classpath, to be killed (SIGKILL:
 * no shutdown hook, no GOAWAY; the OS closes its sockets). The main class says it is ready by
 * printing a line {@code READY <text>}.
 */
final class ForkedJvm implements AutoCloseable {

  private final Process process;
  private final String ready;

  private ForkedJvm(Process process, String ready) {
    this.process = process;
    this.ready = ready;
  }

  /**
   * Starts {@code main} with {@code args} and waits (at most {@code timeout}) for its READY line.
   */
  static ForkedJvm start(Class<?> main, Duration timeout, String... args) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m",
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                main.getName()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    CompletableFuture<String> ready = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              StringBuilder output = new StringBuilder();
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  if (line.startsWith("READY")) {
                    ready.complete(line.substring("READY".length()).trim());
                  } else {
                    output.append(line).append('\n');
                  }
                }
              } catch (IOException e) {
                // the process was killed
              }
              ready.completeExceptionally(
                  new IllegalStateException(main.getSimpleName() + " ended:\n" + output));
            },
            "forked-jvm-output");
    reader.setDaemon(true);
    reader.start();
    try {
      return new ForkedJvm(process, ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
    } catch (Exception e) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw e;
    }
  }

  /** What the main class printed after {@code READY}. */
  String ready() {
    return ready;
  }

  /** Kills the process at once (SIGKILL) and waits for it to be gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      throw new AssertionError("The process did not die within 10 s");
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
