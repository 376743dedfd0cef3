package io.github.grpcaio.core.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.grpcaio.AioRpcError;
import io.github.grpcaio.CallOptions;
import io.github.grpcaio.ChannelOptions;
import io.github.grpcaio.ServicerContext;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.UsageError;
import io.github.grpcaio.testkit.AioTestServer;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.Transport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code Server.stop(grace)}, {@code waitForTermination} and {@code close()} (the Server section of
 * docs/mapping.md): new RPCs are refused at once, in-flight ones may finish within the grace and
 * are cancelled after it with {@code UNAVAILABLE "Cancelling all calls"}, and the futures complete
 * once all is closed.
 */
@ParameterizedClass
@EnumSource(Transport.class)
class ServerStopTest {

  private static final Duration LONG_GRACE = Duration.ofSeconds(60);

  private final Transport transport;
  @AutoClose private AioTestServer harness;

  /** Handlers that started, with the stage each returned, in order. */
  private final LinkedBlockingQueue<Held> held = new LinkedBlockingQueue<>();

  private record Held(ServicerContext<String, String> context, CompletableFuture<String> stage) {}

  ServerStopTest(Transport transport) {
    this.transport = transport;
  }

  /** Serves every kind with a handler that returns a stage the test completes. */
  private void serveHolding() {
    Map<String, io.github.grpcaio.RpcMethodHandler<?, ?>> methods = new java.util.HashMap<>();
    for (Kind kind : Kind.values()) {
      methods.put(
          kind.methodName,
          kind.handlerReturningStage(
              ctx -> {
                CompletableFuture<String> stage = new CompletableFuture<>();
                held.add(new Held(ctx, stage));
                return stage;
              }));
    }
    harness = transport.start(Kind.serviceOf(methods));
  }

