package io.github.grpcaio.xds.it;

import static io.github.grpcaio.xds.it.MeshConfig.route;
import static io.github.grpcaio.xds.it.MeshConfig.split;
import static io.github.grpcaio.xds.it.MeshConfig.toCluster;
import static io.github.grpcaio.xds.it.MeshConfig.withRetries;
import static io.github.grpcaio.xds.it.MeshConfig.withTimeout;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.grpcaio.AioRpcError;
import io.github.grpcaio.CallOptions;
import io.github.grpcaio.Channel;
import io.github.grpcaio.ChannelCredentials;
import io.github.grpcaio.Server;
import io.github.grpcaio.ServerOptions;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.UnaryUnaryMultiCallable;
import io.github.grpcaio.core.GrpcAio;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.TestCertificates;
import io.github.grpcaio.testkit.ThreadLeakCheck;
import io.github.grpcaio.testkit.Utf8;
import io.github.grpcaio.xds.AioXds;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A proxyless service mesh end to end: an xDS control plane in this JVM on 127.0.0.1, three aio
 * backends on 127.0.0.1 ports, aio clients on {@code xds:///} targets that take their backends,
 * load balancing, traffic split, timeout and retries from it, and an aio server whose listener it
 * manages. xDS runs on TCP (Netty) only: there is no in-process variant of these tests.
 *
 * <p>The mesh: {@code xds:///greeter} round-robins over the three backends; {@code
 * xds:///greeter-update} too, until a test removes one; {@code xds:///greeter-split} sends 90% to
 * the first backend and 10% to the second; {@code xds:///greeter-policy} routes {@code Slow} with a
 * 300 ms timeout and {@code Flaky} with two retries on UNAVAILABLE.
 */
@ExtendWith(ThreadLeakCheck.class)
class XdsMeshTest {

  private static final String BOOTSTRAP_PROPERTY = "io.grpc.xds.bootstrapConfig";
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
  private static final long ROUTE_TIMEOUT_MILLIS = 300;

  private static final AtomicInteger flakyAttempts = new AtomicInteger();
  private static final List<Backend> backends = new CopyOnWriteArrayList<>();
  private static ControlPlane controlPlane;
  private static int[] ports;
  private static TestCertificates authority;
  private static int tlsPort;

  @BeforeAll
  static void startMesh() {
    controlPlane = new ControlPlane();
    System.setProperty(BOOTSTRAP_PROPERTY, controlPlane.bootstrap());
    for (String name : List.of("b0", "b1", "b2")) {
      backends.add(Backend.start(name, flakyAttempts));
    }
    ports = backends.stream().mapToInt(Backend::port).toArray();
    authority = TestCertificates.authority("xds test CA");
    Backend tls = Backend.startTls("tls", authority.issue("greeter-tls", "greeter-tls"));
    backends.add(tls);
    tlsPort = tls.port();
    controlPlane.update(mesh(ports));
  }

  /** The whole mesh, with {@code updatePorts} as the endpoints of {@code xds:///greeter-update}. */
  private static MeshConfig mesh(int... updatePorts) {
    return new MeshConfig()
        .cluster("greeter", ports)
        .cluster("update", updatePorts)
        .cluster("first", ports[0])
        .cluster("second", ports[1])
        .cluster("tls", tlsPort)
        .clientListener("greeter", route("", toCluster("greeter")))
        .clientListener("greeter-update", route("", toCluster("update")))
        .clientListener("greeter-tls", route("", toCluster("tls")))
        .clientListener("greeter-split", route("", split("first", 90, "second", 10)))
        .clientListener(
            "greeter-policy",
            route(
                "/" + Backend.SERVICE + "/Slow",
                withTimeout(toCluster("greeter"), ROUTE_TIMEOUT_MILLIS)),
            route("/" + Backend.SERVICE + "/Flaky", withRetries(toCluster("first"), 2)),
            route("", toCluster("greeter")))
        .serverListener();
  }

  @AfterAll
  static void stopMesh() {
    backends.forEach(Backend::close);
    if (controlPlane != null) {
      controlPlane.close();
    }
    System.clearProperty(BOOTSTRAP_PROPERTY);
  }

  private static UnaryUnaryMultiCallable<String, String> method(Channel channel, String name) {
    return channel.unaryUnary(
        "/" + Backend.SERVICE + "/" + name, Utf8.SERIALIZER, Utf8.DESERIALIZER);
  }

  private static String sayHello(Channel channel) {
    return method(channel, "SayHello")
        .call("hi", CallOptions.DEFAULT.withTimeout(CALL_TIMEOUT))
        .await();
  }

  /** Makes {@code calls} calls and counts the answers of each backend. */
  private static Map<String, Integer> spread(Channel channel, int calls) {
    Map<String, Integer> counts = new TreeMap<>();
    for (int i = 0; i < calls; i++) {
      counts.merge(sayHello(channel), 1, Integer::sum);
    }
    return counts;
  }

  @Test
  void roundRobinSpreadsCallsOverTheThreeBackends() {
    // xDS credentials with a plaintext fallback: the control plane sends no security here.
    try (Channel channel =
        GrpcAio.secureChannel("xds:///greeter", AioXds.insecureChannelCredentials())) {
      Map<String, Integer> counts = spread(channel, 300);

      assertThat(counts).containsOnlyKeys("b0", "b1", "b2");
      assertThat(counts.values()).allSatisfy(n -> assertThat(n).isBetween(60, 135)); // 20%-45%
    }
  }

  @Test
  void xdsChannelCredentialsFallBackToTlsWhenTheControlPlaneSendsNoSecurity() {
    ChannelCredentials tlsFallback =
        AioXds.channelCredentials(ChannelCredentials.ssl(authority.certificatePem(), null, null));
    try (Channel channel = GrpcAio.secureChannel("xds:///greeter-tls", tlsFallback)) {
      assertThat(sayHello(channel)).isEqualTo("tls");
    }
    // The same backend refuses the plaintext fallback: TLS above was no accident.
    try (Channel channel =
        GrpcAio.secureChannel("xds:///greeter-tls", AioXds.insecureChannelCredentials())) {
      AioRpcError error =
          Await.rpcError(
              method(channel, "SayHello")
                  .call("hi", CallOptions.DEFAULT.withTimeout(Duration.ofSeconds(2)))
                  .response());
      assertThat(error.code()).isIn(StatusCode.UNAVAILABLE, StatusCode.DEADLINE_EXCEEDED);
    }
  }

  @Test
  void anEndpointUpdateShiftsTrafficWithNoFailedCall() throws Exception {
    try (Channel channel = GrpcAio.insecureChannel("xds:///greeter-update")) {
      assertThat(spread(channel, 30)).containsOnlyKeys("b0", "b1", "b2");
      ConcurrentMap<String, AtomicLong> answers = new ConcurrentHashMap<>();
      List<Throwable> failures = new CopyOnWriteArrayList<>();
      AtomicBoolean running = new AtomicBoolean(true);
      AtomicLong sinceLastB2 = new AtomicLong();
      Thread caller =
          new Thread(
              () -> {
                while (running.get()) {
                  try {
                    String backend = sayHello(channel);
                    answers.computeIfAbsent(backend, k -> new AtomicLong()).incrementAndGet();
                    if (backend.equals("b2")) {
                      sinceLastB2.set(0);
                    } else {
                      sinceLastB2.incrementAndGet();
                    }
                  } catch (RuntimeException e) {
                    failures.add(e);
                  }
                }
              },
              "xds-update-caller");
      caller.start();
      try {
        Await.until("calls during the update", () -> answers.size() == 3);
        controlPlane.update(mesh(ports[0], ports[1]));
        Await.until(
            "100 calls in a row without the removed backend", () -> sinceLastB2.get() >= 100);
      } finally {
        running.set(false);
        caller.join(CALL_TIMEOUT.toMillis());
      }

      assertThat(failures).isEmpty();
      assertThat(spread(channel, 60)).containsOnlyKeys("b0", "b1");
    }
  }

  @Test
  void aWeightedSplitSendsNinetyPercentToTheFirstCluster() {
    try (Channel channel = GrpcAio.insecureChannel("xds:///greeter-split")) {
      int calls = 600; // 90% +- 5% is four standard deviations
      Map<String, Integer> counts = spread(channel, calls);

      assertThat(counts).containsOnlyKeys("b0", "b1");
      assertThat(counts.get("b0") / (double) calls).isCloseTo(0.90, within(0.05));
    }
  }

  @Test
  void theRouteTimeoutOfTheControlPlaneEndsASlowCall() {
    try (Channel channel = GrpcAio.insecureChannel("xds:///greeter-policy")) {
      sayHello(channel); // the configuration has arrived
      long start = System.nanoTime();
      AioRpcError error = Await.rpcError(method(channel, "Slow").call("hi").response());
      long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

      assertThat(error.code()).isEqualTo(StatusCode.DEADLINE_EXCEEDED);
      assertThat(elapsedMillis).isBetween(ROUTE_TIMEOUT_MILLIS - 50, 5_000L);
    }
  }

  @Test
  void theRetryPolicyOfTheControlPlaneRetriesAnUnavailableBackend() {
    try (Channel channel = GrpcAio.insecureChannel("xds:///greeter-policy")) {
      sayHello(channel); // the configuration has arrived
      flakyAttempts.set(0);

      String answer =
          method(channel, "Flaky")
              .call("hi", CallOptions.DEFAULT.withTimeout(CALL_TIMEOUT))
              .await();

      assertThat(answer).isEqualTo("b0");
      assertThat(flakyAttempts)
          .hasValue(2); // the first failed with UNAVAILABLE, the retry answered
    }
  }

  @Test
  void anXdsManagedAioServerServesTheListenerOfTheControlPlane() {
    Server server =
        GrpcAio.server(
            ServerOptions.builder()
                .handlers(List.of(Backend.greeter("xds-server", new AtomicInteger())))
                .grpcServerBuilderFactory(AioXds.serverBuilderFactory())
                .build());
    try {
      // Returns once the control plane has sent the listener (else it would wait or fail).
      int port = server.addInsecurePort("127.0.0.1:0");
      Await.result(server.start());

      try (Channel channel = GrpcAio.insecureChannel("127.0.0.1:" + port)) {
        assertThat(sayHello(channel)).isEqualTo("xds-server");
      }
    } finally {
      Await.result(server.stop(Duration.ZERO));
    }
  }
}
