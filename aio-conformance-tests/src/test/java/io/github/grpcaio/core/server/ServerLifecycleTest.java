package io.github.grpcaio.core.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.grpcaio.CallOptions;
import io.github.grpcaio.Channel;
import io.github.grpcaio.ChannelOptions;
import io.github.grpcaio.GenericRpcHandler;
import io.github.grpcaio.LocalConnectionType;
import io.github.grpcaio.RpcMethodHandler;
import io.github.grpcaio.Server;
import io.github.grpcaio.ServerCredentials;
import io.github.grpcaio.ServerOptions;
import io.github.grpcaio.ServiceRpcHandler;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.UsageError;
import io.github.grpcaio.core.GrpcAio;
import io.github.grpcaio.testkit.AioTestServer;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.Transport;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Starting a server, binding its ports and refusing what is not implemented: the documented
 * outcomes of every entry point, good input and bad.
 */
class ServerLifecycleTest {

  private static final GenericRpcHandler ECHO =
      Kind.UNARY_UNARY.service(ctx -> CompletableFuture.completedFuture("served"));

  /** Servers and channels to close after each test, in reverse order. */
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      AutoCloseable c = toClose.get(i);
      if (c instanceof Server s) {
        Await.result(s.stop(null));
      } else if (c instanceof Channel ch) {
        Await.result(ch.closeAsync(Duration.ZERO));
      } else {
        c.close();
      }
    }
  }

  private <T extends AutoCloseable> T closeLater(T c) {
    toClose.add(c);
    return c;
  }

  /** A server bound to a port of {@code transport} but not started, and a channel to it. */
  private record Unstarted(Server server, Channel channel) {}

  private Unstarted unstarted(Transport transport, ServerOptions options) {
    Server server = closeLater(GrpcAio.server(options));
    server.addGenericRpcHandlers(ECHO);
    Channel channel = closeLater(transport.open(transport.bind(server), ChannelOptions.DEFAULT));
    return new Unstarted(server, channel);
  }

  private static Kind.Rpc echo(Channel channel) {
    return Kind.UNARY_UNARY.invoke(channel, CallOptions.DEFAULT);
  }

  // ---- start ----

  @ParameterizedTest
  @EnumSource(Transport.class)
  void start_calledTwice_secondIsANoOpAndTheServerKeepsServing(Transport transport) {
    AioTestServer h = closeLater(transport.start(ECHO));

    CompletableFuture<Void> second = h.server().start();

    assertThat(second).isCompleted();
    assertThat(Await.result(echo(h.channel()).responses())).containsExactly("served");
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void rpc_beforeStart_unavailableAndServedOnceStarted(Transport transport) {
    Unstarted h = unstarted(transport, ServerOptions.DEFAULT);

    Kind.Rpc early = echo(h.channel());

    assertThat(Await.rpcError(early.responses()).code()).isEqualTo(StatusCode.UNAVAILABLE);
    Await.result(h.server().start());
    assertThat(Await.result(echo(h.channel()).responses())).containsExactly("served");
  }

  @Test
  void start_afterStop_throwsUsageError() {
    Server server = closeLater(GrpcAio.server());
    Await.result(server.start());
    Await.result(server.stop(null));

    assertThatThrownBy(server::start).isInstanceOf(UsageError.class);
  }

  @Test
  void stop_beforeStart_completesAndTheServerCannotStart() {
    Server server = closeLater(GrpcAio.server());
    server.addInsecurePort("127.0.0.1:0");

    Await.result(server.stop(Duration.ofSeconds(5)));

    assertThat(Await.result(server.waitForTermination(Duration.ZERO))).isFalse();
    assertThatThrownBy(server::start).isInstanceOf(UsageError.class);
  }

  @Test
  void close_calledTwice_secondReturnsAtOnce() {
    Server server = closeLater(GrpcAio.server());
    Await.result(server.start());

    server.close();
    server.close();

    assertThat(Await.result(server.waitForTermination(Duration.ZERO))).isFalse();
  }

  // ---- handlers ----

  @ParameterizedTest
  @EnumSource(Transport.class)
  void handlers_fromOptionsThenAdded_consultedInThatOrder(Transport transport) {
    // A plain generic handler, as ECHO serves the same service and a server serves one
    // ServiceRpcHandler per service name.
    RpcMethodHandler<String, String> fromOptions =
        Kind.UNARY_UNARY.handler(ctx -> CompletableFuture.completedFuture("options"));
    GenericRpcHandler sameMethod =
        details -> details.method().equals(Kind.UNARY_UNARY.method()) ? fromOptions : null;
    ServerOptions options = ServerOptions.builder().handlers(List.of(sameMethod)).build();
    Unstarted h = unstarted(transport, options);

    Await.result(h.server().start());

    assertThat(Await.result(echo(h.channel()).responses())).containsExactly("options");
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void addGenericRpcHandlers_afterStart_servesTheNewMethods(Transport transport) {
    AioTestServer h = closeLater(transport.start(ECHO));

    h.server()
        .addGenericRpcHandlers(
            ServiceRpcHandler.of(
                "test.Late",
                Map.of(
                    Kind.STREAM_STREAM.methodName,
                    Kind.STREAM_STREAM.handler(ctx -> CompletableFuture.completedFuture("late")))));

    // Another service than ECHO's: one server serves one service per name.
    Kind.Rpc rpc =
        Kind.STREAM_STREAM.invoke(
            h.channel(), "/test.Late/" + Kind.STREAM_STREAM.methodName, CallOptions.DEFAULT);
    assertThat(Await.result(rpc.responses())).containsExactly("late");
  }

  @Test
  void addGenericRpcHandlers_nullHandler_throwsNullPointerException() {
    Server server = closeLater(GrpcAio.server());

    assertThatThrownBy(() -> server.addGenericRpcHandlers(ECHO, null))
        .isInstanceOf(NullPointerException.class);
  }

  // ---- ports ----

  @Test
  void addInsecurePort_portZero_returnsTheBoundPortWhichServes() {
    Server server = closeLater(GrpcAio.server());
    server.addGenericRpcHandlers(ECHO);

    int port = server.addInsecurePort("127.0.0.1:0");

    assertThat(port).isBetween(1, 65535);
    Await.result(server.start());
    Channel channel = closeLater(GrpcAio.insecureChannel("127.0.0.1:" + port));
    assertThat(Await.result(echo(channel).responses())).containsExactly("served");
  }

  @Test
  void addInsecurePort_afterStart_servesOnTheNewPortToo() {
    Server server = closeLater(GrpcAio.server());
    server.addGenericRpcHandlers(ECHO);
    server.addInsecurePort("127.0.0.1:0");
    Await.result(server.start());

    int late = server.addInsecurePort("127.0.0.1:0");

    Channel channel = closeLater(GrpcAio.insecureChannel("127.0.0.1:" + late));
    assertThat(Await.result(echo(channel).responses())).containsExactly("served");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "127.0.0.1",
        "127.0.0.1:",
        "127.0.0.1:http",
        "127.0.0.1:-1",
        "127.0.0.1:65536",
        "::1:0",
        "[::1:0",
        "[::1]0"
      })
  void addInsecurePort_malformedAddress_throwsIllegalArgumentException(String address) {
    Server server = closeLater(GrpcAio.server());

    assertThatThrownBy(() -> server.addInsecurePort(address))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(address);
  }

  @Test
  void addInsecurePort_portInUse_throwsUncheckedIOExceptionNamingTheAddress() {
    Server first = closeLater(GrpcAio.server());
    int port = first.addInsecurePort("127.0.0.1:0");
    Server second = closeLater(GrpcAio.server());
    String address = "127.0.0.1:" + port;

    assertThatThrownBy(() -> second.addInsecurePort(address))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessage("Failed to bind to address " + address);
  }

  @Test
  void addInProcessPort_nameTaken_throwsUncheckedIOExceptionAndTheOwnerKeepsServing() {
    String name = "aio-lifecycle-" + UUID.randomUUID();
    Server owner = closeLater(GrpcAio.server());
    owner.addGenericRpcHandlers(ECHO);
    owner.addInProcessPort(name);
    Await.result(owner.start());
    Server other = closeLater(GrpcAio.server());

    assertThatThrownBy(() -> other.addInProcessPort(name))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining(name);

    Channel channel = closeLater(GrpcAio.inProcessChannel(name));
    assertThat(Await.result(echo(channel).responses())).containsExactly("served");
  }

  @Test
  void addSecurePort_tlsCredentialsWithMalformedPem_throwsIllegalArgumentNamingThePem() {
    Server server = closeLater(GrpcAio.server());
    byte[] pem = "-----BEGIN X-----\n-----END X-----\n".getBytes(StandardCharsets.US_ASCII);
    ServerCredentials tls =
        ServerCredentials.ssl(
            List.of(new ServerCredentials.KeyCertificatePair(pem, pem)), null, false);

    assertThatThrownBy(() -> server.addSecurePort("127.0.0.1:0", tls))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("keyCertificatePairs[0].privateKey");
  }

  @Test
  void addSecurePort_localCredentials_bindsALoopbackPort() {
    Server server = closeLater(GrpcAio.server());

    int port =
        server.addSecurePort("127.0.0.1:0", ServerCredentials.local(LocalConnectionType.LOCAL_TCP));

    assertThat(port).isPositive();
  }

  @Test
  void addSecurePort_insecureCredentials_bindsAPlaintextPort() {
    Server server = closeLater(GrpcAio.server());
    server.addGenericRpcHandlers(ECHO);

    int port = server.addSecurePort("127.0.0.1:0", ServerCredentials.insecure());

    Await.result(server.start());
    Channel channel = closeLater(GrpcAio.insecureChannel("127.0.0.1:" + port));
    assertThat(Await.result(echo(channel).responses())).containsExactly("served");
  }
}
