package io.github.grpcaio.core.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.CallOptions;
import io.github.grpcaio.Channel;
import io.github.grpcaio.ChannelOptions;
import io.github.grpcaio.ClientCallDetails;
import io.github.grpcaio.UnaryUnaryCall;
import io.github.grpcaio.UnaryUnaryClientInterceptor;
import io.github.grpcaio.testkit.AioTestServer;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.Transport;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The longest {@link Duration} there is, {@code Duration.ofSeconds(Long.MAX_VALUE)}, is accepted as
 * a timeout, a grace, a keepalive setting or a wait anywhere, and means "for ever": nothing
 * overflows into an {@link ArithmeticException} or a negative time.
 */
@ParameterizedClass
@EnumSource(Transport.class)
class LongDurationTest {

  private static final Duration FOREVER = Duration.ofSeconds(Long.MAX_VALUE);

  @Parameter Transport transport;

  private AioTestServer bed;

  /** Released by the test to let the server answer. */
  private final CompletableFuture<Void> release = new CompletableFuture<>();

  private final CompletableFuture<Void> serverStarted = new CompletableFuture<>();

  @AfterEach
  void tearDown() throws Exception {
    release.complete(null);
    if (bed != null) {
      bed.close();
    }
  }

  private void startServer() {
    bed =
        AioTestServer.builder()
            .transport(transport)
            .addService(
                TestService.serving(
                    rpc -> {
                      serverStarted.complete(null);
                      return release.thenCompose(ignored -> rpc.reply("re: " + rpc.request()));
                    }))
            .serverOptions(
                b ->
                    b.keepalive(FOREVER, FOREVER)
                        .permitKeepalive(FOREVER, false)
                        .maxConnectionIdle(FOREVER)
                        .maxConnectionAge(FOREVER, FOREVER))
            .start();
  }

  private static UnaryUnaryClientInterceptor passThrough() {
    return new UnaryUnaryClientInterceptor() {
      @Override
      public <Req, Resp> CompletionStage<UnaryUnaryCall<Resp>> interceptUnaryUnary(
          Continuation<Req, Resp> continuation, ClientCallDetails details, Req request) {
        return continuation.invoke(details, request);
      }
    };
  }

  @Test
  void callTimeout_forever_callSucceedsWithTimeRemaining() {
    startServer();
    Channel channel =
        bed.channel(ChannelOptions.builder().keepalive(FOREVER, FOREVER, false).build());
    Channel intercepted =
        bed.channel(ChannelOptions.builder().interceptors(List.of(passThrough())).build());
    release.complete(null);

    for (Channel c : List.of(channel, intercepted)) {
      TestCall call = RpcKind.UNARY_UNARY.call(c, "x", CallOptions.DEFAULT.withTimeout(FOREVER));

      assertThat(Await.result(call.response())).isEqualTo("re: x");
      assertThat(call.call().timeRemaining())
          .hasValueSatisfying(left -> assertThat(left).isGreaterThan(Duration.ofDays(365)));
    }
  }

  @Test
  void closeAsyncGrace_forever_activeCallMayFinishThenCloseCompletes() {
    startServer();
    Channel channel = bed.channel(ChannelOptions.DEFAULT);
    TestCall call = RpcKind.UNARY_UNARY.call(channel, "x");
    Await.result(serverStarted);

    CompletableFuture<Void> closed = channel.closeAsync(FOREVER);
    Await.staysPending("the close", closed);
    release.complete(null);

    assertThat(Await.result(call.response())).isEqualTo("re: x");
    Await.result(closed);
  }

  @Test
  void stopGrace_forever_inFlightRpcMayFinishThenStopCompletes() {
    startServer();
    TestCall call = RpcKind.UNARY_UNARY.call(bed.channel(), "x");
    Await.result(serverStarted);

    CompletableFuture<Void> stopped = bed.server().stop(FOREVER);
    Await.staysPending("the stop", stopped);
    release.complete(null);

    assertThat(Await.result(call.response())).isEqualTo("re: x");
    Await.result(stopped);
  }

  @Test
  void waitForTermination_forever_completesWithFalseOnceStopped() {
    startServer();
    release.complete(null);

    CompletableFuture<Boolean> terminated = bed.server().waitForTermination(FOREVER);
    Await.staysPending("the wait", terminated);
    bed.server().stop(null);

    assertThat(Await.result(terminated)).isFalse();
  }
}
