package io.github.grpcaio.core.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.github.grpcaio.CallOptions;
import io.github.grpcaio.Channel;
import io.github.grpcaio.ChannelConnectivity;
import io.github.grpcaio.ChannelOptions;
import io.github.grpcaio.Server;
import io.github.grpcaio.ServicerContext;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.UsageError;
import io.github.grpcaio.core.GrpcAio;
import io.github.grpcaio.core.client.RpcKind.ResponseStream;
import io.github.grpcaio.testkit.AioTestServer;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.TestSubscriber;
import io.github.grpcaio.testkit.Transport;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Closing a channel refuses new calls at once with {@code UsageError("Channel is closed.")}, lets
 * active calls finish within the grace, then cancels them locally ({@code CANCELLED}, {@link
 * CancellationException}); the close completes and nothing hangs.
 */
@ParameterizedClass
@EnumSource(Transport.class)
class ChannelCloseTest {

  @Parameter Transport transport;

  private AioTestServer bed;

  private final CompletableFuture<ServicerContext<String, String>> serverStarted =
      new CompletableFuture<>();
  private final CompletableFuture<Boolean> serverCancelled = new CompletableFuture<>();

  /** Released by the test to let the server answer. */
  private final CompletableFuture<Void> release = new CompletableFuture<>();

  /** Answers "done" once released; records its context and what its done callback saw. */
  private final TestService.Behavior answerWhenReleased =
      rpc -> {
        rpc.context().addDoneCallback(context -> serverCancelled.complete(context.cancelled()));
        serverStarted.complete(rpc.context());
        return release.thenCompose(ignored -> rpc.reply("done"));
      };

  @AfterEach
  void tearDown() throws Exception {
    if (bed != null) {
      bed.close();
    }
  }

  private TestCall activeCall(RpcKind kind) {
    bed = transport.start(TestService.serving(answerWhenReleased));
    TestCall call = kind.call(bed.channel(), "request");
    Await.result(serverStarted);
    return call;
  }

  /** Runs the blocking {@code close()} with a bound. */
  private static void closeBounded(Channel channel) {
    Await.result(CompletableFuture.runAsync(channel::close));
  }

  @ParameterizedTest
  @EnumSource(RpcKind.class)
  void close_cancelsActiveRpcLocallyAndReturns(RpcKind kind) {
    TestCall call = activeCall(kind);

    closeBounded(bed.channel());

    assertThat(call.awaitError()).isInstanceOf(CancellationException.class);
    assertThat(Await.result(call.call().code())).isEqualTo(StatusCode.CANCELLED);
    assertThat(Await.result(call.call().details()))
        .isEqualTo(ClientCancellationTest.LOCALLY_CANCELLED);
    assertThat(call.call().cancelled()).isTrue();
    assertThat(Await.result(serverCancelled)).as("server context cancelled()").isTrue();
  }

