package io.github.grpcaio.core.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.github.grpcaio.AioRpcError;
import io.github.grpcaio.Channel;
import io.github.grpcaio.ChannelConnectivity;
import io.github.grpcaio.ChannelOptions;
import io.github.grpcaio.Deserializer;
import io.github.grpcaio.RpcMethodHandler;
import io.github.grpcaio.Serializer;
import io.github.grpcaio.Server;
import io.github.grpcaio.ServerOptions;
import io.github.grpcaio.ServiceRpcHandler;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.core.GrpcAio;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Channel and server options, typed and by their Python names, and what the other side sees of
 * them: user agent, authority, message-size limits, keepalive, connection age, load balancing.
 * {@code maximumConcurrentRpcs} is covered by {@code server.LimitsTest}.
 */
@ParameterizedClass
@EnumSource(Transport.class)
class OptionsTest {

  private static final byte[] KIB = new byte[1024];

  private final Transport transport;
  private final List<AutoCloseable> resources = new ArrayList<>();

  OptionsTest(Transport transport) {
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

  private RawGrpc.EchoServer rawServer() throws Exception {
    return keep(new RawGrpc.EchoServer(transport));
  }

  private Channel channelTo(String address, ChannelOptions options) {
    return keep(transport.open(address, options));
  }

  private static CompletableFuture<byte[]> echo(Channel channel, byte[] request) {
    return channel.unaryUnary("/raw.Echo/Echo").call(request).response();
  }

  private static StatusCode codeOf(Throwable error) {
    assertThat(error).isInstanceOf(AioRpcError.class);
    return ((AioRpcError) error).code();
  }

  /** An aio server with an echo method; returns the address to connect to. */
  private String aioEcho(ServerOptions options) {
    Server server = keep(GrpcAio.server(options));
    server.addGenericRpcHandlers(
        ServiceRpcHandler.of(
            "raw.Echo",
            Map.of(
                "Echo",
                RpcMethodHandler.<byte[], byte[]>unaryUnary(
                    (req, ctx) -> CompletableFuture.completedFuture(req),
                    Deserializer.bytes(),
                    Serializer.bytes()))));
    String address = transport.bind(server);
    Await.result(server.start());
    return address;
  }

  // ---- what the server sees ----

  @Test
  void primaryUserAgent_typed_serverSeesItFirst() throws Exception {
    RawGrpc.EchoServer raw = rawServer();
    Channel channel =
        channelTo(raw.address, ChannelOptions.builder().primaryUserAgent("my-app/1.0").build());

    Await.result(echo(channel, KIB));

    assertThat(raw.next().userAgent()).startsWith("my-app/1.0");
  }

  @Test
  void primaryUserAgent_byName_serverSeesItFirst() throws Exception {
    RawGrpc.EchoServer raw = rawServer();
    Channel channel =
        channelTo(
            raw.address,
            ChannelOptions.builder().option("grpc.primary_user_agent", "by-name/2.0").build());

    Await.result(echo(channel, KIB));

    assertThat(raw.next().userAgent()).startsWith("by-name/2.0");
  }

  @Test
  void defaultUserAgent_namesTheLibrary() throws Exception {
    RawGrpc.EchoServer raw = rawServer();
    Channel channel = channelTo(raw.address, ChannelOptions.DEFAULT);

    Await.result(echo(channel, KIB));

    assertThat(raw.next().userAgent()).startsWith("grpc-aio-java");
  }

  @Test
  void defaultAuthority_byName_serverSeesIt() throws Exception {
    RawGrpc.EchoServer raw = rawServer();
    Channel channel =
        channelTo(
            raw.address,
            ChannelOptions.builder()
                .option("grpc.default_authority", "service.example:8443")
                .build());

    Await.result(echo(channel, KIB));

    assertThat(raw.next().authority()).isEqualTo("service.example:8443");
  }

  // ---- message sizes by name ----

  @Test
  void maxReceiveMessageLength_byName_largerResponse_resourceExhausted() throws Exception {
    RawGrpc.EchoServer raw = rawServer();
    Channel channel =
        channelTo(
            raw.address,
            ChannelOptions.builder().option("grpc.max_receive_message_length", 100).build());

    assertThat(codeOf(Await.failure(echo(channel, KIB)))).isEqualTo(StatusCode.RESOURCE_EXHAUSTED);
    assertThat(Await.result(echo(channel, new byte[100]))).hasSize(100);
  }

  @Test
  void maxSendMessageLength_byName_largerRequest_resourceExhausted() throws Exception {
    RawGrpc.EchoServer raw = rawServer();
    Channel channel =
        channelTo(
            raw.address,
            ChannelOptions.builder().option("grpc.max_send_message_length", 100L).build());

    assertThat(codeOf(Await.failure(echo(channel, KIB)))).isEqualTo(StatusCode.RESOURCE_EXHAUSTED);
    assertThat(Await.result(echo(channel, new byte[100]))).hasSize(100);
  }

  @Test
  void serverMessageLimits_byName_largerRequestOrResponse_resourceExhausted() {
    String address =
        aioEcho(
            ServerOptions.builder()
                .option("grpc.max_receive_message_length", 2048)
                .option("grpc.max_send_message_length", 1500)
                .build());
    Channel channel = channelTo(address, ChannelOptions.DEFAULT);

    assertThat(codeOf(Await.failure(echo(channel, new byte[4096]))))
        .isEqualTo(StatusCode.RESOURCE_EXHAUSTED);
    assertThat(codeOf(Await.failure(echo(channel, new byte[2000]))))
        .isEqualTo(StatusCode.RESOURCE_EXHAUSTED);
    assertThat(Await.result(echo(channel, KIB))).hasSize(1024);
  }

  @Test
  void maxMetadataSize_byName_largerResponseMetadata_callFails() {
    Server server = keep(GrpcAio.server());
    server.addGenericRpcHandlers(
        ServiceRpcHandler.of(
            "raw.Echo",
            Map.of(
                "Echo",
                RpcMethodHandler.<byte[], byte[]>unaryUnary(
                    (req, ctx) -> {
                      ctx.setTrailingMetadata(
                          io.github.grpcaio.Metadata.of("big", "x".repeat(req.length)));
                      return CompletableFuture.completedFuture(req);
                    },
                    Deserializer.bytes(),
                    Serializer.bytes()))));
    String address = transport.bind(server);
    Await.result(server.start());
    Channel channel =
        channelTo(address, ChannelOptions.builder().option("grpc.max_metadata_size", 2048).build());

    Throwable error = Await.failure(echo(channel, new byte[4096]));

    // grpc-java's in-process transport says RESOURCE_EXHAUSTED; its Netty transport fails the
    // HTTP/2 stream and reports INTERNAL "http2 exception".
    assertThat(codeOf(error))
        .isEqualTo(
            transport == Transport.IN_PROCESS
                ? StatusCode.RESOURCE_EXHAUSTED
                : StatusCode.INTERNAL);
    assertThat(Await.result(echo(channel, new byte[100]))).hasSize(100);
  }

  // ---- connection options: accepted, calls work ----

  @Test
  void everyChannelOption_byName_callsWork() {
    String address = aioEcho(ServerOptions.DEFAULT);
    ChannelOptions options =
        ChannelOptions.builder()
            .option("grpc.max_receive_message_length", -1)
            .option("grpc.max_send_message_length", -1)
            .option("grpc.max_metadata_size", 16 * 1024)
            .option("grpc.primary_user_agent", "all/1")
            .option("grpc.default_authority", "localhost")
            .option("grpc.keepalive_time_ms", 30_000)
            .option("grpc.keepalive_timeout_ms", 5_000)
            .option("grpc.keepalive_permit_without_calls", 1)
            .option("grpc.enable_retries", true)
            .option("grpc.service_config", "{\"methodConfig\": []}")
            .option("grpc.lb_policy_name", "round_robin")
            .build();
    assertThat(ChannelOptions.OPTION_NAMES).hasSize(12);
    Channel channel = channelTo(address, options);

    assertThat(Await.result(echo(channel, KIB))).hasSize(1024);
  }

  @Test
  void everyServerOption_byName_callsWork() {
    ServerOptions options =
        ServerOptions.builder()
            .option("grpc.max_receive_message_length", 1 << 20)
            .option("grpc.max_send_message_length", 1 << 20)
            .option("grpc.max_metadata_size", 16 * 1024)
            .option("grpc.max_concurrent_streams", 100)
            .option("grpc.keepalive_time_ms", 60_000)
            .option("grpc.keepalive_timeout_ms", 5_000)
            .option("grpc.keepalive_permit_without_calls", true)
            .option("grpc.http2.min_ping_interval_without_data_ms", 10_000)
            .option("grpc.max_connection_idle_ms", 60_000)
            .option("grpc.max_connection_age_ms", 60_000)
            .option("grpc.max_connection_age_grace_ms", 5_000)
            .build();
    assertThat(ServerOptions.OPTION_NAMES).hasSize(11);
    Channel channel = channelTo(aioEcho(options), ChannelOptions.DEFAULT);

    assertThat(Await.result(echo(channel, KIB))).hasSize(1024);
  }

  @Test
  void keepalive_typed_bothSides_callsWork() {
    String address =
        aioEcho(
            ServerOptions.builder()
                .keepalive(Duration.ofSeconds(20), Duration.ofSeconds(5))
                .permitKeepalive(Duration.ofSeconds(10), true)
                .build());
    Channel channel =
        channelTo(
            address,
            ChannelOptions.builder()
                .keepalive(Duration.ofSeconds(10), Duration.ofSeconds(5), true)
                .build());

    assertThat(Await.result(echo(channel, KIB))).hasSize(1024);
  }

  @Test
  void serverKeepalive_netty_clientStopsAnswering_serverClosesTheConnection() throws Exception {
    assumeThat(transport).isEqualTo(Transport.NETTY);
    String address =
        aioEcho(
            ServerOptions.builder()
                .option("grpc.keepalive_time_ms", 100)
                .option("grpc.keepalive_timeout_ms", 100)
                .build());
    ByteCountingProxy proxy =
        keep(new ByteCountingProxy(Integer.parseInt(address.substring(address.indexOf(':') + 1))));
    Channel channel = channelTo("127.0.0.1:" + proxy.port(), ChannelOptions.DEFAULT);
    Await.result(echo(channel, KIB));
    CompletableFuture<ChannelConnectivity> lost =
        channel.waitForStateChange(ChannelConnectivity.READY);

    // The client's ping acks no longer reach the server. grpc-java raises the keepalive time to
    // 10 s, so the server pings after 10 s of silence; with grpc's default (2 h) nothing would
    // happen for hours.
    proxy.dropToServer = true;

    assertThat(Await.result(lost, Duration.ofSeconds(25)))
        .isIn(ChannelConnectivity.IDLE, ChannelConnectivity.TRANSIENT_FAILURE);
  }

  @Test
  void channelKeepalive_netty_serverStopsAnswering_clientClosesTheConnection() throws Exception {
    assumeThat(transport).isEqualTo(Transport.NETTY);
    String address = aioEcho(ServerOptions.builder().permitKeepalive(Duration.ZERO, true).build());
    ByteCountingProxy proxy =
        keep(new ByteCountingProxy(Integer.parseInt(address.substring(address.indexOf(':') + 1))));
    Channel channel =
        channelTo(
            "127.0.0.1:" + proxy.port(),
            ChannelOptions.builder()
                .option("grpc.keepalive_time_ms", 10_000)
                .option("grpc.keepalive_timeout_ms", 100)
                .option("grpc.keepalive_permit_without_calls", true)
                .build());
    Await.result(echo(channel, KIB));
    CompletableFuture<ChannelConnectivity> lost =
        channel.waitForStateChange(ChannelConnectivity.READY);

    // The server's ping acks no longer reach the client, which pings after 10 s without calls.
    proxy.dropToClient = true;

    assertThat(Await.result(lost, Duration.ofSeconds(25)))
        .isIn(ChannelConnectivity.IDLE, ChannelConnectivity.TRANSIENT_FAILURE);
  }

  @Test
  void maxConnectionAge_netty_serverClosesTheConnection_channelLeavesReady() {
    assumeThat(transport).isEqualTo(Transport.NETTY);
    String address =
        aioEcho(
            ServerOptions.builder()
                .maxConnectionAge(Duration.ofSeconds(1), Duration.ofSeconds(1))
                .build());
    Channel channel = channelTo(address, ChannelOptions.DEFAULT);
    Await.result(echo(channel, KIB));
    assertThat(channel.getState(false)).isEqualTo(ChannelConnectivity.READY);

    // grpc-java raises the age to at least 1 s and adds ±10% jitter
    ChannelConnectivity after =
        Await.result(channel.waitForStateChange(ChannelConnectivity.READY), Duration.ofSeconds(10));

    assertThat(after).isIn(ChannelConnectivity.IDLE, ChannelConnectivity.TRANSIENT_FAILURE);
    assertThat(Await.result(echo(channel, KIB))).hasSize(1024); // a new connection
  }
}
