package io.github.grpcaio.core.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.grpcaio.Channel;
import io.github.grpcaio.ChannelOptions;
import io.github.grpcaio.Server;
import io.github.grpcaio.UsageError;
import io.github.grpcaio.testkit.AioTestServer;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.Transport;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Repeated {@code Channel.closeAsync} and {@code Server.stop} return the same future, which no
 * caller can complete or cancel for the others: the close or stop still ends when its calls end.
 */
@ParameterizedClass
@EnumSource(Transport.class)
class SharedCloseFutureTest {

  @Parameter Transport transport;

  @AutoClose private AioTestServer bed;

  private final CompletableFuture<Void> serverStarted = new CompletableFuture<>();

  /** Never answers. */
  private final TestService.Behavior hang =
      rpc -> {
        serverStarted.complete(null);
        return new CompletableFuture<>();
      };

  @Test
  void closeAsync_repeated_returnsTheSameFutureThatCallersCannotCompleteOrCancel() {
    bed = transport.start(TestService.serving(hang));
    Channel channel = bed.channel(ChannelOptions.DEFAULT);
    TestCall call = RpcKind.UNARY_UNARY.call(channel, "x");
    Await.result(serverStarted);

    CompletableFuture<Void> closed = channel.closeAsync(Duration.ofSeconds(30));

    assertThat(channel.closeAsync(Duration.ofSeconds(30))).isSameAs(closed);
    assertSharedFutureResistsCallers(closed);
    assertThat(call.response()).isNotDone();
    call.call().cancel(); // the call's end, not a caller's completion, ends the close
    Await.result(closed);
    assertThat(call.awaitError()).isInstanceOf(CancellationException.class);
  }

  @Test
  void stop_repeated_returnsTheSameFutureThatCallersCannotCompleteOrCancel() {
    bed = transport.start(TestService.serving(hang));
    TestCall call = RpcKind.UNARY_UNARY.call(bed.channel(), "x");
    Await.result(serverStarted);
    Server server = bed.server();

    CompletableFuture<Void> stopped = server.stop(Duration.ofSeconds(30));

    assertThat(server.stop(Duration.ofSeconds(30))).isSameAs(stopped);
    assertSharedFutureResistsCallers(stopped);
    assertThat(call.response()).isNotDone();
    assertThat(server.stop(null)).isSameAs(stopped);
    Await.result(stopped);
    call.awaitError();
  }

  /** What one caller does to the shared future changes nothing for the others. */
  private static void assertSharedFutureResistsCallers(CompletableFuture<Void> shared) {
    assertThat(shared.cancel(true)).isFalse();
    assertThatThrownBy(() -> shared.complete(null)).isInstanceOf(UsageError.class);
    assertThatThrownBy(() -> shared.completeExceptionally(new IllegalStateException("by a caller")))
        .isInstanceOf(UsageError.class);
    assertThatThrownBy(() -> shared.obtrudeValue(null)).isInstanceOf(UsageError.class);
    assertThatThrownBy(() -> shared.obtrudeException(new IllegalStateException()))
        .isInstanceOf(UsageError.class);
    CompletableFuture<Void> bounded = shared.orTimeout(1, TimeUnit.MILLISECONDS);
    assertThat(Await.failure(bounded)).isInstanceOf(TimeoutException.class);
    assertThat(shared.completeOnTimeout(null, 1, TimeUnit.MILLISECONDS)).isNotSameAs(shared);
    assertThat(shared).isNotDone();
  }
}
