package io.github.grpcaio.examples.microservices;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.testkit.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The "pool of channels" question: one channel with {@code round_robin} spreads calls over several
 * service-1 instances by itself; a second channel to the same target helps only when one connection
 * is the limit. Netty on 127.0.0.1 only: connections are what this is about.
 */
class ChannelPoolTest {

  /** How long the slow instances take per call. */
  private static final Duration SLOW = Duration.ofMillis(400);

  private static final int CALLS = 4;

  private final List<AutoCloseable> running = new ArrayList<>();

  @AfterEach
  void stopAll() throws Exception {
    for (int i = running.size() - 1; i >= 0; i--) {
      running.get(i).close();
    }
  }

  private <T extends AutoCloseable> T started(T service) {
    running.add(service);
    return service;
  }

  @Test
  void oneChannel_staticTargetOverTwoInstances_roundRobinReachesBoth() throws Exception {
    NameServer one = started(NameServer.start(new NameService(), "127.0.0.1:0"));
    NameServer two = started(NameServer.start(new NameService(), "127.0.0.1:0"));
    NameServiceClient client =
        started(
            NameServiceClient.connect(
                StaticResolverProvider.loopbackTarget(List.of(one.port(), two.port())),
                1,
                null,
                Duration.ofSeconds(5),
                true));

    // round_robin picks among the connected instances; the second may connect a little later.
    int calls = 0;
    while (calls < 200 && (one.service().processed() == 0 || two.service().processed() == 0)) {
      Await.result(client.processName("spread"), Duration.ofSeconds(10));
      calls++;
    }

    assertThat(one.service().processed()).isPositive();
    assertThat(two.service().processed()).isPositive();
    assertThat(one.service().processed() + two.service().processed()).isEqualTo(calls);
  }

  @Test
  void oneChannel_serverAllowsOneStreamPerConnection_callsQueueBehindEachOther() throws Exception {
    Duration took = concurrentCalls(1, 1);

    // One connection, one stream at a time: the calls run one after the other.
    assertThat(took).isGreaterThanOrEqualTo(SLOW.multipliedBy(CALLS));
  }

  @Test
  void fourChannels_serverAllowsOneStreamPerConnection_callsRunSideBySide() throws Exception {
    Duration took = concurrentCalls(1, CALLS);

    // A connection per channel: the second channel helps.
    assertThat(took).isLessThan(SLOW.multipliedBy(CALLS));
  }

  @Test
  void oneChannel_serverWithoutStreamLimit_callsRunSideBySide() throws Exception {
    Duration took = concurrentCalls(0, 1);

    // HTTP/2 multiplexes them on one connection: a second channel would add nothing.
    assertThat(took).isLessThan(SLOW.multipliedBy(CALLS));
  }

  /** Makes {@link #CALLS} calls at once to a slow instance and returns how long they all took. */
  private Duration concurrentCalls(int maxConcurrentStreams, int channels) throws Exception {
    NameServer slow =
        started(
            NameServer.start(new NameService(SLOW, 0), "127.0.0.1:0", null, maxConcurrentStreams));
    NameServiceClient client =
        started(
            NameServiceClient.connect(
                "127.0.0.1:" + slow.port(), channels, null, Duration.ofSeconds(20), true));
    Await.result(client.ready(), Duration.ofSeconds(10)); // connections up before the clock starts

    long start = System.nanoTime();
    List<CompletableFuture<ProcessNameReply>> calls = new ArrayList<>();
    for (int i = 0; i < CALLS; i++) {
      calls.add(client.processName("concurrent"));
    }
    Await.result(
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)), Duration.ofSeconds(30));
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    System.out.printf(
        "channels: %d calls of %d ms, maxConcurrentStreams %s, %d channel(s): %d ms%n",
        CALLS,
        SLOW.toMillis(),
        maxConcurrentStreams == 0 ? "unlimited" : maxConcurrentStreams,
        channels,
        took.toMillis());
    assertThat(slow.service().processed()).isEqualTo(CALLS);
    return took;
  }
}
