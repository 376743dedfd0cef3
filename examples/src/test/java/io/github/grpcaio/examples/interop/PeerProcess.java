package io.github.grpcaio.examples.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * grpc-java's interop peer (grpc-interop-testing 1.79.0) in a JVM of its own, on the classpath the
 * {@code interop-peer} module resolved: none of its grpc-java 1.79 jars reach this JVM.
 */
final class PeerProcess implements AutoCloseable {

  /** Written by the {@code interop-peer} module (maven-dependency-plugin build-classpath). */
  static final Path CLASSPATH_FILE =
      Paths.get("..", "interop-peer", "target", "peer-classpath.txt");

  private final Process process;
  private final Path log;

  private PeerProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** The peer's classpath; fails with a hint if the interop-peer module was not built. */
  static String classpath() {
    try {
      return Files.readString(CLASSPATH_FILE, StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "grpc-java's interop peer classpath is missing; build the interop-peer module first"
              + " (mvn -pl interop-peer,examples -am ...)",
          e);
    }
  }

  /**
   * Starts {@code java -cp <peer classpath> mainClass args...}, its output (stdout and stderr)
   * going to a temporary file.
   */
  static PeerProcess start(String mainClass, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-XX:+UseSerialGC");
    command.add("-cp");
    command.add(classpath());
    command.add(mainClass);
    command.addAll(List.of(args));
    Path log = Files.createTempFile("interop-peer-", ".log");
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new PeerProcess(process, log);
  }

  /**
   * Waits for the process to end, destroying it if it takes longer than {@code timeout}.
   *
   * @return the exit code, or -1 if it had to be destroyed
   */
  int await(Duration timeout) throws InterruptedException {
    if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      return process.exitValue();
    }
    close();
    return -1;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** What the process printed so far. */
  String output() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e + ")";
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try {
      Files.deleteIfExists(log);
    } catch (IOException ignored) {
      // a temporary file
    }
  }
}
