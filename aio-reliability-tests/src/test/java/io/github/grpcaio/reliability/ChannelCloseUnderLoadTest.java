package io.github.grpcaio.reliability;

import static io.github.grpcaio.testkit.AioAssertions.assertThatRpc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.grpcaio.Channel;
import io.github.grpcaio.ChannelOptions;
import io.github.grpcaio.UnaryStreamCall;
import io.github.grpcaio.UnaryUnaryCall;
import io.github.grpcaio.UsageError;
import io.github.grpcaio.testkit.AioServerExtension;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.TestSubscriber;
import io.github.grpcaio.testkit.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The client side of a stop under load: {@code closeAsync(grace)} on a channel with 200 RPCs in
 * flight (175 unary, 25 streams). New calls are refused at once with {@code UsageError}; RPCs
 * answered within the grace succeed; the rest are cancelled locally when it is over (the server
 * sees each cancellation); the close future completes within the grace plus a bound.
 */
@Timeout(60)
@ParameterizedClass
@EnumSource(Transport.class)
class ChannelCloseUnderLoadTest {

  private static final int UNARY = 175;
  private static final int STREAMS = 25;
  private static final Duration GRACE = Duration.ofSeconds(1);
  private static final Duration BOUND = Duration.ofSeconds(5);

  private final FaultService service = new FaultService();

  @RegisterExtension final AioServerExtension grpc;

  ChannelCloseUnderLoadTest(Transport transport) {
    grpc = AioServerExtension.builder().transport(transport).addService(service.handler()).build();
  }

  @Test
  void closeWithGrace_200InFlight_eachEndsWithResponseOrLocalCancel() throws Exception {
    Channel channel = grpc.server().channel(ChannelOptions.DEFAULT);
    List<UnaryUnaryCall<String>> unary = new ArrayList<>();
    for (int i = 0; i < UNARY; i++) {
      unary.add(FaultService.hold(channel).call(Integer.toString(i)));
    }
    List<TestSubscriber<String>> streams = new ArrayList<>();
    for (int i = 0; i < STREAMS; i++) {
      TestSubscriber<String> items = TestSubscriber.<String>unbounded().withTimeout(BOUND);
      UnaryStreamCall<String> call = FaultService.stream(channel).call("10:10:open");
      call.subscribe(items);
      streams.add(items);
    }
    grpc.server().awaitOpenRpcs(UNARY + STREAMS, Duration.ofSeconds(20));

    long closeAt = System.nanoTime();
    CompletableFuture<Void> closed = channel.closeAsync(GRACE);
    assertThatThrownBy(() -> FaultService.echo(channel).call("late"))
        .isInstanceOf(UsageError.class)
        .hasMessage("Channel is closed.");
    for (int i = 0; i < UNARY; i += 2) {
      service.release(Integer.toString(i));
    }

    Await.result(closed, GRACE.plus(BOUND));
    assertThat(Duration.ofNanos(System.nanoTime() - closeAt)).isLessThan(GRACE.plus(BOUND));
    for (int i = 0; i < UNARY; i++) {
      if (i % 2 == 0) {
        assertThatRpc(unary.get(i)).succeedsWith("released:" + i);
      } else {
        assertThatRpc(unary.get(i)).isCancelled();
      }
    }
    for (TestSubscriber<String> items : streams) {
      items.assertError(CancellationException.class);
      assertThat(items.values()).hasSize(10);
      ClientCancelTest.assertInOrderFromZero(items.values());
    }
    // Every server RPC saw its end: the released ones answered, the others were cancelled.
    for (int i = 0; i < UNARY + STREAMS; i++) {
      service.awaitEnded(BOUND);
    }
    grpc.server().assertNoOpenRpcs();
  }
}
