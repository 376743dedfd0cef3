package io.github.grpcaio.core.server;

import static io.github.grpcaio.testkit.Utf8.DESERIALIZER;
import static io.github.grpcaio.testkit.Utf8.SERIALIZER;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.CallOptions;
import io.github.grpcaio.RpcMethodHandler;
import io.github.grpcaio.ServicerContext;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.testkit.AioTestServer;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.TestPublisher;
import io.github.grpcaio.testkit.TestSubscriber;
import io.github.grpcaio.testkit.Transport;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A client deadline on the server: it propagates, and when it passes the handler sees {@code
 * cancelled()}, its future and publisher are cancelled, its request stream and reads fail, and the
 * client gets {@code DEADLINE_EXCEEDED}.
 */
@ParameterizedClass
@EnumSource(Transport.class)
class ServerDeadlineTest {

  // Long enough for the handler to start first even on a busy machine, as the tests need it.
  private static final CallOptions SHORT_DEADLINE =
      CallOptions.DEFAULT.withTimeout(Duration.ofMillis(500));
  private static final Duration SLACK = Duration.ofMillis(100);

  private final Transport transport;
  @AutoClose private AioTestServer harness;

  ServerDeadlineTest(Transport transport) {
    this.transport = transport;
  }

  private void serve(Kind kind, RpcMethodHandler<String, String> handler) {
    harness = transport.start(Kind.serviceOf(Map.of(kind.methodName, handler)));
  }

  /** A handler of {@code kind} (writer form for response streams) that returns {@code stage}. */
  private static RpcMethodHandler<String, String> returning(
      Kind kind,
      CompletableFuture<ServicerContext<String, String>> started,
      CompletableFuture<String> stage) {
    return switch (kind) {
      case UNARY_UNARY ->
          RpcMethodHandler.unaryUnary(
              (req, ctx) -> start(started, ctx, stage), DESERIALIZER, SERIALIZER);
      case UNARY_STREAM ->
          RpcMethodHandler.unaryStreamWriter(
              (req, ctx) -> start(started, ctx, stage), DESERIALIZER, SERIALIZER);
      case STREAM_UNARY ->
          RpcMethodHandler.streamUnary(
              (reqs, ctx) -> start(started, ctx, stage), DESERIALIZER, SERIALIZER);
      case STREAM_STREAM ->
          RpcMethodHandler.streamStreamWriter(
              (reqs, ctx) -> start(started, ctx, stage), DESERIALIZER, SERIALIZER);
    };
  }

