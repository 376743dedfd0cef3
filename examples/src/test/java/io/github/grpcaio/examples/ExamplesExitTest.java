package io.github.grpcaio.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.testkit.Await;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every self-contained example's {@code main} lets the JVM exit within 2 s of its last line under
 * the README's command ({@code mvn ... exec:java}). exec:java runs {@code main} in a thread group
 * of its own and, with {@code cleanupDaemonThreads=false} as the examples' pom sets, returns once
 * that group's non-daemon threads have ended; this test does the same in this JVM, which is far
 * cheaper than a JVM per example: {@code main} runs in a new thread group, and the non-daemon
 * threads of that group must all have ended within 2 s of the last byte written to {@code
 * System.out}.
 */
@Timeout(60)
class ExamplesExitTest {

  private static final Duration AFTER_LAST_LINE = Duration.ofSeconds(2);

  @ParameterizedTest
  @ValueSource(
      strings = {
        "aio.BidiStreamingWithWriter",
        "aio.CallMetadataAndStatus",
        "aio.ChannelInTryWithResources",
        "aio.ConcurrentRequests",
        "aio.ErrorHandling",
        "aio.GenericApiWithoutStubs",
        "aio.ManualChannelLifecycle",
        "aio.ServerStreamingCancellation",
        "aio.ServerWithGracefulStop",
        "aio.UnaryCallWithTimeout",
        "hello.HelloBlocking",
        "hello.HelloWorld",
        "interceptors.RequestIdExample",
        "reactor.ReactorGreeter",
        "tls.MutualTlsGreeter"
      })
  void main_finishesWithin2sOfItsLastLine(String example) throws Exception {
    String className = "io.github.grpcaio.examples." + example;
    ThreadGroup group = new ThreadGroup(className);
    AtomicLong lastWrite = new AtomicLong(System.nanoTime());
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread main =
        new Thread(
            group,
            () -> {
              try {
                Class.forName(className)
                    .getMethod("main", String[].class)
                    .invoke(null, (Object) new String[0]);
              } catch (InvocationTargetException e) {
                failure.set(e.getCause());
              } catch (ReflectiveOperationException e) {
                failure.set(e);
              }
            },
            className + ".main()");
    PrintStream original = System.out;
    System.setOut(new PrintStream(new TimedOutput(original, lastWrite), true));
    try {
      main.start();
      Await.until(
          className + ".main() and its non-daemon threads end",
          Duration.ofSeconds(30),
          () -> nonDaemonThreads(group).isEmpty());
    } finally {
      System.setOut(original);
    }
    Duration afterLastLine = Duration.ofNanos(System.nanoTime() - lastWrite.get());

    assertThat(failure.get()).as("what main threw").isNull();
    assertThat(afterLastLine).as("time from the last line to the end").isLessThan(AFTER_LAST_LINE);
  }

  @org.junit.jupiter.api.Test
  void execJava_doesNotWaitForDaemonThreads() throws IOException {
    // exec:java's default joins daemon threads for 15 s after main, such as the JDK's delay
    // scheduler behind CompletableFuture.orTimeout; the test above assumes the pom turns that off.
    assertThat(java.nio.file.Files.readString(java.nio.file.Path.of("pom.xml")))
        .contains("<cleanupDaemonThreads>false</cleanupDaemonThreads>");
  }

  private static List<Thread> nonDaemonThreads(ThreadGroup group) {
    Thread[] threads = new Thread[group.activeCount() + 16];
    int n = group.enumerate(threads, true);
    return Arrays.stream(threads, 0, n).filter(t -> t.isAlive() && !t.isDaemon()).toList();
  }

  /** Passes bytes through, noting when the last one was written. */
  private static final class TimedOutput extends FilterOutputStream {
    private final AtomicLong lastWrite;

    TimedOutput(OutputStream out, AtomicLong lastWrite) {
      super(out);
      this.lastWrite = lastWrite;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      lastWrite.set(System.nanoTime());
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      lastWrite.set(System.nanoTime());
    }
  }
}
