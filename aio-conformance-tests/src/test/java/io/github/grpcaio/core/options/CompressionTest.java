package io.github.grpcaio.core.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.github.grpcaio.CallOptions;
import io.github.grpcaio.Channel;
import io.github.grpcaio.ChannelOptions;
import io.github.grpcaio.Compression;
import io.github.grpcaio.Deserializer;
import io.github.grpcaio.Metadata;
import io.github.grpcaio.RpcMethodHandler;
import io.github.grpcaio.Serializer;
import io.github.grpcaio.Server;
import io.github.grpcaio.ServerOptions;
import io.github.grpcaio.ServiceRpcHandler;
import io.github.grpcaio.UnaryStreamCall;
import io.github.grpcaio.core.GrpcAio;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.Transport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Compression (gzip, deflate, identity): per channel, per call, per server, {@code
 * ServicerContext.setCompression} and {@code disableNextMessageCompression}. The encoding is seen
 * by plain grpc-java on the other side (its {@code grpc-encoding} header), and on Netty as bytes on
 * the wire through a counting proxy.
 */
@ParameterizedClass
@EnumSource(Transport.class)
class CompressionTest {

  private static final String SERVICE = "test.Compress";

  /** 256 KiB of one letter: a few hundred bytes once compressed. */
  private static final byte[] COMPRESSIBLE =
      "a".repeat(256 * 1024).getBytes(StandardCharsets.UTF_8);

  private final Transport transport;
  private final List<AutoCloseable> resources = new ArrayList<>();