  @ParameterizedTest
  @EnumSource(RpcKind.class)
  void closeAsync_withoutGrace_cancelsActiveRpcAndCompletes(RpcKind kind) {
    TestCall call = activeCall(kind);

    CompletableFuture<Void> closed = bed.channel().closeAsync(null);

    Await.result(closed);
    assertThat(call.awaitError()).isInstanceOf(CancellationException.class);
    assertThat(call.call().cancelled()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(RpcKind.class)
  void closeAsync_withGrace_letsActiveRpcFinishAndCompletesWhenItDoes(RpcKind kind) {
    TestCall call = activeCall(kind);

    CompletableFuture<Void> closed = bed.channel().closeAsync(Duration.ofSeconds(30));
    assertThatThrownBy(() -> kind.call(bed.channel(), "late"))
        .as("new calls are refused during the grace")
        .isInstanceOf(UsageError.class)
        .hasMessage("Channel is closed.");
    assertThat(closed).isNotDone();
    release.complete(null);

    TestCall.Result result = call.awaitResult();
    assertThat(result.error()).isNull();
    assertThat(result.messages()).containsExactly("done");
    Await.result(closed); // well before the 30 s grace
    assertThat(call.call().cancelled()).isFalse();
  }

  @ParameterizedTest
  @EnumSource(RpcKind.class)
  void closeAsync_withGrace_cancelsRpcStillActiveWhenGraceEnds(RpcKind kind) {
    TestCall call = activeCall(kind);
    Duration grace = Duration.ofMillis(300);
    long start = System.nanoTime();

    CompletableFuture<Void> closed = bed.channel().closeAsync(grace);

    assertThat(call.awaitError()).isInstanceOf(CancellationException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(grace.minusMillis(20));
    assertThat(Await.result(call.call().code())).isEqualTo(StatusCode.CANCELLED);
    Await.result(closed);
  }

  @ParameterizedTest
  @EnumSource(RpcKind.class)
  void newCall_onClosedChannel_throwsUsageError(RpcKind kind) {
    bed = transport.start(TestService.serving(rpc -> rpc.reply("done")));
    closeBounded(bed.channel());

    assertThatThrownBy(() -> kind.call(bed.channel(), "request"))
        .isInstanceOf(UsageError.class)
        .hasMessage("Channel is closed.");
  }

  @ParameterizedTest
  @EnumSource(RpcKind.class)
  void closeAsync_calledAgainWithSmallerGrace_cancelsWhenTheSmallerGraceEnds(RpcKind kind) {
    TestCall call = activeCall(kind);
    Duration smaller = Duration.ofMillis(200);

    CompletableFuture<Void> first = bed.channel().closeAsync(Duration.ofMinutes(5));
    long start = System.nanoTime();
    CompletableFuture<Void> second = bed.channel().closeAsync(smaller);

    assertThat(second).isSameAs(first);
    assertThat(call.awaitError()).isInstanceOf(CancellationException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(smaller.minusMillis(20));
    assertThat(Await.result(call.call().code())).isEqualTo(StatusCode.CANCELLED);
    Await.result(first);
  }

  @Test
  void close_afterCloseAsyncWithGrace_cancelsActiveRpcNow() {
    TestCall call = activeCall(RpcKind.UNARY_UNARY);
    CompletableFuture<Void> graceful = bed.channel().closeAsync(Duration.ofMinutes(5));

    closeBounded(bed.channel());

    assertThat(call.awaitError()).isInstanceOf(CancellationException.class);
    assertThat(graceful).isDone();
  }

  @Test
  void closeAsync_calledAgainWithLargerGrace_keepsTheFirstGrace() {
    TestCall call = activeCall(RpcKind.STREAM_STREAM);

    CompletableFuture<Void> closed = bed.channel().closeAsync(Duration.ofMillis(100));
    bed.channel().closeAsync(Duration.ofMinutes(5));

    assertThat(call.awaitError()).isInstanceOf(CancellationException.class);
    Await.result(closed);
  }

  @Test
  void closeAsync_calledAgain_isIdempotent() {
    bed = transport.start(TestService.serving(rpc -> rpc.reply("done")));

    CompletableFuture<Void> first = bed.channel().closeAsync(Duration.ofSeconds(1));
    CompletableFuture<Void> second = bed.channel().closeAsync(Duration.ZERO);
    closeBounded(bed.channel());

    Await.result(first);
    Await.result(second);
    Await.result(bed.channel().closeAsync(null));
  }

  @Test
  void closeAsync_negativeGrace_throwsIllegalArgumentException() {
    bed = transport.start(TestService.serving(rpc -> rpc.reply("done")));

    assertThatThrownBy(() -> bed.channel().closeAsync(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(bed.channel().getState(false)).isNotEqualTo(ChannelConnectivity.SHUTDOWN);
  }

  @Test
  void getState_afterClose_isShutdown() {
    bed = transport.start(TestService.serving(rpc -> rpc.reply("done")));
    Await.result(RpcKind.UNARY_UNARY.call(bed.channel(), "connect").call().code());
    assertThat(bed.channel().getState(false)).isEqualTo(ChannelConnectivity.READY);

    closeBounded(bed.channel());

    assertThat(bed.channel().getState(false)).isEqualTo(ChannelConnectivity.SHUTDOWN);
    assertThat(bed.channel().getState(true)).isEqualTo(ChannelConnectivity.SHUTDOWN);
  }

  @ParameterizedTest
  @EnumSource(
      value = RpcKind.class,
      names = {"UNARY_STREAM", "STREAM_STREAM"})
  void close_withSubscriberThatRequestsNothing_doesNotHang(RpcKind kind) {
    bed =
        transport.start(
            TestService.serving(rpc -> rpc.reply("never read").thenCompose(x -> release)));
    ResponseStream stream = kind.callForReading(bed.channel(), "request", CallOptions.DEFAULT);
    TestSubscriber<String> idle = TestSubscriber.requesting(0);
    stream.subscribe(idle);

    closeBounded(bed.channel());

    assertThat(idle.awaitError()).isInstanceOf(CancellationException.class);
    assertThat(idle.values()).isEmpty();
  }

  /**
   * A response stream nobody read, whose server already ended: grpc-java holds the status until the
   * messages are read. If the channel were shut down before the call is cancelled, grpc-java over
   * Netty would sometimes never report the call closed: {@code code()} would never complete and the
   * close would wait out its 5 s drain bound. A race, so it is tried several times.
   */
  @ParameterizedTest
  @EnumSource(
      value = RpcKind.class,
      names = {"UNARY_STREAM", "STREAM_STREAM"})
  void closeAsync_unreadResponsesOfAnEndedRpc_endsTheCallPromptly(RpcKind kind) {
    // In-process, a server's write waits for the client's demand: nothing is buffered.
    assumeThat(transport).isEqualTo(Transport.NETTY);
    BlockingQueue<Boolean> serverEnded = new LinkedBlockingQueue<>();
    bed =
        transport.start(
            TestService.serving(
                rpc -> {
                  rpc.context().addDoneCallback(c -> serverEnded.add(c.cancelled()));
                  return rpc.replyAll(List.of("a", "b", "c"));
                }));
    for (int round = 0; round < 20; round++) {
      Channel channel = bed.channel(ChannelOptions.DEFAULT);
      ResponseStream stream = kind.callForReading(channel, "request", CallOptions.DEFAULT);
      // Nothing is read: the three responses and the OK status stay buffered in the client.
      assertThat(Await.next(serverEnded, "the server's end of the RPC")).isFalse();

      CompletableFuture<Void> closed = channel.closeAsync(Duration.ZERO);

      Await.result(closed, Duration.ofSeconds(3));
      assertThat(Await.result(stream.call().code(), Duration.ofSeconds(3)))
          .as("round %d", round)
          .isIn(StatusCode.CANCELLED, StatusCode.OK);
    }
  }

  @ParameterizedTest
  @EnumSource(RpcKind.class)
  void close_whileCallWaitsForReady_endsItLocally(RpcKind kind) throws Exception {
    Server server = GrpcAio.server();
    Channel channel = transport.open(transport.bind(server), ChannelOptions.DEFAULT);
    Await.result(server.start());
    Await.result(server.stop(Duration.ZERO));
    TestCall call = kind.call(channel, "request", CallOptions.DEFAULT.withWaitForReady(true));

    closeBounded(channel);

    assertThat(call.awaitError()).isInstanceOf(CancellationException.class);
    assertThat(Await.result(call.call().code())).isEqualTo(StatusCode.CANCELLED);
  }

  @Test
  void channelReady_pendingWhenClosed_failsWithUsageError() throws Exception {
    Server server = GrpcAio.server();
    Channel channel = transport.open(transport.bind(server), ChannelOptions.DEFAULT);
    Await.result(server.start());
    Await.result(server.stop(Duration.ZERO));
    CompletableFuture<Void> ready = channel.channelReady();

    closeBounded(channel);

    assertThat(Await.failure(ready)).isInstanceOf(UsageError.class);
  }
}
