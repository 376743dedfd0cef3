package io.github.grpcaio.core.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.AioRpcError;
import io.github.grpcaio.Channel;
import io.github.grpcaio.ChannelOptions;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.core.GrpcAio;
import io.github.grpcaio.testkit.AioTestServer;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.Transport;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code GrpcAio.shutdown()} while a channel is closing or a server is stopping with a grace and a
 * call still running: the grace still ends on time, the call is cancelled and the close or stop
 * completes.
 */
@ParameterizedClass
@EnumSource(Transport.class)
class RuntimeShutdownDuringCloseTest {

  private static final Duration GRACE = Duration.ofMillis(200);

  @Parameter Transport transport;

  private AioTestServer bed;

  private final CompletableFuture<Void> serverStarted = new CompletableFuture<>();

  /** Never answers. */
  private final TestService.Behavior hang =
      rpc -> {
        serverStarted.complete(null);
        return new CompletableFuture<>();
      };

  @AfterEach
  void tearDown() throws Exception {
    GrpcAio.init(); // leaves the runtime up for whatever runs next
    if (bed != null) {
      bed.close();
    }
  }

  @Test
  void closeAsyncWithGrace_thenRuntimeShutdown_closeCompletesOnceTheGraceIsOver() {
    bed = transport.start(TestService.serving(hang));
    Channel channel = bed.channel(ChannelOptions.DEFAULT);
    TestCall call = RpcKind.UNARY_UNARY.call(channel, "request");
    Await.result(serverStarted);

    CompletableFuture<Void> closed = channel.closeAsync(GRACE);
    GrpcAio.shutdown();

    Await.result(closed);
    assertThat(call.awaitError()).isInstanceOf(CancellationException.class);
  }

  @Test
  void stopWithGrace_thenRuntimeShutdown_stopCompletesOnceTheGraceIsOver() {
    bed = transport.start(TestService.serving(hang));
    TestCall call = RpcKind.UNARY_UNARY.call(bed.channel(), "request");
    Await.result(serverStarted);

    CompletableFuture<Void> stopped = bed.server().stop(GRACE);
    GrpcAio.shutdown();

    Await.result(stopped);
    assertThat(call.awaitError()).isInstanceOf(AioRpcError.class);
    assertThat(((AioRpcError) call.awaitError()).code()).isEqualTo(StatusCode.UNAVAILABLE);
  }
}
