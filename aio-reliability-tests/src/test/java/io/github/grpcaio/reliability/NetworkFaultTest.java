package io.github.grpcaio.reliability;

import static io.github.grpcaio.testkit.AioAssertions.assertThatRpc;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.AioRpcError;
import io.github.grpcaio.CallOptions;
import io.github.grpcaio.Channel;
import io.github.grpcaio.ChannelOptions;
import io.github.grpcaio.ServicerContext;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.UnaryStreamCall;
import io.github.grpcaio.UnaryUnaryCall;
import io.github.grpcaio.core.GrpcAio;
import io.github.grpcaio.testkit.AioServerExtension;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.LoopbackProxy;
import io.github.grpcaio.testkit.TestSubscriber;
import io.github.grpcaio.testkit.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Network faults between a channel and a Netty server, made by a {@link LoopbackProxy}: a stalled
 * connection (a black hole) is ended by the deadline or by keepalive; a reset connection ends its
 * calls with {@code UNAVAILABLE} at once; a server that is down fails new calls fast; and in each
 * case the channel reconnects once the network is back.
 */
@Timeout(90)
class NetworkFaultTest {

  private static final Duration BOUND = Duration.ofSeconds(5);

  /** grpc-java's shortest keepalive interval, on both sides (smaller values are raised to it). */
  private static final Duration KEEPALIVE = Duration.ofSeconds(10);

  /** Reconnecting backs off (1 s, then longer, with jitter); a few attempts fit in this. */
  private static final Duration RECONNECT_BOUND = Duration.ofSeconds(30);

  /** AioServer's bounds for a stop against an unresponsive client: 5 s + 5 s, plus slack. */
  private static final Duration STOP_BOUND = Duration.ofSeconds(15);

  private final FaultService service = new FaultService();

  @RegisterExtension
  final AioServerExtension grpc =
      AioServerExtension.builder()
          .transport(Transport.NETTY)
          .addService(service.handler())
          .serverOptions(
              o ->
                  o.keepalive(KEEPALIVE, Duration.ofSeconds(1))
                      .permitKeepalive(Duration.ZERO, true))
          .build();

  private final List<Channel> channels = new ArrayList<>();
  private LoopbackProxy proxy;

  @BeforeEach
  void startProxy() {
    String target = grpc.server().target();
    proxy = LoopbackProxy.start(Integer.parseInt(target.substring(target.lastIndexOf(':') + 1)));
  }

  @AfterEach
  void close() throws Exception {
    for (Channel c : channels) {
      Await.result(c.closeAsync(null), Duration.ofSeconds(15));
    }
    proxy.close();
  }

  private Channel channel(ChannelOptions options) {
    Channel c = GrpcAio.insecureChannel(proxy.target(), options);
    channels.add(c);
    return c;
  }

  @Test
  void stall_callsWithDeadline_endWithDeadlineExceededOnTime() throws Exception {
    Channel channel = channel(ChannelOptions.DEFAULT);
    UnaryStreamCall<String> stream =
        FaultService.stream(channel)
            .call("endless:100", CallOptions.DEFAULT.withTimeout(Duration.ofSeconds(2)));
    TestSubscriber<String> items = TestSubscriber.<String>unbounded().withTimeout(BOUND);
    stream.subscribe(items);
    items.awaitCount(100);

    proxy.stall();
    long stalledAt = System.nanoTime();
    UnaryUnaryCall<String> unary =
        FaultService.echo(channel)
            .call("x", CallOptions.DEFAULT.withTimeout(Duration.ofSeconds(1)));

    assertThatRpc(unary).within(BOUND).failsWith(StatusCode.DEADLINE_EXCEEDED);
    assertThat(items.assertError(AioRpcError.class).code()).isEqualTo(StatusCode.DEADLINE_EXCEEDED);
    assertThat(Duration.ofNanos(System.nanoTime() - stalledAt)).isLessThan(BOUND);
    ClientCancelTest.assertInOrderFromZero(items.values());
  }

  @Test
  void stall_withoutDeadline_keepaliveEndsTheCallsOnBothSides_thenTheChannelReconnects()
      throws Exception {
    Channel channel =
        channel(
            ChannelOptions.builder().keepalive(KEEPALIVE, Duration.ofSeconds(1), false).build());
    UnaryStreamCall<String> stream = FaultService.stream(channel).call("endless:100");
    TestSubscriber<String> items =
        TestSubscriber.<String>unbounded().withTimeout(KEEPALIVE.plus(BOUND).plus(BOUND));
    stream.subscribe(items);
    ServicerContext<String, String> context = service.awaitStarted(BOUND);
    items.awaitCount(100);

    proxy.stall();

    // The server pings (every 10 s at least, as grpc-java raises it) and gives up a second after
    // an unanswered one: its handler is cancelled.
    assertThat(service.awaitEnded(KEEPALIVE.plus(BOUND).plus(BOUND))).isSameAs(context);
    assertThat(context.cancelled()).isTrue();
    // The client's ping goes unanswered too.
    AioRpcError error = items.assertError(AioRpcError.class);
    assertThat(error.code()).isEqualTo(StatusCode.UNAVAILABLE);
    ClientCancelTest.assertInOrderFromZero(items.values());

    proxy.dropConnections();
    proxy.resume();
    assertThatRpc(FaultService.echo(channel).call("back"))
        .within(RECONNECT_BOUND)
        .succeedsWith("back");
  }