  CompressionTest(Transport transport) {
    this.transport = transport;
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = resources.size() - 1; i >= 0; i--) {
      AutoCloseable r = resources.get(i);
      if (r instanceof Channel c) {
        Await.result(c.closeAsync(Duration.ZERO));
      } else if (r instanceof Server s) {
        Await.result(s.stop(null));
      } else {
        r.close();
      }
    }
  }

  private <T extends AutoCloseable> T keep(T resource) {
    resources.add(resource);
    return resource;
  }

  // ---- the client's compression, seen by a grpc-java server ----

  private RawGrpc.EchoServer rawServer() throws Exception {
    return keep(new RawGrpc.EchoServer(transport));
  }

  private Channel channelTo(RawGrpc.EchoServer raw, ChannelOptions options) {
    return keep(transport.open(raw.address, options));
  }

  @Test
  void channelCompression_gzip_serverSeesGzipAndDecodes() throws Exception {
    RawGrpc.EchoServer raw = rawServer();
    Channel channel =
        channelTo(raw, ChannelOptions.builder().compression(Compression.GZIP).build());

    byte[] response =
        Await.result(channel.unaryUnary("/raw.Echo/Echo").call(COMPRESSIBLE).response());

    assertThat(raw.next().encoding()).isEqualTo("gzip");
    assertThat(response).isEqualTo(COMPRESSIBLE);
  }

  @Test
  void noCompression_serverSeesNoEncoding() throws Exception {
    RawGrpc.EchoServer raw = rawServer();
    Channel channel = channelTo(raw, ChannelOptions.DEFAULT);

    Await.result(channel.unaryUnary("/raw.Echo/Echo").call(COMPRESSIBLE).response());

    assertThat(raw.next().encoding()).isNull();
  }

  @ParameterizedTest
  @EnumSource(Compression.class)
  void callCompression_overridesChannelDefault(Compression perCall) throws Exception {
    RawGrpc.EchoServer raw = rawServer();
    Channel channel =
        channelTo(raw, ChannelOptions.builder().compression(Compression.GZIP).build());

    byte[] response =
        Await.result(
            channel
                .unaryUnary("/raw.Echo/Echo")
                .call(COMPRESSIBLE, CallOptions.DEFAULT.withCompression(perCall))
                .response());

    String expected = perCall == Compression.NO_COMPRESSION ? null : perCall.encoding();
    assertThat(raw.next().encoding()).isEqualTo(expected);
    assertThat(response).isEqualTo(COMPRESSIBLE);
  }

  // ---- the server's compression, seen by a grpc-java client ----

  private String aioServer(ServerOptions options) {
    Map<String, RpcMethodHandler<?, ?>> methods =
        Map.of(
            "Echo",
            RpcMethodHandler.<byte[], byte[]>unaryUnary(
                (req, ctx) -> CompletableFuture.completedFuture(req),
                Deserializer.bytes(),
                Serializer.bytes()),
            "Choose",
            RpcMethodHandler.<byte[], byte[]>unaryUnary(
                (req, ctx) -> {
                  ctx.setCompression(Compression.valueOf(new String(req, StandardCharsets.UTF_8)));
                  return CompletableFuture.completedFuture(COMPRESSIBLE);
                },
                Deserializer.bytes(),
                Serializer.bytes()),
            "Late",
            RpcMethodHandler.<byte[], byte[]>unaryUnary(
                (req, ctx) ->
                    ctx.sendInitialMetadata(new Metadata())
                        .thenApply(
                            sent -> {
                              try {
                                ctx.setCompression(Compression.GZIP);
                                return "accepted".getBytes(StandardCharsets.UTF_8);
                              } catch (IllegalStateException e) {
                                return ("refused: " + e.getMessage())
                                    .getBytes(StandardCharsets.UTF_8);
                              }
                            }),
                Deserializer.bytes(),
                Serializer.bytes()),
            "Stream",
            RpcMethodHandler.<byte[], byte[]>unaryStreamWriter(
                (req, ctx) -> {
                  if (req[0] == 'd') {
                    ctx.disableNextMessageCompression();
                  }
                  return ctx.write(COMPRESSIBLE).thenCompose(v -> ctx.write(COMPRESSIBLE));
                },
                Deserializer.bytes(),
                Serializer.bytes()));
    Server server = keep(GrpcAio.server(options));
    server.addGenericRpcHandlers(ServiceRpcHandler.of(SERVICE, methods));
    String address = transport.bind(server);
    Await.result(server.start());
    return address;
  }

  private RawGrpc.RecordingChannel rawChannel(String address) {
    return keep(new RawGrpc.RecordingChannel(transport, address));
  }

  @Test
  void serverCompression_gzip_clientSeesGzipAndDecodes() throws Exception {
    String address = aioServer(ServerOptions.builder().compression(Compression.GZIP).build());
    RawGrpc.RecordingChannel client = rawChannel(address);

    byte[] response = client.call(RawGrpc.unary("/" + SERVICE + "/Echo"), COMPRESSIBLE);

    assertThat(client.nextEncoding()).isEqualTo("gzip");
    assertThat(response).isEqualTo(COMPRESSIBLE);
  }

  @Test
  void serverWithoutCompression_clientSeesNoEncoding() throws Exception {
    String address = aioServer(ServerOptions.DEFAULT);
    RawGrpc.RecordingChannel client = rawChannel(address);

    client.call(RawGrpc.unary("/" + SERVICE + "/Echo"), COMPRESSIBLE);

    assertThat(client.nextEncoding()).isEqualTo("identity"); // grpc-java always names it
  }

  @ParameterizedTest
  @EnumSource(Compression.class)
  void setCompression_overridesServerDefault(Compression chosen) throws Exception {
    String address = aioServer(ServerOptions.builder().compression(Compression.GZIP).build());
    RawGrpc.RecordingChannel client = rawChannel(address);

    byte[] response =
        client.call(
            RawGrpc.unary("/" + SERVICE + "/Choose"),
            chosen.name().getBytes(StandardCharsets.UTF_8));

    assertThat(client.nextEncoding()).isEqualTo(chosen.encoding());
    assertThat(response).isEqualTo(COMPRESSIBLE);
  }

  @Test
  void setCompression_afterHeadersSent_throwsIllegalStateException() throws Exception {
    String address = aioServer(ServerOptions.DEFAULT);
    RawGrpc.RecordingChannel client = rawChannel(address);

    byte[] response = client.call(RawGrpc.unary("/" + SERVICE + "/Late"), new byte[0]);

    assertThat(new String(response, StandardCharsets.UTF_8))
        .startsWith("refused: ")
        .contains("before the headers are sent");
  }

  // ---- aio on both sides ----

  @ParameterizedTest
  @EnumSource(Compression.class)
  void aioBothSides_everyAlgorithm_roundTrips(Compression compression) throws Exception {
    String address = aioServer(ServerOptions.builder().compression(compression).build());
    ChannelOptions options = ChannelOptions.builder().compression(compression).build();
    Channel channel = keep(transport.open(address, options));

    byte[] echoed =
        Await.result(channel.unaryUnary("/" + SERVICE + "/Echo").call(COMPRESSIBLE).response());
    List<byte[]> streamed =
        readAll(channel.unaryStream("/" + SERVICE + "/Stream").call(new byte[] {'d'}));

    assertThat(echoed).isEqualTo(COMPRESSIBLE);
    assertThat(streamed).hasSize(2).allSatisfy(m -> assertThat(m).isEqualTo(COMPRESSIBLE));
  }

  private static List<byte[]> readAll(UnaryStreamCall<byte[]> call) {
    List<byte[]> out = new ArrayList<>();
    while (true) {
      Optional<byte[]> next = Await.result(call.read());
      if (next.isEmpty()) {
        return out;
      }
      out.add(next.get());
    }
  }

  // ---- on the wire (Netty) ----

  @ParameterizedTest
  @EnumSource(Compression.class)
  void onTheWire_compressedRequestsAndResponsesAreSmall(Compression compression) throws Exception {
    assumeThat(transport).isEqualTo(Transport.NETTY);
    String address = aioServer(ServerOptions.builder().compression(compression).build());
    ByteCountingProxy proxy =
        keep(new ByteCountingProxy(Integer.parseInt(address.substring(address.indexOf(':') + 1))));
    Channel channel =
        keep(
            GrpcAio.insecureChannel(
                "127.0.0.1:" + proxy.port(),
                ChannelOptions.builder().compression(compression).build()));

    byte[] echoed =
        Await.result(channel.unaryUnary("/" + SERVICE + "/Echo").call(COMPRESSIBLE).response());

    assertThat(echoed).isEqualTo(COMPRESSIBLE);
    if (compression == Compression.NO_COMPRESSION) {
      assertThat(proxy.toServer.get()).isGreaterThan(COMPRESSIBLE.length);
      assertThat(proxy.toClient.get()).isGreaterThan(COMPRESSIBLE.length);
    } else {
      assertThat(proxy.toServer.get()).isLessThan(16 * 1024);
      assertThat(proxy.toClient.get()).isLessThan(16 * 1024);
    }
  }

  @Test
  void onTheWire_disableNextMessageCompression_sendsOnlyTheNextMessageUncompressed()
      throws Exception {
    assumeThat(transport).isEqualTo(Transport.NETTY);
    String address = aioServer(ServerOptions.builder().compression(Compression.GZIP).build());
    ByteCountingProxy proxy =
        keep(new ByteCountingProxy(Integer.parseInt(address.substring(address.indexOf(':') + 1))));
    Channel channel = keep(GrpcAio.insecureChannel("127.0.0.1:" + proxy.port()));
    Await.result(channel.channelReady());

    long before = proxy.toClient.get();
    List<byte[]> compressed =
        readAll(channel.unaryStream("/" + SERVICE + "/Stream").call(new byte[] {'c'}));
    long bothCompressed = proxy.toClient.get() - before;
    before = proxy.toClient.get();
    List<byte[]> firstPlain =
        readAll(channel.unaryStream("/" + SERVICE + "/Stream").call(new byte[] {'d'}));
    long firstUncompressed = proxy.toClient.get() - before;

    assertThat(compressed).hasSize(2);
    assertThat(firstPlain).hasSize(2).allSatisfy(m -> assertThat(m).isEqualTo(COMPRESSIBLE));
    assertThat(bothCompressed).isLessThan(16 * 1024);
    assertThat(firstUncompressed)
        .isGreaterThan(COMPRESSIBLE.length)
        .isLessThan(COMPRESSIBLE.length + 16 * 1024);
  }
}
