package io.github.grpcaio.reliability;

import static io.github.grpcaio.testkit.AioAssertions.assertThatRpc;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.AioRpcError;
import io.github.grpcaio.Channel;
import io.github.grpcaio.ChannelOptions;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.UnaryUnaryCall;
import io.github.grpcaio.testkit.AioServerExtension;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.TestSubscriber;
import io.github.grpcaio.testkit.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code stop(grace)} with 200 RPCs in flight from several channels: 175 unary RPCs, of which the
 * handler answers half during the grace, and 25 server streams that sent 10 items and wait. Every
 * RPC ends: with its response, or with {@code UNAVAILABLE} "Cancelling all calls" when the grace is
 * over; new RPCs are refused at once; the stop future completes within the grace plus a bound.
 */
@Timeout(60)
@ParameterizedClass
@EnumSource(Transport.class)
class StopUnderLoadTest {

  private static final int UNARY = 175;
  private static final int STREAMS = 25;
  private static final int CHANNELS = 8;

  /** Long enough that "refused at once" cannot be confused with "refused when the grace ended". */
  private static final Duration GRACE = Duration.ofSeconds(4);

  private static final Duration BOUND = Duration.ofSeconds(5);

  private final FaultService service = new FaultService();

  @RegisterExtension final AioServerExtension grpc;

  StopUnderLoadTest(Transport transport) {
    grpc = AioServerExtension.builder().transport(transport).addService(service.handler()).build();
  }

  @Test
  void stopWithGrace_200InFlight_eachEndsWithResponseOrStatus_newOnesRefused() throws Exception {
    List<Channel> channels = new ArrayList<>();
    for (int i = 0; i < CHANNELS; i++) {
      channels.add(grpc.server().channel(ChannelOptions.DEFAULT));
    }
    List<UnaryUnaryCall<String>> unary = new ArrayList<>();
    for (int i = 0; i < UNARY; i++) {
      unary.add(FaultService.hold(channels.get(i % CHANNELS)).call(Integer.toString(i)));
    }
    List<TestSubscriber<String>> streams = new ArrayList<>();
    for (int i = 0; i < STREAMS; i++) {
      // Streams that sent 10 items and have nothing more to say for now.
      TestSubscriber<String> items = TestSubscriber.<String>unbounded().withTimeout(BOUND);
      FaultService.stream(channels.get(i % CHANNELS)).call("10:10:open").subscribe(items);
      streams.add(items);
    }
    grpc.server().awaitOpenRpcs(UNARY + STREAMS, Duration.ofSeconds(20));
    for (TestSubscriber<String> items : streams) {
      items.awaitCount(10);
    }

    long stopAt = System.nanoTime();
    CompletableFuture<Void> stopped = grpc.server().server().stop(GRACE);
    UnaryUnaryCall<String> refused = FaultService.echo(channels.get(0)).call("late");
    for (int i = 0; i < UNARY; i += 2) {
      service.release(Integer.toString(i)); // these answer within the grace
    }

    assertThatRpc(refused).within(BOUND).failsWith(StatusCode.UNAVAILABLE);
    assertThat(Duration.ofNanos(System.nanoTime() - stopAt)).isLessThan(GRACE);
    Await.result(stopped, GRACE.plus(BOUND));
    assertThat(Duration.ofNanos(System.nanoTime() - stopAt)).isLessThan(GRACE.plus(BOUND));
    for (int i = 0; i < UNARY; i++) {
      if (i % 2 == 0) {
        assertThatRpc(unary.get(i)).succeedsWith("released:" + i);
      } else {
        assertThatRpc(unary.get(i))
            .failsWith(StatusCode.UNAVAILABLE)
            .hasDetails("Cancelling all calls");
      }
    }
    for (TestSubscriber<String> items : streams) {
      assertThat(items.assertError(AioRpcError.class).code()).isEqualTo(StatusCode.UNAVAILABLE);
      ClientCancelTest.assertInOrderFromZero(items.values());
      items.assertNoViolations();
    }
    assertThat(grpc.server().openRpcs()).isEmpty();
  }
}