  @Test
  void dropConnections_duringAStream_unavailableAtOnce_andTheNextCallReconnects() throws Exception {
    Channel channel = channel(ChannelOptions.DEFAULT);
    UnaryStreamCall<String> stream = FaultService.stream(channel).call("endless:100");
    TestSubscriber<String> items = TestSubscriber.<String>unbounded().withTimeout(BOUND);
    stream.subscribe(items);
    ServicerContext<String, String> context = service.awaitStarted(BOUND);
    items.awaitCount(100);

    proxy.dropConnections();

    assertThat(items.assertError(AioRpcError.class).code()).isEqualTo(StatusCode.UNAVAILABLE);
    ClientCancelTest.assertInOrderFromZero(items.values());
    assertThat(service.awaitEnded(BOUND)).isSameAs(context);
    assertThat(context.cancelled()).isTrue();
    assertThatRpc(FaultService.echo(channel).call("again"))
        .within(RECONNECT_BOUND)
        .succeedsWith("again");
    assertThat(proxy.acceptedConnections()).isEqualTo(2);
  }

  @Test
  void serverDown_newCallsFailFast_waitForReadyOnesWait_andAllSucceedOnceItIsBack()
      throws Exception {
    Channel channel = channel(ChannelOptions.DEFAULT);
    assertThatRpc(FaultService.echo(channel).call("up")).succeedsWith("up");

    proxy.stopListening();

    assertThatRpc(FaultService.echo(channel).call("down"))
        .within(BOUND)
        .failsWith(StatusCode.UNAVAILABLE);
    UnaryUnaryCall<String> waiting =
        FaultService.echo(channel).call("waiting", CallOptions.DEFAULT.withWaitForReady(true));
    assertThat(waiting.done()).isFalse();
    proxy.startListening();
    Await.result(channel.channelReady(), RECONNECT_BOUND);
    assertThatRpc(waiting).within(BOUND).succeedsWith("waiting");
    assertThatRpc(FaultService.echo(channel).call("back")).succeedsWith("back");
  }

  @Test
  void stall_channelClosed_closeCompletesAndTheCallsEndLocally() throws Exception {
    Channel channel = channel(ChannelOptions.DEFAULT);
    UnaryStreamCall<String> stream = FaultService.stream(channel).call("endless:100");
    TestSubscriber<String> items = TestSubscriber.<String>unbounded().withTimeout(BOUND);
    stream.subscribe(items);
    ServicerContext<String, String> context = service.awaitStarted(BOUND);
    items.awaitCount(100);
    proxy.stall();

    Await.result(channel.closeAsync(Duration.ZERO), BOUND);

    items.assertError(java.util.concurrent.CancellationException.class);
    assertThat(stream.cancelled()).isTrue();
    // The server hears of it once the network is back (or by its keepalive).
    proxy.resume();
    assertThat(service.awaitEnded(BOUND)).isSameAs(context);
  }

  @Test
  void stall_serverStopped_stopCompletesWithinGracePlusBound() throws Exception {
    Channel channel = channel(ChannelOptions.DEFAULT);
    UnaryStreamCall<String> stream = FaultService.stream(channel).call("endless:100");
    TestSubscriber<String> items = TestSubscriber.<String>unbounded().withTimeout(BOUND);
    stream.subscribe(items);
    ServicerContext<String, String> context = service.awaitStarted(BOUND);
    items.awaitCount(100);
    proxy.stall();
    Duration grace = Duration.ofMillis(500);
    long stopAt = System.nanoTime();

    Await.result(grpc.server().server().stop(grace), grace.plus(STOP_BOUND).plus(BOUND));

    // An unresponsive client holds the stop up, but only for a bounded time: the RPCs cancelled
    // when the grace is over get 5 s to end (their status cannot reach the client), then the
    // connections get 5 s to close gracefully, then they are closed by force.
    assertThat(Duration.ofNanos(System.nanoTime() - stopAt)).isLessThan(grace.plus(STOP_BOUND));
    assertThat(context.cancelled()).isTrue();
    proxy.resume();
    // UNAVAILABLE "Cancelling all calls" if the status got out before the connection was closed
    // by force, else the stream's reset (CANCELLED, sent by the server: not a local cancel).
    AioRpcError error = items.assertError(AioRpcError.class);
    assertThat(error.code()).isIn(StatusCode.UNAVAILABLE, StatusCode.CANCELLED);
  }
}
