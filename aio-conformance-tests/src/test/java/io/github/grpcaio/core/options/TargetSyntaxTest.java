package io.github.grpcaio.core.options;

import static io.github.grpcaio.testkit.Utf8.DESERIALIZER;
import static io.github.grpcaio.testkit.Utf8.SERIALIZER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.github.grpcaio.Channel;
import io.github.grpcaio.ChannelOptions;
import io.github.grpcaio.RpcMethodHandler;
import io.github.grpcaio.Server;
import io.github.grpcaio.ServiceRpcHandler;
import io.github.grpcaio.core.GrpcAio;
import io.github.grpcaio.testkit.Await;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Targets as gRPC users write them: {@code ipv4:}/{@code ipv6:} address lists, over which {@code
 * round_robin} spreads calls, and a precise message for a port that is not a number. Netty only:
 * in-process channels take a name, not a target.
 */
class TargetSyntaxTest {

  private final List<Server> servers = new ArrayList<>();
  private final List<Channel> channels = new ArrayList<>();

  @AfterEach
  void close() {
    channels.forEach(c -> Await.result(c.closeAsync(Duration.ZERO)));
    servers.forEach(s -> Await.result(s.stop(null)));
  }

  /** Starts a server answering every call with {@code name}; returns its port. */
  private int serve(String address, String name) {
    Server server = GrpcAio.server();
    server.addGenericRpcHandlers(
        ServiceRpcHandler.of(
            "test.Target",
            Map.of(
                "Who",
                RpcMethodHandler.<String, String>unaryUnary(
                    (request, context) -> CompletableFuture.completedFuture(name),
                    DESERIALIZER,
                    SERIALIZER))));
    int port = server.addInsecurePort(address);
    Await.result(server.start());
    servers.add(server);
    return port;
  }

  private String who(Channel channel) {
    return channel
        .unaryUnary("/test.Target/Who", SERIALIZER, DESERIALIZER)
        .call("?")
        .await(Await.TIMEOUT);
  }

  private Channel open(String target, ChannelOptions options) {
    Channel channel = GrpcAio.insecureChannel(target, options);
    channels.add(channel);
    return channel;
  }

  @Test
  void ipv4List_roundRobin_spreadsCallsOverEveryAddress() {
    int first = serve("127.0.0.1:0", "first");
    int second = serve("127.0.0.1:0", "second");
    Channel channel =
        open(
            "ipv4:127.0.0.1:" + first + ",127.0.0.1:" + second,
            ChannelOptions.builder().lbPolicyName("round_robin").build());

    Set<String> answered = ConcurrentHashMap.newKeySet();
    Await.until(
        "calls reach both servers",
        () -> {
          answered.add(who(channel));
          return answered.size() == 2;
        });

    assertThat(answered).containsExactlyInAnyOrder("first", "second");
  }

  @Test
  void ipv4SingleAddress_pickFirst_works() {
    int port = serve("127.0.0.1:0", "only");

    assertThat(who(open("ipv4:127.0.0.1:" + port, ChannelOptions.DEFAULT))).isEqualTo("only");
  }

  @Test
  void ipv6BracketedAddress_works() throws Exception {
    boolean ipv6;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("::1"))) {
      ipv6 = true;
    } catch (java.io.IOException e) {
      ipv6 = false;
    }
    assumeThat(ipv6).as("[::1] is available").isTrue();
    int port = serve("[::1]:0", "v6");

    assertThat(who(open("ipv6:[::1]:" + port, ChannelOptions.DEFAULT))).isEqualTo("v6");
  }

  @Test
  void badTargets_refusedNamingWhatIsWrong() {
    assertThatThrownBy(() -> GrpcAio.insecureChannel("localhost:abc"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid target 'localhost:abc': port 'abc' is not a number from 1 to 65535");
    assertThatThrownBy(() -> GrpcAio.insecureChannel("dns:///localhost:http"))
        .hasMessageContaining("port 'http' is not a number");
    assertThatThrownBy(() -> GrpcAio.insecureChannel("ipv4:127.0.0.1:1,127.0.0.1:x"))
        .hasMessage(
            "Invalid target 'ipv4:127.0.0.1:1,127.0.0.1:x': port 'x' is not a number from 1 to"
                + " 65535");
    assertThatThrownBy(() -> GrpcAio.insecureChannel("ipv4:localhost:50051"))
        .hasMessageContaining("'localhost' is not an IPv4 address");
    assertThatThrownBy(() -> GrpcAio.insecureChannel("ipv4:127.0.0.256:50051"))
        .hasMessageContaining("'127.0.0.256' is not an IPv4 address");
    assertThatThrownBy(() -> GrpcAio.insecureChannel("ipv6:127.0.0.1:50051"))
        .hasMessageContaining("is not an IPv6 address");
    assertThatThrownBy(() -> GrpcAio.insecureChannel("ipv4:")).hasMessageContaining("no address");
  }
}
