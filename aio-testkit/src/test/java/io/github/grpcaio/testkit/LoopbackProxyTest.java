package io.github.grpcaio.testkit;

import static io.github.grpcaio.testkit.AioAssertions.assertThatRpc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.grpcaio.CallOptions;
import io.github.grpcaio.Channel;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.UnaryUnaryCall;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class LoopbackProxyTest {

  private AioTestServer server;
  private LoopbackProxy proxy;
  private Channel channel;

  @BeforeEach
  void start() {
    server = Transport.NETTY.start(EchoService.handler());
    int port = Integer.parseInt(server.target().substring(server.target().lastIndexOf(':') + 1));
    proxy = LoopbackProxy.start(port);
    channel = io.github.grpcaio.core.GrpcAio.insecureChannel(proxy.target());
  }

  @AfterEach
  void stop() {
    channel.close();
    proxy.close();
    server.close();
  }

  @Test
  void forwards_callThroughTheProxySucceedsOnOneConnection() {
    assertThatRpc(EchoService.echo(channel).call("a")).succeedsWith("a");
    assertThatRpc(EchoService.echo(channel).call("b")).succeedsWith("b");

    assertThat(proxy.acceptedConnections()).isEqualTo(1);
    assertThat(proxy.bytesToServer()).isPositive();
    assertThat(proxy.bytesToClient()).isPositive();
    assertThat(proxy.target()).isEqualTo("127.0.0.1:" + proxy.port());
  }

  @Test
  void stall_holdsBytesUntilResume() {
    assertThatRpc(EchoService.echo(channel).call("warm")).succeedsWith("warm");

    proxy.stall();
    UnaryUnaryCall<String> held = EchoService.echo(channel).call("held");
    UnaryUnaryCall<String> expiring =
        EchoService.echo(channel)
            .call("x", CallOptions.DEFAULT.withTimeout(Duration.ofMillis(300)));

    assertThatRpc(expiring).failsWith(StatusCode.DEADLINE_EXCEEDED);
    assertThat(held.done()).isFalse();
    proxy.resume();
    assertThatRpc(held).succeedsWith("held");
  }

  @Test
  void dropConnections_resetsThem_andTheChannelReconnects() {
    UnaryUnaryCall<String> hanging = EchoService.hang(channel).call("x");
    server.awaitOpenRpcs(1, Duration.ofSeconds(5));

    proxy.dropConnections();

    assertThatRpc(hanging).failsWith(StatusCode.UNAVAILABLE);
    assertThatRpc(EchoService.echo(channel).call("again"))
        .within(Duration.ofSeconds(20))
        .succeedsWith("again");
    assertThat(proxy.acceptedConnections()).isEqualTo(2);
  }

  @Test
  void stopListening_refusesConnections_startListeningTakesThemAgainOnTheSamePort()
      throws IOException {
    int port = proxy.port();

    proxy.stopListening();

    assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close())
        .isInstanceOf(ConnectException.class);
    proxy.startListening();
    assertThat(proxy.port()).isEqualTo(port);
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      assertThat(s.isConnected()).isTrue();
    }
  }

  @Test
  void close_endsEveryProxyThread() {
    assertThatRpc(EchoService.echo(channel).call("a")).succeedsWith("a");

    proxy.close();

    assertThat(Thread.getAllStackTraces().keySet())
        .noneMatch(t -> t.getName().startsWith("loopback-proxy-") && t.isAlive());
    assertThat(proxy.openConnections()).isZero();
  }
}
