package io.github.grpcaio.core.options;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.Channel;
import io.github.grpcaio.ChannelConnectivity;
import io.github.grpcaio.Server;
import io.github.grpcaio.UsageError;
import io.github.grpcaio.core.GrpcAio;
import io.github.grpcaio.testkit.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Connectivity states (the Channel section of docs/mapping.md): a channel starts IDLE, connects for
 * {@code getState(true)} or {@code channelReady()}, follows the server going away and coming back
 * on the same port, and is SHUTDOWN once closed.
 */
class ConnectivityTest {

  /** Long enough for grpc-java's reconnect backoff after a few refused attempts. */
  private static final Duration RECONNECT = Duration.ofSeconds(30);

  private final List<Server> servers = new ArrayList<>();
  private final List<Channel> channels = new ArrayList<>();

  @AfterEach
  void closeAll() {
    for (Channel c : channels) {
      Await.result(c.closeAsync(Duration.ZERO));
    }
    for (Server s : servers) {
      Await.result(s.stop(null));
    }
  }

  private Server startedServer(String address) {
    Server server = GrpcAio.server();
    servers.add(server);
    if (address != null) {
      server.addInsecurePort(address);
    }
    Await.result(server.start());
    return server;
  }

  private Channel keep(Channel c) {
    channels.add(c);
    return c;
  }

  /** Waits for the next state after {@code last}. */
  private static ChannelConnectivity next(Channel channel, ChannelConnectivity last) {
    return Await.result(channel.waitForStateChange(last), RECONNECT);
  }

  @Test
  void netty_serverStopsAndRestartsOnTheSamePort_statesFollow() {
    Server server = GrpcAio.server();
    servers.add(server);
    int port = server.addInsecurePort("127.0.0.1:0");
    Await.result(server.start());
    Channel channel = keep(GrpcAio.insecureChannel("127.0.0.1:" + port));

    // Lazy: nothing happens until asked.
    assertThat(channel.getState(false)).isEqualTo(ChannelConnectivity.IDLE);
    CompletableFuture<ChannelConnectivity> leftIdle =
        channel.waitForStateChange(ChannelConnectivity.IDLE);
    assertThat(leftIdle).isNotDone();
    assertThat(channel.getState(true))
        .isIn(ChannelConnectivity.IDLE, ChannelConnectivity.CONNECTING);
    assertThat(Await.result(leftIdle)).isEqualTo(ChannelConnectivity.CONNECTING);
    assertThat(next(channel, ChannelConnectivity.CONNECTING)).isEqualTo(ChannelConnectivity.READY);

    // The server goes away: the connection is lost, and reconnecting fails.
    Await.result(server.stop(null));
    ChannelConnectivity lost = next(channel, ChannelConnectivity.READY);
    assertThat(lost).isIn(ChannelConnectivity.IDLE, ChannelConnectivity.TRANSIENT_FAILURE);
    ChannelConnectivity state = channel.getState(true);
    while (state != ChannelConnectivity.TRANSIENT_FAILURE) {
      assertThat(state).isIn(ChannelConnectivity.IDLE, ChannelConnectivity.CONNECTING);
      state = next(channel, state);
    }

    // A server on the same port: the channel reconnects by itself.
    startedServer("127.0.0.1:" + port);
    Await.result(channel.channelReady(), RECONNECT);
    assertThat(channel.getState(false)).isEqualTo(ChannelConnectivity.READY);

    // Closed: SHUTDOWN, and a waiter sees it.
    CompletableFuture<ChannelConnectivity> afterReady =
        channel.waitForStateChange(ChannelConnectivity.READY);
    Await.result(channel.closeAsync(Duration.ZERO));
    assertThat(Await.result(afterReady)).isEqualTo(ChannelConnectivity.SHUTDOWN);
    assertThat(channel.getState(true)).isEqualTo(ChannelConnectivity.SHUTDOWN);
  }

  @Test
  void netty_noServer_connectingThenTransientFailure() {
    Server probe = GrpcAio.server();
    int port = probe.addInsecurePort("127.0.0.1:0");
    Await.result(probe.stop(null)); // a port nothing listens on
    Channel channel = keep(GrpcAio.insecureChannel("127.0.0.1:" + port));

    CompletableFuture<ChannelConnectivity> leftIdle =
        channel.waitForStateChange(ChannelConnectivity.IDLE);
    channel.getState(true);

    assertThat(Await.result(leftIdle)).isEqualTo(ChannelConnectivity.CONNECTING);
    assertThat(next(channel, ChannelConnectivity.CONNECTING))
        .isEqualTo(ChannelConnectivity.TRANSIENT_FAILURE);
    assertThat(channel.channelReady()).isNotDone();
  }

  @Test
  void inProcess_channelReady_goesReady_thenShutdownOnClose() {
    String name = "connectivity-" + UUID.randomUUID();
    Server server = GrpcAio.server();
    servers.add(server);
    server.addInProcessPort(name);
    Await.result(server.start());
    Channel channel = keep(GrpcAio.inProcessChannel(name));

    assertThat(channel.getState(false)).isEqualTo(ChannelConnectivity.IDLE);
    Await.result(channel.channelReady());

    assertThat(channel.getState(false)).isEqualTo(ChannelConnectivity.READY);
    Await.result(channel.closeAsync(Duration.ZERO));
    assertThat(channel.getState(false)).isEqualTo(ChannelConnectivity.SHUTDOWN);
  }

  @Test
  void channelReady_channelClosedWhileWaiting_failsWithUsageError() {
    Server probe = GrpcAio.server();
    int port = probe.addInsecurePort("127.0.0.1:0");
    Await.result(probe.stop(null));
    Channel channel = keep(GrpcAio.insecureChannel("127.0.0.1:" + port));
    CompletableFuture<Void> ready = channel.channelReady();

    Await.result(channel.closeAsync(Duration.ZERO));

    assertThat(Await.failure(ready)).isInstanceOf(UsageError.class);
  }

  @Test
  void waitForStateChange_stateAlreadyDifferent_completesAtOnce() {
    Server probe = GrpcAio.server();
    int port = probe.addInsecurePort("127.0.0.1:0");
    Await.result(probe.stop(null));
    Channel channel = keep(GrpcAio.insecureChannel("127.0.0.1:" + port));

    CompletableFuture<ChannelConnectivity> changed =
        channel.waitForStateChange(ChannelConnectivity.READY);

    assertThat(changed).isCompletedWithValue(ChannelConnectivity.IDLE);
  }
}
