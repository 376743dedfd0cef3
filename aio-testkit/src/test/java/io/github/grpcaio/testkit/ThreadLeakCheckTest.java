package io.github.grpcaio.testkit;

import static io.github.grpcaio.testkit.AioAssertions.assertThatRpc;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The thread check this module's suite runs with (autodetected). */
@Timeout(60)
class ThreadLeakCheckTest {

  @Test
  void awaitEnd_grpcThreadStillRunning_returnsIt() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
    Thread lingering = new Thread(() -> awaitQuietly(release), "grpc-lingering-test-thread");
    lingering.start();
    try {
      assertThat(ThreadLeakCheck.awaitEnd(before, Duration.ofMillis(200)))
          .containsExactly(lingering);
    } finally {
      release.countDown();
      lingering.join(5000);
    }

    assertThat(ThreadLeakCheck.awaitEnd(before, Duration.ofSeconds(1))).isEmpty();
  }

  @Test
  void awaitEnd_otherThreads_areNotChecked() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
    Thread other = new Thread(() -> awaitQuietly(release), "not-a-library-thread");
    other.start();
    try {
      assertThat(ThreadLeakCheck.awaitEnd(before, Duration.ofMillis(100))).isEmpty();
    } finally {
      release.countDown();
      other.join(5000);
    }
  }

  @Test
  void awaitEnd_nettyServerAndChannelClosed_theirThreadsEnd() {
    Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
    try (AioTestServer server = Transport.NETTY.start(EchoService.handler())) {
      assertThatRpc(EchoService.echo(server.channel()).call("hi")).succeedsWith("hi");
    }
    io.github.grpcaio.core.GrpcAio.shutdown();

    assertThat(ThreadLeakCheck.awaitEnd(before, ThreadLeakCheck.DEFAULT_TIMEOUT)).isEmpty();
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
