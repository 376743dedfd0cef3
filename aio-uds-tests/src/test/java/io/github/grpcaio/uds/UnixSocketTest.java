package io.github.grpcaio.uds;

import static io.github.grpcaio.testkit.AioAssertions.assertThatRpc;
import static io.github.grpcaio.testkit.Utf8.DESERIALIZER;
import static io.github.grpcaio.testkit.Utf8.SERIALIZER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.grpcaio.Channel;
import io.github.grpcaio.ChannelCredentials;
import io.github.grpcaio.LocalConnectionType;
import io.github.grpcaio.RpcMethodHandler;
import io.github.grpcaio.Server;
import io.github.grpcaio.ServerCredentials;
import io.github.grpcaio.ServiceRpcHandler;
import io.github.grpcaio.ServicerContext;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.core.GrpcAio;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.TestPublisher;
import io.github.grpcaio.testkit.TestSubscriber;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Unix domain sockets with the generic API: every target form, every RPC kind, the peer and the
 * authentication context a handler sees, local credentials, and the errors a user meets.
 */
class UnixSocketTest {

  @TempDir Path dir;

  private final List<AutoCloseable> opened = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : opened) {
      c.close();
    }
  }

  /** The four kinds, plus "Peer" answering the handler's view of its caller. */
  private static ServiceRpcHandler echo() {
    return ServiceRpcHandler.of(
        "test.Echo",
        Map.of(
            "Unary",
            RpcMethodHandler.<String, String>unaryUnary(
                (req, ctx) -> CompletableFuture.completedFuture("echo:" + req),
                DESERIALIZER,
                SERIALIZER),
            "ServerStream",
            RpcMethodHandler.<String, String>unaryStream(
                (req, ctx) -> TestPublisher.generate(Integer.parseInt(req), i -> "m" + i),
                DESERIALIZER,
                SERIALIZER),
            "ClientStream",
            RpcMethodHandler.<String, String>streamUnary(
                (reqs, ctx) -> {
                  TestSubscriber<String> all = TestSubscriber.unbounded();
                  reqs.subscribe(all);
                  return all.completion().thenApply(items -> String.join("", items));
                },
                DESERIALIZER,
                SERIALIZER),
            "Bidi",
            RpcMethodHandler.<String, String>streamStreamWriter(
                (reqs, ctx) -> {
                  CompletableFuture<Void> done = new CompletableFuture<>();
                  echoEach(ctx, done);
                  return done;
                },
                DESERIALIZER,
                SERIALIZER),
            "Peer",
            RpcMethodHandler.<String, String>unaryUnary(
                (req, ctx) -> CompletableFuture.completedFuture(describe(ctx)),
                DESERIALIZER,
                SERIALIZER)));
  }

  /** Answers each request with it and "!", until the client is done writing. */
  private static void echoEach(ServicerContext<String, String> ctx, CompletableFuture<Void> done) {
    ctx.read()
        .thenCompose(
            m -> {
              if (m.isEmpty()) {
                done.complete(null);
                return CompletableFuture.<Void>completedFuture(null);
              }
              return ctx.write(m.get() + "!");
            })
        .whenComplete(
            (ignored, e) -> {
              if (e != null) {
                done.completeExceptionally(e);
              } else if (!done.isDone()) {
                echoEach(ctx, done);
              }
            });
  }

  private static String describe(ServicerContext<String, String> ctx) {
    Map<String, String> auth = new TreeMap<>();
    ctx.authContext().forEach((k, v) -> auth.put(k, new String(v.get(0), StandardCharsets.UTF_8)));
    return ctx.peer() + " " + auth;
  }

  private Server serve(Function<Server, Integer> bind) {
    Server server = GrpcAio.server();
    server.addGenericRpcHandlers(echo());
    opened.add(0, server);
    assertThat(bind.apply(server)).as("the port gRPC reports for a Unix socket").isEqualTo(1);
    Await.result(server.start());
    return server;
  }

  private static String call(Channel channel, String method, String request) {
    return Await.result(
        channel.unaryUnary(method, SERIALIZER, DESERIALIZER).call(request).response());
  }

  @ParameterizedTest
  @ValueSource(strings = {"unix:%s", "unix://%s", "unix-abstract:"})
  void allFourKinds_overEachTargetForm(String form) {
    String address =
        form.equals("unix-abstract:")
            ? "unix-abstract:grpc-aio-" + UUID.randomUUID()
            : form.formatted(dir.resolve("s.sock"));
    serve(s -> s.addInsecurePort(address));
    Channel channel = open(GrpcAio.insecureChannel(address));

    assertThat(call(channel, "/test.Echo/Unary", "hi")).isEqualTo("echo:hi");

    var us = channel.unaryStream("/test.Echo/ServerStream", SERIALIZER, DESERIALIZER).call("3");
    List<String> got = new ArrayList<>();
    for (var m = Await.result(us.read()); m.isPresent(); m = Await.result(us.read())) {
      got.add(m.get());
    }
    assertThat(got).containsExactly("m0", "m1", "m2");

    var su = channel.streamUnary("/test.Echo/ClientStream", SERIALIZER, DESERIALIZER).call();
    Await.result(su.write("a"));
    Await.result(su.write("b"));
    Await.result(su.doneWriting());
    assertThat(Await.result(su.response())).isEqualTo("ab");

    var ss = channel.streamStream("/test.Echo/Bidi", SERIALIZER, DESERIALIZER).call();
    Await.result(ss.write("x"));
    assertThat(Await.result(ss.read())).contains("x!");
    Await.result(ss.doneWriting());
    assertThat(Await.result(ss.read())).isEmpty();
    assertThatRpc(ss).succeedsWith(null);
  }

  @Test
  void relativePath_isReadFromTheWorkingDirectory() {
    Path relative = Path.of("").toAbsolutePath().relativize(dir.resolve("r.sock"));
    serve(s -> s.addInsecurePort("unix:" + relative));
    Channel channel = open(GrpcAio.insecureChannel("unix:" + dir.resolve("r.sock")));
    assertThat(call(channel, "/test.Echo/Unary", "rel")).isEqualTo("echo:rel");
  }

  @Test
  void plaintext_handlerSeesUnixPeerAndInsecureAuthContext() {
    String address = "unix:" + dir.resolve("p.sock");
    serve(s -> s.addInsecurePort(address));
    Channel channel = open(GrpcAio.insecureChannel(address));
    assertThat(call(channel, "/test.Echo/Peer", ""))
        .isEqualTo("unix: {security_level=TSI_SECURITY_NONE, transport_security_type=insecure}");
  }

  @Test
  void localCredentials_uds_bothWays() {
    String address = "unix:" + dir.resolve("l.sock");
    serve(s -> s.addSecurePort(address, ServerCredentials.local(LocalConnectionType.UDS)));
    Channel channel =
        open(GrpcAio.secureChannel(address, ChannelCredentials.local(LocalConnectionType.UDS)));
    assertThat(call(channel, "/test.Echo/Peer", ""))
        .isEqualTo(
            "unix: {security_level=TSI_PRIVACY_AND_INTEGRITY, transport_security_type=local}");
  }

  @Test
  void localCredentials_udsAbstract() {
    String address = "unix-abstract:grpc-aio-" + UUID.randomUUID();
    serve(s -> s.addSecurePort(address, ServerCredentials.local(LocalConnectionType.UDS)));
    Channel channel =
        open(GrpcAio.secureChannel(address, ChannelCredentials.local(LocalConnectionType.UDS)));
    assertThat(call(channel, "/test.Echo/Unary", "abs")).isEqualTo("echo:abs");
  }

  @Test
  void localCredentials_udsOverTcp_areRefusedClearly() {
    assertThatThrownBy(
            () ->
                GrpcAio.secureChannel(
                    "127.0.0.1:50051", ChannelCredentials.local(LocalConnectionType.UDS)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("type UDS need a Unix socket target")
        .hasMessageContaining("127.0.0.1:50051");
    Server server = open(GrpcAio.server());
    assertThatThrownBy(
            () ->
                server.addSecurePort(
                    "127.0.0.1:0", ServerCredentials.local(LocalConnectionType.UDS)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("type UDS need a Unix socket address")
        .hasMessageContaining("127.0.0.1:0");
  }

  @Test
  void localCredentials_localTcpOverUds_areRefusedClearly() {
    String address = "unix:" + dir.resolve("t.sock");
    assertThatThrownBy(
            () ->
                GrpcAio.secureChannel(
                    address, ChannelCredentials.local(LocalConnectionType.LOCAL_TCP)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("type LOCAL_TCP need a loopback TCP target")
        .hasMessageContaining(address);
    Server server = open(GrpcAio.server());
    assertThatThrownBy(
            () ->
                server.addSecurePort(
                    address, ServerCredentials.local(LocalConnectionType.LOCAL_TCP)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("type LOCAL_TCP need a loopback TCP address")
        .hasMessageContaining(address);
  }

  @Test
  void socketFileLeftBehind_isReplaced_andRemovedOnStop() throws Exception {
    Path path = dir.resolve("stale.sock");
    try (ServerSocketChannel crashed = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      crashed.bind(UnixDomainSocketAddress.of(path)); // the JDK leaves the file on close
    }
    assertThat(path).exists();
    Server server = serve(s -> s.addInsecurePort("unix:" + path));
    Channel channel = open(GrpcAio.insecureChannel("unix:" + path));
    assertThat(call(channel, "/test.Echo/Unary", "again")).isEqualTo("echo:again");

    Await.result(server.stop(null));
    assertThat(path).as("a stopped server removes its socket file").doesNotExist();
  }

  @Test
  void otherFileAtThePath_isKept_andTheBindFails() throws Exception {
    Path path = dir.resolve("data.txt");
    Files.writeString(path, "not a socket");
    Server server = open(GrpcAio.server());
    assertThatThrownBy(() -> server.addInsecurePort("unix:" + path))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessage("Failed to bind to address unix:" + path)
        .hasRootCauseMessage(path + ": a file that is not a socket");
    assertThat(path).hasContent("not a socket");
  }

  @Test
  void missingSocketFile_failsUnavailableNamingThePath() {
    Path missing = dir.resolve("missing.sock");
    Channel channel = open(GrpcAio.insecureChannel("unix:" + missing));
    assertThatRpc(channel.unaryUnary("/test.Echo/Unary", SERIALIZER, DESERIALIZER).call("x"))
        .failsWith(StatusCode.UNAVAILABLE)
        .hasDetailsContaining(missing.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"unix:", "unix-abstract:", "unix://host/tmp/s.sock"})
  void malformedTarget_isRefusedNamingIt(String target) {
    assertThatThrownBy(() -> GrpcAio.insecureChannel(target))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Invalid target '" + target + "'");
    Server server = open(GrpcAio.server());
    assertThatThrownBy(() -> server.addInsecurePort(target))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Invalid address '" + target + "'");
  }

  private <T extends AutoCloseable> T open(T closeable) {
    opened.add(0, closeable);
    return closeable;
  }
}