  private static <T> T start(
      CompletableFuture<ServicerContext<String, String>> started,
      ServicerContext<String, String> ctx,
      T result) {
    started.complete(ctx);
    return result;
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void deadline_passesWhileHandlerRuns_handlerCancelledAndClientGetsDeadlineExceeded(Kind kind) {
    CompletableFuture<ServicerContext<String, String>> started = new CompletableFuture<>();
    CompletableFuture<String> never = new CompletableFuture<>();
    CountDownLatch doneCallback = new CountDownLatch(1);
    serve(kind, returning(kind, started, never));

    Kind.Rpc rpc = kind.invoke(harness.channel(), SHORT_DEADLINE);
    ServicerContext<String, String> ctx = Await.result(started);
    ctx.addDoneCallback(c -> doneCallback.countDown());

    assertThat(Await.rpcError(rpc.responses()).code()).isEqualTo(StatusCode.DEADLINE_EXCEEDED);
    assertThat(Await.failure(never)).isInstanceOf(CancellationException.class);
    Await.latch(doneCallback);
    assertThat(ctx.cancelled()).isTrue();
    assertThat(ctx.done()).isTrue();
    // The client's clock fires first and its cancel may arrive a hair before the server's own
    // deadline (computed when the headers arrived) passes.
    assertThat(ctx.timeRemaining()).hasValueSatisfying(d -> assertThat(d).isLessThan(SLACK));
  }

  @ParameterizedTest
  @EnumSource(
      value = Kind.class,
      names = {"UNARY_STREAM", "STREAM_STREAM"})
  void deadline_passesWhilePublisherIsSilent_subscriptionCancelled(Kind kind) {
    TestPublisher<String> silent = TestPublisher.silent();
    CompletableFuture<ServicerContext<String, String>> started = new CompletableFuture<>();
    serve(
        kind,
        kind == Kind.UNARY_STREAM
            ? RpcMethodHandler.unaryStream(
                (req, ctx) -> start(started, ctx, silent), DESERIALIZER, SERIALIZER)
            : RpcMethodHandler.streamStream(
                (reqs, ctx) -> start(started, ctx, silent), DESERIALIZER, SERIALIZER));

    Kind.Rpc rpc = kind.invoke(harness.channel(), SHORT_DEADLINE);

    assertThat(Await.rpcError(rpc.responses()).code()).isEqualTo(StatusCode.DEADLINE_EXCEEDED);
    silent.awaitCancellation(Await.TIMEOUT);
    assertThat(Await.result(started).cancelled()).isTrue();
    assertThat(silent.requested()).isPositive(); // it was pulled while the RPC was alive
  }

  @ParameterizedTest
  @EnumSource(
      value = Kind.class,
      names = {"STREAM_UNARY", "STREAM_STREAM"})
  void deadline_passesWhileSubscribedToRequests_subscriberGetsCancellation(Kind kind) {
    TestSubscriber<String> subscriber =
        TestSubscriber.<String>unbounded().withTimeout(Await.TIMEOUT);
    serve(
        kind,
        kind == Kind.STREAM_UNARY
            ? RpcMethodHandler.streamUnary(
                (reqs, ctx) -> {
                  reqs.subscribe(subscriber);
                  return new CompletableFuture<>();
                },
                DESERIALIZER,
                SERIALIZER)
            : RpcMethodHandler.streamStreamWriter(
                (reqs, ctx) -> {
                  reqs.subscribe(subscriber);
                  return new CompletableFuture<>();
                },
                DESERIALIZER,
                SERIALIZER));

    // The client keeps its request stream open until the deadline.
    var call =
        kind == Kind.STREAM_UNARY
            ? harness
                .channel()
                .streamUnary(kind.method(), SERIALIZER, DESERIALIZER)
                .call(SHORT_DEADLINE)
            : harness
                .channel()
                .streamStream(kind.method(), SERIALIZER, DESERIALIZER)
                .call(SHORT_DEADLINE);

    assertThat(Await.result(call.code())).isEqualTo(StatusCode.DEADLINE_EXCEEDED);
    assertThat(subscriber.awaitError()).isInstanceOf(CancellationException.class);
  }

  @ParameterizedTest
  @EnumSource(
      value = Kind.class,
      names = {"STREAM_UNARY", "STREAM_STREAM"})
  void deadline_passesDuringPendingRead_readFailsWithCancellation(Kind kind) {
    CompletableFuture<CompletableFuture<Optional<String>>> pendingRead = new CompletableFuture<>();
    serve(
        kind,
        kind == Kind.STREAM_UNARY
            ? RpcMethodHandler.streamUnary(
                (reqs, ctx) -> {
                  pendingRead.complete(ctx.read());
                  return new CompletableFuture<>();
                },
                DESERIALIZER,
                SERIALIZER)
            : RpcMethodHandler.streamStreamWriter(
                (reqs, ctx) -> {
                  pendingRead.complete(ctx.read());
                  return new CompletableFuture<>();
                },
                DESERIALIZER,
                SERIALIZER));

    var call =
        kind == Kind.STREAM_UNARY
            ? harness
                .channel()
                .streamUnary(kind.method(), SERIALIZER, DESERIALIZER)
                .call(SHORT_DEADLINE)
            : harness
                .channel()
                .streamStream(kind.method(), SERIALIZER, DESERIALIZER)
                .call(SHORT_DEADLINE);

    assertThat(Await.result(call.code())).isEqualTo(StatusCode.DEADLINE_EXCEEDED);
    assertThat(Await.failure(Await.result(pendingRead))).isInstanceOf(CancellationException.class);
  }

  @ParameterizedTest
  @EnumSource(
      value = Kind.class,
      names = {"UNARY_STREAM", "STREAM_STREAM"})
  void write_afterTheDeadlinePassed_failsWithCancellation(Kind kind) {
    CompletableFuture<ServicerContext<String, String>> started = new CompletableFuture<>();
    CountDownLatch ended = new CountDownLatch(1);
    serve(kind, returning(kind, started, new CompletableFuture<>()));
    Kind.Rpc rpc = kind.invoke(harness.channel(), SHORT_DEADLINE);
    ServicerContext<String, String> ctx = Await.result(started);
    ctx.addDoneCallback(c -> ended.countDown());
    Await.latch(ended);

    CompletableFuture<Void> write = ctx.write("too late");

    assertThat(Await.failure(write)).isInstanceOf(CancellationException.class);
    assertThat(Await.rpcError(rpc.responses()).code()).isEqualTo(StatusCode.DEADLINE_EXCEEDED);
  }
}
