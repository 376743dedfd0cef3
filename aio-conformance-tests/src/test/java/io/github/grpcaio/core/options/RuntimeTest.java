package io.github.grpcaio.core.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.github.grpcaio.Channel;
import io.github.grpcaio.Deserializer;
import io.github.grpcaio.RpcMethodHandler;
import io.github.grpcaio.Serializer;
import io.github.grpcaio.Server;
import io.github.grpcaio.ServiceRpcHandler;
import io.github.grpcaio.core.GrpcAio;
import io.github.grpcaio.testkit.Await;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * {@code GrpcAio.init()} and {@code GrpcAio.shutdown()}: idempotent, and the runtime comes back.
 */
class RuntimeTest {

  @Test
  void initAndShutdown_calledTwice_areIdempotent() {
    assertThatCode(
            () -> {
              GrpcAio.init();
              GrpcAio.init();
              GrpcAio.shutdown();
              GrpcAio.shutdown();
            })
        .doesNotThrowAnyException();

    assertThat(roundTrip()).isEqualTo("ping");
  }

  @Test
  void shutdown_thenNewChannelAndServer_runtimeIsRecreated() {
    GrpcAio.init();
    assertThat(roundTrip()).isEqualTo("ping");

    GrpcAio.shutdown();

    assertThat(roundTrip()).isEqualTo("ping");
    GrpcAio.init(); // leaves the runtime up for whatever runs next
  }

  @Test
  void shutdown_withChannelAndServerOpen_theyStillCloseWithinBounds() {
    String name = "runtime-open-" + UUID.randomUUID();
    Server server = echoServer(name);
    Channel channel = GrpcAio.inProcessChannel(name);
    Await.result(channel.channelReady());

    GrpcAio.shutdown(); // misuse: the channel and server still use the shared executor

    try {
      byte[] response =
          Await.result(channel.unaryUnary("/test.Runtime/Echo").call("late".getBytes()).response());
      assertThat(new String(response)).isEqualTo("late");
      CompletableFuture<io.github.grpcaio.ChannelConnectivity> change =
          channel.waitForStateChange(io.github.grpcaio.ChannelConnectivity.READY);
      Await.result(channel.closeAsync(Duration.ZERO));
      assertThat(Await.result(change)).isEqualTo(io.github.grpcaio.ChannelConnectivity.SHUTDOWN);
      Await.result(server.stop(null));
    } finally {
      GrpcAio.init();
    }
  }

  private static Server echoServer(String name) {
    Server server = GrpcAio.server();
    server.addGenericRpcHandlers(
        ServiceRpcHandler.of(
            "test.Runtime",
            Map.of(
                "Echo",
                RpcMethodHandler.<byte[], byte[]>unaryUnary(
                    (req, ctx) -> CompletableFuture.completedFuture(req),
                    Deserializer.bytes(),
                    Serializer.bytes()))));
    server.addInProcessPort(name);
    Await.result(server.start());
    return server;
  }

  /** A server and channel on the shared runtime, one call, everything closed. */
  private static String roundTrip() {
    String name = "runtime-" + UUID.randomUUID();
    Server server = echoServer(name);
    Channel channel = GrpcAio.inProcessChannel(name);
    try {
      byte[] response =
          Await.result(channel.unaryUnary("/test.Runtime/Echo").call("ping".getBytes()).response());
      return new String(response);
    } finally {
      Await.result(channel.closeAsync(Duration.ZERO));
      Await.result(server.stop(null));
    }
  }
}
