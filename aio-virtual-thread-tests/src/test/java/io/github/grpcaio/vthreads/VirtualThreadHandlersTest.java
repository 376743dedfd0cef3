package io.github.grpcaio.vthreads;

import static io.github.grpcaio.testkit.Utf8.DESERIALIZER;
import static io.github.grpcaio.testkit.Utf8.SERIALIZER;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.ChannelOptions;
import io.github.grpcaio.RpcMethodHandler;
import io.github.grpcaio.ServerOptions;
import io.github.grpcaio.ServiceRpcHandler;
import io.github.grpcaio.UnaryUnaryMultiCallable;
import io.github.grpcaio.core.GrpcAio;
import io.github.grpcaio.testkit.AioTestServer;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.Transport;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Blocking handlers on virtual threads ({@code ServerOptions.builder().virtualThreads()}), and
 * blocking client calls made from virtual threads: ten thousand handlers sleeping at once hold ten
 * thousand virtual threads and a few dozen platform threads, and no park attributable to the
 * library pins a carrier (JFR's {@code jdk.VirtualThreadPinned}, threshold 0). Runs on the JDK 25
 * the module's pom finds; on a JVM without virtual threads every test is skipped with a message.
 */
@ParameterizedClass
@EnumSource(Transport.class)
class VirtualThreadHandlersTest {

  private static final String SERVICE = "vthreads.Sleepy";
  private static final int HANDLERS = 10_000;
  private static final Duration SLEEP = Duration.ofSeconds(1);

  /** Platform threads the run may add at most: "a few dozen". */
  private static final int PLATFORM_THREADS_ADDED = 48;

  /**
   * Platform threads alive at most, the JVM's own (JFR, surefire, the carriers) and both
   * transports' included, in a JVM of this class's own (the module forks one per class).
   */
  private static final int PLATFORM_THREADS = 100;

  private final Transport transport;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger peakInFlight = new AtomicInteger();
  private AioTestServer harness;

  VirtualThreadHandlersTest(Transport transport) {
    this.transport = transport;
  }

  @BeforeAll
  static void requireVirtualThreads() {
    VirtualThreads.require();
  }

  @AfterEach
  void close() {
    if (harness != null) {
      harness.close();
    }
  }

  private void serve() {
    ServiceRpcHandler service =
        ServiceRpcHandler.of(
            SERVICE,
            Map.of(
                "Sleep",
                RpcMethodHandler.unaryUnaryBlocking(
                    (String request, io.github.grpcaio.ServicerContext<String, String> context) -> {
                      peakInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                      try {
                        Thread.sleep(SLEEP.toMillis());
                      } finally {
                        inFlight.decrementAndGet();
                      }
                      return request;
                    },
                    DESERIALIZER,
                    SERIALIZER)));

    harness =
        AioTestServer.builder()
            .transport(transport)
            .addService(service)
            .serverOptions(ServerOptions.Builder::virtualThreads)
            // The ten thousand clients live in this JVM too: on virtual threads of their own, so
            // that the platform threads counted are the server's, not a client pool's.
            .channelOptions(
                ChannelOptions.builder()
                    .executor(GrpcAio.virtualThreadExecutor().orElseThrow())
                    .build())
            .start();
  }

  /** The live platform threads, counted by name with the digits dropped, for the log. */
  private static java.util.SortedMap<String, Long> platformThreadsByName() {
    return Thread.getAllStackTraces().keySet().stream()
        .collect(
            java.util.stream.Collectors.groupingBy(
                t -> t.getName().replaceAll("[0-9]+", "N"),
                java.util.TreeMap::new,
                java.util.stream.Collectors.counting()));
  }

  @Test
  void tenThousandSleepingHandlers_allComplete_onAFewDozenPlatformThreads_noCarrierPinned()
      throws Exception {
    serve();
    UnaryUnaryMultiCallable<String, String> sleep =
        harness.channel().unaryUnary("/" + SERVICE + "/Sleep", SERIALIZER, DESERIALIZER);
    sleep.call("warm-up").await(); // connects, and loads the classes of one RPC
    ThreadMXBean threads = ManagementFactory.getThreadMXBean(); // counts platform threads only
    int before = threads.getThreadCount();
    threads.resetPeakThreadCount();
    long start = System.nanoTime();

    List<CompletableFuture<String>> responses = new ArrayList<>(HANDLERS);
    try (PinnedCarriers pinned = new PinnedCarriers()) {
      for (int i = 0; i < HANDLERS; i++) {
        String request = "r" + i;
        // The client blocks too: await() on a virtual thread of its own.
        responses.add(VirtualThreads.run(() -> sleep.call(request).await()));
      }
      for (int i = 0; i < HANDLERS; i++) {
        assertThat(Await.result(responses.get(i))).isEqualTo("r" + i);
      }
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      int peak = threads.getPeakThreadCount();
      System.out.printf(
          "%s: %d handlers sleeping %s: done in %d ms, at most %d at once; platform threads %d"
              + " before, peak %d (%s); pinned events %d%n",
          transport,
          HANDLERS,
          SLEEP,
          took.toMillis(),
          peakInFlight.get(),
          before,
          peak,
          platformThreadsByName(),
          pinned.total());

      // Far more handlers slept at once than there are platform threads.
      assertThat(peakInFlight.get()).isGreaterThan(10 * peak);
      assertThat(peak - before).isLessThanOrEqualTo(PLATFORM_THREADS_ADDED);
      assertThat(peak).isLessThanOrEqualTo(PLATFORM_THREADS);
      assertThat(pinned.attributableToLibrary()).isEmpty();
    }
  }
}
