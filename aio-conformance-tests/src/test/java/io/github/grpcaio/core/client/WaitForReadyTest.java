package io.github.grpcaio.core.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.AioRpcError;
import io.github.grpcaio.CallOptions;
import io.github.grpcaio.Channel;
import io.github.grpcaio.ChannelOptions;
import io.github.grpcaio.Server;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.core.GrpcAio;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.Transport;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Calls to a server that cannot be reached: they fail fast with {@code UNAVAILABLE}, unless made
 * with {@code waitForReady}, which waits for the deadline instead.
 */
@ParameterizedClass
@EnumSource(Transport.class)
class WaitForReadyTest {

  @Parameter Transport transport;

  /** A channel to an address where a server listened and was stopped. */
  private Channel channel;

  @BeforeEach
  void bindThenStopAServer() throws Exception {
    Server server = GrpcAio.server();
    server.addGenericRpcHandlers(TestService.serving(rpc -> rpc.reply("unreachable")));
    channel = transport.open(transport.bind(server), ChannelOptions.DEFAULT);
    Await.result(server.start());
    Await.result(server.stop(Duration.ZERO));
  }

  @AfterEach
  void tearDown() throws Exception {
    Await.result(channel.closeAsync(Duration.ZERO));
  }

  @ParameterizedTest
  @EnumSource(RpcKind.class)
  void unreachableServer_failsFastWithUnavailable(RpcKind kind) {
    TestCall call = kind.call(channel, "request");

    Throwable error = call.awaitError();

    assertThat(error).isInstanceOf(AioRpcError.class);
    assertThat(((AioRpcError) error).code()).isEqualTo(StatusCode.UNAVAILABLE);
    assertThat(call.call().cancelled()).isFalse();
  }

  @ParameterizedTest
  @EnumSource(RpcKind.class)
  void unreachableServer_withWaitForReady_waitsUntilDeadlineExceeded(RpcKind kind) {
    Duration timeout = Duration.ofMillis(500);
    long start = System.nanoTime();

    TestCall call =
        kind.call(
            channel, "request", CallOptions.DEFAULT.withWaitForReady(true).withTimeout(timeout));
    Throwable error = call.awaitError();

    assertThat(error).isInstanceOf(AioRpcError.class);
    assertThat(((AioRpcError) error).code()).isEqualTo(StatusCode.DEADLINE_EXCEEDED);
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(timeout.minusMillis(20));
  }

  @ParameterizedTest
  @EnumSource(RpcKind.class)
  void unreachableServer_withWaitForReadyFalse_failsFast(RpcKind kind) {
    TestCall call =
        kind.call(
            channel,
            "request",
            CallOptions.DEFAULT.withWaitForReady(false).withTimeout(Duration.ofSeconds(30)));

    Throwable error = call.awaitError();

    assertThat(((AioRpcError) error).code()).isEqualTo(StatusCode.UNAVAILABLE);
  }
}
