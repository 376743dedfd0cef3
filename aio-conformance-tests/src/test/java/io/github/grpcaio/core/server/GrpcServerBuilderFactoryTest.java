package io.github.grpcaio.core.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.grpcaio.Channel;
import io.github.grpcaio.ChannelOptions;
import io.github.grpcaio.GrpcServerBuilderFactory;
import io.github.grpcaio.RpcMethodHandler;
import io.github.grpcaio.Server;
import io.github.grpcaio.ServerCredentials;
import io.github.grpcaio.ServerOptions;
import io.github.grpcaio.ServiceRpcHandler;
import io.github.grpcaio.core.GrpcAio;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.TestCertificates;
import io.github.grpcaio.testkit.Transport;
import io.github.grpcaio.testkit.Utf8;
import io.grpc.ForwardingServerBuilder;
import io.grpc.InsecureServerCredentials;
import io.grpc.ServerBuilder;
import io.grpc.netty.NettyServerBuilder;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code ServerOptions.grpcServerBuilderFactory}: the factory makes the grpc-java builder of every
 * TCP port, which the library configures as its own (handlers, options), and in-process ports stay
 * the library's; credentials the factory cannot take are refused before anything is bound.
 */
@ParameterizedClass
@EnumSource(Transport.class)
class GrpcServerBuilderFactoryTest {

  @Parameter Transport transport;

  /** What the factory was asked for: address and credentials, per port. */
  private final List<Object> made = new CopyOnWriteArrayList<>();

  private Server server;

  /** A builder that is not a NettyServerBuilder, as an integration's (xDS's) is. */
  private static final class Wrapping extends ForwardingServerBuilder<Wrapping> {
    private final NettyServerBuilder delegate;

    Wrapping(NettyServerBuilder delegate) {
      this.delegate = delegate;
    }

    @Override
    protected ServerBuilder<?> delegate() {
      return delegate;
    }
  }

  private final GrpcServerBuilderFactory factory =
      (address, credentials) -> {
        made.add(address);
        made.add(credentials);
        return new Wrapping(NettyServerBuilder.forAddress(address, credentials));
      };

  private Server start(ServerOptions.Builder options) {
    server =
        GrpcAio.server(
            options
                .handlers(
                    List.of(
                        ServiceRpcHandler.of(
                            "test.Factory",
                            Map.of(
                                "Hello",
                                RpcMethodHandler.<String, String>unaryUnary(
                                    (request, context) ->
                                        CompletableFuture.completedFuture("hello " + request),
                                    Utf8.DESERIALIZER,
                                    Utf8.SERIALIZER)))))
                .grpcServerBuilderFactory(factory)
                .build());
    return server;
  }

  @AfterEach
  void stop() {
    if (server != null) {
      Await.result(server.stop(Duration.ZERO));
    }
  }

  @Test
  void theFactorysBuilderServesTheHandlersWithTheServersOptions() {
    // keepalive and connection age go through ServerBuilder's methods to the factory's builder
    Server server =
        start(
            ServerOptions.builder()
                .keepalive(Duration.ofMinutes(1), Duration.ofSeconds(20))
                .maxConnectionAge(Duration.ofMinutes(5), Duration.ofSeconds(5)));
    String target = transport.bind(server);
    Await.result(server.start());

    try (Channel channel = transport.open(target, ChannelOptions.DEFAULT)) {
      String answer =
          channel
              .unaryUnary("/test.Factory/Hello", Utf8.SERIALIZER, Utf8.DESERIALIZER)
              .call("there")
              .await();
      assertThat(answer).isEqualTo("hello there");
    }
    if (transport == Transport.IN_PROCESS) {
      assertThat(made).as("in-process ports stay the library's").isEmpty();
    } else {
      assertThat(made).hasSize(2);
      assertThat(((InetSocketAddress) made.get(0)).getAddress().isLoopbackAddress()).isTrue();
      assertThat(made.get(1)).isInstanceOf(InsecureServerCredentials.class);
    }
  }

  @Test
  void aSecurePortTakesGrpcJavaCredentialsAndRefusesTheOthersBeforeBinding() {
    Server server = start(ServerOptions.builder());
    io.grpc.ServerCredentials insecure = InsecureServerCredentials.create();

    server.addSecurePort("127.0.0.1:0", ServerCredentials.fromGrpc(insecure));
    assertThat(made).hasSize(2).last().isSameAs(insecure);

    TestCertificates certificate = TestCertificates.authority("factory test").issue("localhost");
    ServerCredentials tls =
        ServerCredentials.ssl(
            List.of(
                new ServerCredentials.KeyCertificatePair(
                    certificate.privateKeyPem(), certificate.certificatePem())),
            null,
            false);
    assertThatThrownBy(() -> server.addSecurePort("127.0.0.1:0", tls))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ServerCredentials.fromGrpc");
    assertThat(made).as("nothing more was made").hasSize(2);
  }

  @Test
  void maxConcurrentStreamsIsRefusedForABuilderThatIsNotNetty() {
    Server server = start(ServerOptions.builder().maxConcurrentStreams(10));

    assertThatThrownBy(() -> server.addInsecurePort("127.0.0.1:0"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("grpc.max_concurrent_streams");
  }
}
