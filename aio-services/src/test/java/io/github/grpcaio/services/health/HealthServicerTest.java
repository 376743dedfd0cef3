package io.github.grpcaio.services.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.grpcaio.ByteArrayMarshaller;
import io.github.grpcaio.RpcMethodHandler;
import io.github.grpcaio.Server;
import io.github.grpcaio.ServiceRpcHandler;
import io.github.grpcaio.core.GrpcAio;
import io.github.grpcaio.services.GrpcChannels;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.Transport;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.ClientCalls;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code HealthServicer} as Python's aio health servicer, seen by grpc-java's {@code HealthGrpc}
 * client: {@code enable} follows the server's lifecycle, {@code set} reaches {@code Check} and
 * {@code Watch}, unknown services, and a slow {@code Watch} reader.
 */
@ParameterizedClass
@EnumSource(Transport.class)
class HealthServicerTest {

  private static final MethodDescriptor.Marshaller<byte[]> BYTES =
      ByteArrayMarshaller.of(bytes -> bytes, bytes -> bytes);

  /** {@code /test.Gate/Wait}: answers when the test opens the gate. */
  private static final MethodDescriptor<byte[], byte[]> WAIT =
      MethodDescriptor.<byte[], byte[]>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName("test.Gate/Wait")
          .setRequestMarshaller(BYTES)
          .setResponseMarshaller(BYTES)
          .build();

  private final Transport transport;
  private final CompletableFuture<byte[]> gate = new CompletableFuture<>();
  private final CountDownLatch waiting = new CountDownLatch(1);
  private Server server;
  private HealthServicer health;
  private ManagedChannel channel;

  HealthServicerTest(Transport transport) {
    this.transport = transport;
  }

  @BeforeEach
  void startServer() {
    server = GrpcAio.server();
    String target = transport.bind(server);
    server.addGenericRpcHandlers(
        ServiceRpcHandler.of(
            "test.Gate",
            Map.of(
                "Wait",
                RpcMethodHandler.unaryUnary(
                    WAIT,
                    (request, context) -> {
                      waiting.countDown();
                      return gate;
                    }))));
    health = HealthServicer.enable(server);
    Await.result(server.start());
    channel = GrpcChannels.open(transport, target);
  }

  @AfterEach
  void stopServer() throws InterruptedException {
    gate.complete(new byte[0]);
    GrpcChannels.close(channel);
    Await.result(server.stop(Duration.ZERO));
  }

  private ServingStatus check(String service) {
    return check(channel, service);
  }

  private static ServingStatus check(ManagedChannel channel, String service) {
    return HealthGrpc.newBlockingStub(channel)
        .withDeadlineAfter(10, TimeUnit.SECONDS)
        .check(HealthCheckRequest.newBuilder().setService(service).build())
        .getStatus();
  }

  @Test
  void enable_afterStart_theServerAndEveryServiceAreServing() {
    assertThat(check("")).isEqualTo(ServingStatus.SERVING);
    assertThat(check("test.Gate")).isEqualTo(ServingStatus.SERVING);
    assertThat(check(HealthServicer.SERVICE_NAME)).isEqualTo(ServingStatus.SERVING);
  }

  @Test
  void enable_statusesSetBeforeStart_stayAfterStart() throws InterruptedException {
    Server warming = GrpcAio.server();
    String target = transport.bind(warming);
    warming.addGenericRpcHandlers(
        ServiceRpcHandler.of(
            "test.Warming",
            Map.of("Wait", RpcMethodHandler.unaryUnary(WAIT, (request, context) -> gate))));
    HealthServicer warmingHealth = HealthServicer.enable(warming);
    warmingHealth.set("test.Warming", ServingStatus.NOT_SERVING);
    warmingHealth.set("", ServingStatus.NOT_SERVING);
    Await.result(warming.start());
    ManagedChannel warmingChannel = GrpcChannels.open(transport, target);
    try {
      assertThat(check(warmingChannel, "test.Warming")).isEqualTo(ServingStatus.NOT_SERVING);
      assertThat(check(warmingChannel, "")).isEqualTo(ServingStatus.NOT_SERVING);
      assertThat(check(warmingChannel, HealthServicer.SERVICE_NAME))
          .as("a service whose status was not set")
          .isEqualTo(ServingStatus.SERVING);

      warmingHealth.set("test.Warming", ServingStatus.SERVING);

      assertThat(check(warmingChannel, "test.Warming")).isEqualTo(ServingStatus.SERVING);
    } finally {
      GrpcChannels.close(warmingChannel);
      Await.result(warming.stop(Duration.ZERO));
    }
  }

