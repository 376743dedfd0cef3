package io.github.grpcaio.core.security;

import static io.github.grpcaio.core.security.SecureServer.echo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.grpcaio.AioRpcError;
import io.github.grpcaio.AuthMetadataContext;
import io.github.grpcaio.AuthMetadataPlugin;
import io.github.grpcaio.CallCredentials;
import io.github.grpcaio.CallOptions;
import io.github.grpcaio.Channel;
import io.github.grpcaio.ChannelCredentials;
import io.github.grpcaio.ChannelOptions;
import io.github.grpcaio.Metadata;
import io.github.grpcaio.RpcMethodHandler;
import io.github.grpcaio.Server;
import io.github.grpcaio.ServerCredentials;
import io.github.grpcaio.ServiceRpcHandler;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.UnaryStreamCall;
import io.github.grpcaio.UnaryUnaryCall;
import io.github.grpcaio.UsageError;
import io.github.grpcaio.core.GrpcAio;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.TestCertificates;
import io.github.grpcaio.testkit.Utf8;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Call credentials on a TLS channel: what reaches the server, in which order, and failures. */
class CallCredentialsTest {

  private static TestCertificates ca;
  private static TestCertificates serverIdentity;

  private SecureServer server;
  private ExecutorService channelExecutor;

  @BeforeAll
  static void makeCertificates() {
    ca = TestCertificates.authority("test CA");
    serverIdentity = ca.issue("server", "localhost", "127.0.0.1");
  }