  private Held nextHeld() {
    try {
      Held h = held.poll(Await.TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
      assertThat(h).as("a handler started").isNotNull();
      return h;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static void assertCancelledForShutdown(Kind.Rpc rpc) {
    AioRpcError error = Await.rpcError(rpc.responses());
    assertThat(error.code()).isEqualTo(StatusCode.UNAVAILABLE);
    assertThat(error.details()).isEqualTo("Cancelling all calls");
  }

  @Test
  void stop_withGrace_newRpcsRefusedAtOnceWhileInFlightOneGoesOn() {
    serveHolding();
    Kind.Rpc inFlight = Kind.UNARY_UNARY.invoke(harness.channel(), CallOptions.DEFAULT);
    Held handler = nextHeld();

    CompletableFuture<Void> stopped = harness.server().stop(LONG_GRACE);

    Kind.Rpc onSameChannel = Kind.UNARY_UNARY.invoke(harness.channel(), CallOptions.DEFAULT);
    assertThat(Await.rpcError(onSameChannel.responses()).code()).isEqualTo(StatusCode.UNAVAILABLE);
    Kind.Rpc onNewChannel =
        Kind.UNARY_UNARY.invoke(harness.channel(ChannelOptions.DEFAULT), CallOptions.DEFAULT);
    assertThat(Await.rpcError(onNewChannel.responses()).code()).isEqualTo(StatusCode.UNAVAILABLE);
    assertThat(held).as("no handler ran for refused RPCs").isEmpty();
    assertThat(handler.context().cancelled()).isFalse();
    assertThat(inFlight.responses()).isNotDone();
    assertThat(stopped).isNotDone();

    handler.stage().complete("finished in grace");
    assertThat(Await.result(inFlight.responses())).containsExactly("finished in grace");
    Await.result(stopped);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void stop_inFlightFinishesWithinGrace_clientGetsItsResponseAndStopCompletes(Kind kind) {
    serveHolding();
    Kind.Rpc rpc = kind.invoke(harness.channel(), CallOptions.DEFAULT);
    Held handler = nextHeld();
    CompletableFuture<Void> stopped = harness.server().stop(LONG_GRACE);
    Await.staysPending("stop while an RPC is in flight", stopped);

    handler.stage().complete("done");

    List<String> expected = kind.responseStreaming ? List.of() : List.of("done");
    assertThat(Await.result(rpc.responses())).isEqualTo(expected);
    assertThat(Await.result(rpc.call().code())).isEqualTo(StatusCode.OK);
    Await.result(stopped);
    assertThat(handler.context().cancelled()).isFalse();
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void stop_inFlightOutlivesGrace_cancelledWithUnavailableAndHandlerSeesIt(Kind kind) {
    serveHolding();
    Kind.Rpc rpc = kind.invoke(harness.channel(), CallOptions.DEFAULT);
    Held handler = nextHeld();
    CountDownLatch doneCallback = new CountDownLatch(1);
    handler.context().addDoneCallback(c -> doneCallback.countDown());

    CompletableFuture<Void> stopped = harness.server().stop(Duration.ofMillis(200));

    assertCancelledForShutdown(rpc);
    Await.result(stopped);
    Await.latch(doneCallback);
    assertThat(handler.context().cancelled()).isTrue();
    assertThat(handler.context().done()).isTrue();
    assertThat(Await.failure(handler.stage())).isInstanceOf(CancellationException.class);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void stop_nullGrace_cancelsInFlightNow(Kind kind) {
    serveHolding();
    Kind.Rpc rpc = kind.invoke(harness.channel(), CallOptions.DEFAULT);
    Held handler = nextHeld();

    CompletableFuture<Void> stopped = harness.server().stop(null);

    assertCancelledForShutdown(rpc);
    Await.result(stopped);
    assertThat(handler.context().cancelled()).isTrue();
    assertThat(Await.failure(handler.stage())).isInstanceOf(CancellationException.class);
  }

  @Test
  void stop_zeroGrace_cancelsInFlightNow() {
    serveHolding();
    Kind.Rpc rpc = Kind.STREAM_STREAM.invoke(harness.channel(), CallOptions.DEFAULT);
    Held handler = nextHeld();

    CompletableFuture<Void> stopped = harness.server().stop(Duration.ZERO);

    assertCancelledForShutdown(rpc);
    Await.result(stopped);
    assertThat(handler.context().cancelled()).isTrue();
  }

  @Test
  void stop_severalInFlight_allCancelledAndStopCompletes() {
    serveHolding();
    List<Kind.Rpc> rpcs =
        List.of(Kind.values()).stream()
            .map(kind -> kind.invoke(harness.channel(), CallOptions.DEFAULT))
            .toList();
    for (int i = 0; i < rpcs.size(); i++) {
      nextHeld();
    }

    CompletableFuture<Void> stopped = harness.server().stop(null);

    rpcs.forEach(ServerStopTest::assertCancelledForShutdown);
    Await.result(stopped);
  }

  @Test
  void stop_repeatedWithSmallerGrace_smallerGraceWins() {
    serveHolding();
    Kind.Rpc rpc = Kind.UNARY_UNARY.invoke(harness.channel(), CallOptions.DEFAULT);
    nextHeld();
    CompletableFuture<Void> first = harness.server().stop(LONG_GRACE);

    CompletableFuture<Void> second = harness.server().stop(Duration.ofMillis(100));

    assertCancelledForShutdown(rpc); // within TIMEOUT, far below the first grace
    Await.result(first);
    Await.result(second);
  }

  @Test
  void stop_repeatedWithLargerGrace_earlierSmallerGraceStillApplies() {
    serveHolding();
    Kind.Rpc rpc = Kind.UNARY_UNARY.invoke(harness.channel(), CallOptions.DEFAULT);
    nextHeld();
    CompletableFuture<Void> first = harness.server().stop(Duration.ofMillis(100));

    CompletableFuture<Void> second = harness.server().stop(LONG_GRACE);

    assertCancelledForShutdown(rpc);
    Await.result(first);
    Await.result(second);
  }

  @Test
  void stop_afterAllRpcsEnded_completesWithoutWaitingForTheGrace() {
    serveHolding();
    Kind.Rpc earlier = Kind.UNARY_UNARY.invoke(harness.channel(), CallOptions.DEFAULT);
    nextHeld().stage().complete("earlier");
    Await.result(earlier.responses()); // the connection stays open, the server is idle

    CompletableFuture<Void> stopped = harness.server().stop(LONG_GRACE);

    Await.result(stopped);
  }

  @Test
  void stop_negativeGrace_throwsIllegalArgumentException() {
    serveHolding();

    assertThatThrownBy(() -> harness.server().stop(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void waitForTermination_whileServing_returnsTrueWhenTheTimeoutRunsOut() {
    serveHolding();

    Boolean timedOut = Await.result(harness.server().waitForTermination(Duration.ofMillis(100)));

    assertThat(timedOut).isTrue();
  }

  @Test
  void waitForTermination_timeout_completesOnTheServersExecutor() {
    serveHolding();

    String thread =
        Await.result(
            harness
                .server()
                .waitForTermination(Duration.ofMillis(20))
                .thenApply(timedOut -> Thread.currentThread().getName()));

    assertThat(thread).startsWith("grpc-aio-executor-");
  }

  @Test
  void waitForTermination_dependentThatBlocks_delaysNoOtherTimeout() {
    serveHolding();
    CountDownLatch unblock = new CountDownLatch(1);
    CompletableFuture<Void> blocked =
        harness
            .server()
            .waitForTermination(Duration.ofMillis(10))
            .thenRun(() -> awaitQuietly(unblock));
    try {
      // A timeout completed on one shared timer thread would wait for that dependent.
      Boolean timedOut = Await.result(harness.server().waitForTermination(Duration.ofMillis(50)));

      assertThat(timedOut).isTrue();
      assertThat(blocked).isNotDone();
    } finally {
      unblock.countDown();
    }
    Await.result(blocked);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(Await.TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void waitForTermination_afterStop_returnsFalse() {
    serveHolding();
    Await.result(harness.server().stop(null));

    Boolean withTimeout = Await.result(harness.server().waitForTermination(Duration.ofSeconds(5)));
    Boolean withoutTimeout = Await.result(harness.server().waitForTermination(null));

    assertThat(withTimeout).isFalse();
    assertThat(withoutTimeout).isFalse();
  }

  @Test
  void waitForTermination_pendingWhenStopped_completesWithFalse() {
    serveHolding();
    CompletableFuture<Boolean> waiting = harness.server().waitForTermination(null);
    Await.staysPending("waitForTermination while serving", waiting);

    harness.server().stop(null);

    assertThat(Await.result(waiting)).isFalse();
  }

  @Test
  void close_withRpcInFlight_cancelsItAndReturnsOnceTerminated() {
    serveHolding();
    Kind.Rpc rpc = Kind.UNARY_STREAM.invoke(harness.channel(), CallOptions.DEFAULT);
    Held handler = nextHeld();

    harness.server().close();

    assertThat(Await.result(harness.server().waitForTermination(Duration.ZERO))).isFalse();
    assertCancelledForShutdown(rpc);
    assertThat(handler.context().cancelled()).isTrue();
  }

  @Test
  void configuration_afterStop_throwsUsageError() {
    serveHolding();
    Await.result(harness.server().stop(null));

    assertThatThrownBy(() -> harness.server().addInsecurePort("127.0.0.1:0"))
        .isInstanceOf(UsageError.class);
    assertThatThrownBy(() -> harness.server().addInProcessPort("aio-after-stop"))
        .isInstanceOf(UsageError.class);
    assertThatThrownBy(() -> harness.server().addGenericRpcHandlers(details -> null))
        .isInstanceOf(UsageError.class);
  }
}