  @Test
  void enable_stopWithGrace_watchSeesNotServingWithin100msWhileAnInFlightRpcFinishes()
      throws Exception {
    Watcher watcher = Watcher.eager(channel, "");
    assertThat(watcher.next().status()).isEqualTo(ServingStatus.SERVING);
    Future<byte[]> inFlight =
        ClientCalls.futureUnaryCall(channel.newCall(WAIT, CallOptions.DEFAULT), new byte[0]);
    Await.latch(waiting, "the gated RPC's handler");

    long stopAt = System.nanoTime();
    CompletableFuture<Void> stopped = server.stop(Duration.ofSeconds(5));
    Watcher.Seen seen = watcher.next();

    assertThat(seen.status()).isEqualTo(ServingStatus.NOT_SERVING);
    assertThat(Duration.ofNanos(seen.nanos() - stopAt)).isLessThan(Duration.ofMillis(100));
    assertThat(stopped).isNotDone();
    gate.complete(new byte[] {42});
    assertThat(inFlight.get(10, TimeUnit.SECONDS)).containsExactly(42);
    watcher.cancel();
    Await.result(stopped);
  }

  @Test
  void set_reachesCheckAndWatch() {
    health.set("test.Gate", ServingStatus.NOT_SERVING);
    assertThat(check("test.Gate")).isEqualTo(ServingStatus.NOT_SERVING);
    Watcher watcher = Watcher.eager(channel, "test.Gate");
    assertThat(watcher.next().status()).isEqualTo(ServingStatus.NOT_SERVING);

    health.set("test.Gate", ServingStatus.NOT_SERVING); // no change: nothing sent
    health.set("test.Gate", ServingStatus.SERVING);

    assertThat(watcher.next().status()).isEqualTo(ServingStatus.SERVING);
    assertThat(check("test.Gate")).isEqualTo(ServingStatus.SERVING);
    watcher.cancel();
  }

  @Test
  void set_afterGracefulShutdown_isIgnored() {
    health.enterGracefulShutdown();
    health.set("", ServingStatus.SERVING);
    assertThat(check("")).isEqualTo(ServingStatus.NOT_SERVING);
    assertThat(check("test.Gate")).isEqualTo(ServingStatus.NOT_SERVING);
  }

  @Test
  void enable_onAServerThatHasHealthAlready_isRefused() {
    assertThatThrownBy(() -> HealthServicer.enable(server))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(HealthServicer.SERVICE_NAME);
  }

  @Test
  void set_unrecognized_isRefused() {
    assertThatThrownBy(() -> health.set("x", ServingStatus.UNRECOGNIZED))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void check_unknownService_isNotFound() {
    assertThatThrownBy(() -> check("no.Such"))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
              assertThat(e.getStatus().getDescription()).isEqualTo("unknown service");
            });
  }

  @Test
  void watch_unknownService_isServiceUnknownUntilSet() {
    Watcher watcher = Watcher.eager(channel, "no.Such");
    assertThat(watcher.next().status()).isEqualTo(ServingStatus.SERVICE_UNKNOWN);
    health.set("no.Such", ServingStatus.SERVING);
    assertThat(watcher.next().status()).isEqualTo(ServingStatus.SERVING);
    watcher.cancel();
  }

  /**
   * Statuses set while a reader does not read are not queued for it. Where the transport's flow
   * control reaches the server at once (in-process: the server may send only what the client asked
   * for), the reader then gets exactly the newest status. Over HTTP/2 the server may send into the
   * flow-control window ahead of the reader, so the reader may get intermediate statuses; still
   * never the same status twice in a row, and the newest last.
   */
  @Test
  void watch_slowReader_getsTheNewestStatusNotABacklog() {
    Watcher watcher = Watcher.slow(channel, "");
    watcher.request(1);
    assertThat(watcher.next().status()).isEqualTo(ServingStatus.SERVING);

    for (int i = 0; i < 100; i++) {
      health.set("", i % 2 == 0 ? ServingStatus.NOT_SERVING : ServingStatus.SERVING);
    }
    health.set("", ServingStatus.NOT_SERVING); // the newest: 101 changes in all

    watcher.request(Integer.MAX_VALUE);
    List<ServingStatus> got = new ArrayList<>();
    got.add(watcher.next().status());
    Await.stable("statuses received", Await.QUIET, watcher.seen::size);
    watcher.seen.forEach(seen -> got.add(seen.status()));

    if (transport == Transport.IN_PROCESS) {
      assertThat(got).containsExactly(ServingStatus.NOT_SERVING);
    } else {
      assertThat(got).hasSizeLessThanOrEqualTo(101).endsWith(ServingStatus.NOT_SERVING);
      for (int i = 1; i < got.size(); i++) {
        assertThat(got.get(i)).as("status %s", i).isNotEqualTo(got.get(i - 1));
      }
    }
    watcher.cancel();
  }
}