  @BeforeEach
  void setUp() {
    server = SecureServer.tls(serverIdentity);
    channelExecutor = Executors.newCachedThreadPool(r -> new Thread(r, "channel-executor"));
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    server.close();
    channelExecutor.shutdownNow();
    assertThat(channelExecutor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  private Channel tlsChannel(ChannelCredentials credentials) {
    return server.channel(
        "localhost", credentials, ChannelOptions.builder().executor(channelExecutor).build());
  }

  private static ChannelCredentials tls() {
    return ChannelCredentials.ssl(ca.certificatePem(), null, null);
  }

  private static CallOptions with(CallCredentials credentials) {
    return CallOptions.DEFAULT.withCredentials(credentials);
  }

  /** A plugin adding {@code key: value}. */
  private static CallCredentials adding(String key, String value) {
    return CallCredentials.metadata(
        context -> CompletableFuture.completedFuture(Metadata.of(key, value)), key + "=" + value);
  }

  @Test
  void accessToken_reachesServerAsBearerAuthorization() throws Exception {
    Channel channel = tlsChannel(tls());

    Await.result(echo(channel).call("hi", with(CallCredentials.accessToken("s3cret"))).response());

    assertThat(server.nextSeen().metadata().get("authorization")).isEqualTo("Bearer s3cret");
  }

  @Test
  void plugin_runsOnChannelExecutor_withServiceUrlAndMethod() throws Exception {
    AtomicReference<AuthMetadataContext> context = new AtomicReference<>();
    AtomicReference<String> thread = new AtomicReference<>();
    AuthMetadataPlugin plugin =
        c -> {
          context.set(c);
          thread.set(Thread.currentThread().getName());
          return CompletableFuture.completedFuture(Metadata.of("x-user", "alice"));
        };
    Channel channel = tlsChannel(tls());

    Await.result(
        echo(channel).call("hi", with(CallCredentials.metadata(plugin, "users"))).response());

    assertThat(server.nextSeen().metadata().get("x-user")).isEqualTo("alice");
    assertThat(context.get())
        .isEqualTo(
            new AuthMetadataContext("https://localhost:" + server.port + "/test.Secure", "Echo"));
    assertThat(thread.get()).isEqualTo("channel-executor");
  }

  @Test
  void pluginFailedStage_failsCallUnavailable_withPluginMessage() {
    AuthMetadataPlugin plugin =
        c -> CompletableFuture.failedFuture(new IllegalStateException("token service down"));
    Channel channel = tlsChannel(tls());

    AioRpcError error =
        Await.rpcError(
            echo(channel).call("hi", with(CallCredentials.metadata(plugin, null))).response());

    assertThat(error.code()).isEqualTo(StatusCode.UNAVAILABLE);
    assertThat(error.details())
        .isEqualTo("Getting metadata from plugin failed with error: token service down");
    assertThat(server.seen).isEmpty();
  }

  @Test
  void pluginThrowing_failsCallUnavailable_withPluginMessage() {
    AuthMetadataPlugin plugin =
        c -> {
          throw new IllegalArgumentException("bad config");
        };
    Channel channel = tlsChannel(tls());

    AioRpcError error =
        Await.rpcError(
            echo(channel).call("hi", with(CallCredentials.metadata(plugin, null))).response());

    assertThat(error.code()).isEqualTo(StatusCode.UNAVAILABLE);
    assertThat(error.details())
        .isEqualTo("Getting metadata from plugin failed with error: bad config");
  }

  @Test
  void pluginReturningNull_failsCallUnavailable() {
    Channel channel = tlsChannel(tls());

    AioRpcError error =
        Await.rpcError(
            echo(channel).call("hi", with(CallCredentials.metadata(c -> null, null))).response());

    assertThat(error.code()).isEqualTo(StatusCode.UNAVAILABLE);
    assertThat(error.details()).startsWith("Getting metadata from plugin failed with error: ");
  }

  @Test
  void compositeCallCredentials_applyInOrder() throws Exception {
    Channel channel = tlsChannel(tls());
    CallCredentials composite =
        CallCredentials.composite(
            adding("x-order", "first"),
            CallCredentials.accessToken("t"),
            adding("x-order", "second"));

    Await.result(echo(channel).call("hi", with(composite)).response());
    Metadata seen = server.nextSeen().metadata();

    assertThat(seen.getAll("x-order")).containsExactly("first", "second");
    assertThat(seen.get("authorization")).isEqualTo("Bearer t");
  }

  @Test
  void compositeChannelCredentials_applyToEveryCall_beforeTheCallsOwn() throws Exception {
    Channel channel = tlsChannel(ChannelCredentials.composite(tls(), adding("x-order", "channel")));

    Await.result(echo(channel).call("one").response());
    Await.result(echo(channel).call("two", with(adding("x-order", "call"))).response());

    assertThat(server.nextSeen().metadata().getAll("x-order")).containsExactly("channel");
    assertThat(server.nextSeen().metadata().getAll("x-order")).containsExactly("channel", "call");
  }

  @Test
  void callCredentials_onInsecureChannel_throwUsageError() {
    try (Channel channel = GrpcAio.insecureChannel("127.0.0.1:" + server.port)) {
      assertThatThrownBy(() -> echo(channel).call("hi", with(CallCredentials.accessToken("t"))))
          .isInstanceOf(UsageError.class)
          .hasMessage("Call credentials are only valid on secure channels");
    }
  }

  @Test
  void pluginMetadata_isNotLeftOnOtherCalls() throws Exception {
    Channel channel = tlsChannel(tls());

    Await.result(echo(channel).call("one", with(adding("x-user", "alice"))).response());
    Await.result(echo(channel).call("two").response());

    assertThat(server.nextSeen().metadata().getAll("x-user")).containsExactly("alice");
    assertThat(server.nextSeen().metadata().getAll("x-user")).isEqualTo(List.of());
  }

  @Test
  void pluginThatNeverAnswers_callEndsAtItsDeadline() {
    CompletableFuture<Metadata> never = new CompletableFuture<>();
    Channel channel = tlsChannel(tls());
    CallOptions options =
        with(CallCredentials.metadata(c -> never, null)).withTimeout(Duration.ofMillis(200));

    AioRpcError error = Await.rpcError(echo(channel).call("hi", options).response());

    assertThat(error.code()).isEqualTo(StatusCode.DEADLINE_EXCEEDED);
    assertThat(server.seen).isEmpty();
  }

  @Test
  void accessToken_onServerStreamingCall_reachesServer() throws Exception {
    List<String> tokens = new CopyOnWriteArrayList<>();
    Server streaming = GrpcAio.server();
    streaming.addGenericRpcHandlers(
        ServiceRpcHandler.of(
            "test.Stream",
            Map.of(
                "Count",
                RpcMethodHandler.<String, String>unaryStreamWriter(
                    (request, context) -> {
                      tokens.add(context.invocationMetadata().get("authorization"));
                      return context.write("1").thenCompose(ignored -> context.write("2"));
                    },
                    Utf8.DESERIALIZER,
                    Utf8.SERIALIZER))));
    int port =
        streaming.addSecurePort(
            "127.0.0.1:0",
            ServerCredentials.ssl(
                List.of(
                    new ServerCredentials.KeyCertificatePair(
                        serverIdentity.privateKeyPem(), serverIdentity.certificatePem())),
                null,
                false));
    try (Channel channel = GrpcAio.secureChannel("localhost:" + port, tls())) {
      Await.result(streaming.start());

      UnaryStreamCall<String> call =
          channel
              .unaryStream("/test.Stream/Count", Utf8.SERIALIZER, Utf8.DESERIALIZER)
              .call("go", with(CallCredentials.accessToken("stream-token")));

      assertThat(Await.result(call.read())).contains("1");
      assertThat(Await.result(call.read())).contains("2");
      assertThat(Await.result(call.read())).isEmpty();
      assertThat(tokens).containsExactly("Bearer stream-token");
    } finally {
      Await.result(streaming.stop(null));
    }
  }

  @Test
  void pluginThatNeverAnswers_channelCloseStillCompletes() {
    CompletableFuture<Metadata> never = new CompletableFuture<>();
    CompletableFuture<Void> asked = new CompletableFuture<>();
    AuthMetadataPlugin plugin =
        c -> {
          asked.complete(null);
          return never;
        };
    Channel channel = tlsChannel(tls());
    UnaryUnaryCall<String> call =
        echo(channel).call("hi", with(CallCredentials.metadata(plugin, null)));
    Await.result(asked); // grpc-java now holds the transport for the pending metadata

    Await.result(channel.closeAsync(Duration.ZERO));

    assertThat(Await.result(call.code())).isEqualTo(StatusCode.CANCELLED);
    assertThat(server.seen).isEmpty();
  }
}
