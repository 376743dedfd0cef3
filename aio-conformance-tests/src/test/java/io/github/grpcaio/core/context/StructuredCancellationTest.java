package io.github.grpcaio.core.context;

import static io.github.grpcaio.testkit.AioAssertions.assertThatRpc;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.CallOptions;
import io.github.grpcaio.RpcMethodHandler;
import io.github.grpcaio.ServiceRpcHandler;
import io.github.grpcaio.ServicerContext;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.UnaryUnaryCall;
import io.github.grpcaio.UnaryUnaryMultiCallable;
import io.github.grpcaio.testkit.AioTestServer;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.Transport;
import io.github.grpcaio.testkit.Utf8;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A call made in a stage a handler chains (here: once a first downstream call has answered, after
 * the handler returned, on a thread of the downstream channel) inherits the deadline of the
 * handler's RPC and is cancelled when that RPC ends, as a call made on the handler's own thread is;
 * a call made in a forked {@code io.grpc.Context} is detached from both.
 */
@Timeout(30)
@ParameterizedClass
@EnumSource(Transport.class)
class StructuredCancellationTest {

  private static final Duration BOUND = Duration.ofSeconds(10);
  private static final long WITHIN_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private final BlockingQueue<ServicerContext<String, String>> holds = new LinkedBlockingQueue<>();
  private final CompletableFuture<Long> holdEnded = new CompletableFuture<>();
  private final CompletableFuture<Long> relayEnded = new CompletableFuture<>();
  private final CompletableFuture<UnaryUnaryCall<String>> detached = new CompletableFuture<>();
  private final AioTestServer downstream;
  private final AioTestServer relay;

  StructuredCancellationTest(Transport transport) {
    downstream = transport.start(downstream());
    relay = transport.start(relay());
  }

  @AfterEach
  void tearDown() {
    detached.thenAccept(UnaryUnaryCall::cancel);
    relay.close();
    downstream.close();
  }

  /** Echo answers at once; Hold never answers, and records when it ends. */
  private ServiceRpcHandler downstream() {
    return ServiceRpcHandler.of(
        "structured.Downstream",
        Map.of(
            "Echo",
            RpcMethodHandler.<String, String>unaryUnary(
                (request, context) -> CompletableFuture.completedFuture(request),
                Utf8.DESERIALIZER,
                Utf8.SERIALIZER),
            "Hold",
            RpcMethodHandler.<String, String>unaryUnary(
                (request, context) -> {
                  context.addDoneCallback(c -> holdEnded.complete(System.nanoTime()));
                  holds.add(context);
                  return new CompletableFuture<>();
                },
                Utf8.DESERIALIZER,
                Utf8.SERIALIZER)));
  }

  /** Calls Echo, then, in a stage chained on its response, Hold ("detached": in a fork). */
  private ServiceRpcHandler relay() {
    return ServiceRpcHandler.of(
        "structured.Relay",
        Map.of(
            "Relay",
            RpcMethodHandler.<String, String>unaryUnary(
                (request, context) -> {
                  context.addDoneCallback(c -> relayEnded.complete(System.nanoTime()));
                  return method("Echo")
                      .call("first")
                      .response()
                      .thenCompose(first -> hold(request.equals("detached")));
                },
                Utf8.DESERIALIZER,
                Utf8.SERIALIZER)));
  }

  private CompletionStage<String> hold(boolean detach) {
    if (!detach) {
      return method("Hold").call("h").response();
    }
    try {
      UnaryUnaryCall<String> call =
          io.grpc.Context.current().fork().call(() -> method("Hold").call("h"));
      detached.complete(call);
      return call.response();
    } catch (Exception e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private UnaryUnaryMultiCallable<String, String> method(String name) {
    return downstream
        .channel()
        .unaryUnary("/structured.Downstream/" + name, Utf8.SERIALIZER, Utf8.DESERIALIZER);
  }

  private UnaryUnaryCall<String> callRelay(String request, Duration timeout) {
    return relay
        .channel()
        .unaryUnary("/structured.Relay/Relay", Utf8.SERIALIZER, Utf8.DESERIALIZER)
        .call(request, CallOptions.DEFAULT.withTimeout(timeout));
  }

  private ServicerContext<String, String> awaitHold() throws InterruptedException {
    ServicerContext<String, String> hold = holds.poll(BOUND.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(hold).as("the chained stage's downstream call").isNotNull();
    return hold;
  }

  @Test
  void callInChainedStage_inheritsTheDeadline_andEndsWithIt() throws Exception {
    Duration timeout = Duration.ofMillis(1500);
    UnaryUnaryCall<String> upstream = callRelay("chained", timeout);

    ServicerContext<String, String> hold = awaitHold();
    assertThat(hold.timeRemaining()).isPresent();
    assertThat(hold.timeRemaining().get()).isPositive().isLessThanOrEqualTo(timeout);

    assertThatRpc(upstream).within(BOUND).failsWith(StatusCode.DEADLINE_EXCEEDED);
    long relayEnd = Await.result(relayEnded, BOUND);
    long holdEnd = Await.result(holdEnded, BOUND);
    assertThat(hold.cancelled()).isTrue();
    assertThat(holdEnd - relayEnd).isLessThan(WITHIN_NANOS);
  }

  @Test
  void callInChainedStage_isCancelledWithTheUpstream() throws Exception {
    UnaryUnaryCall<String> upstream = callRelay("chained", BOUND);
    ServicerContext<String, String> hold = awaitHold();

    upstream.cancel();

    assertThatRpc(upstream).within(BOUND).isCancelled();
    long relayEnd = Await.result(relayEnded, BOUND);
    long holdEnd = Await.result(holdEnded, BOUND);
    assertThat(hold.cancelled()).isTrue();
    assertThat(holdEnd - relayEnd).isLessThan(WITHIN_NANOS);
  }

  @Test
  void callInForkedContext_outlivesTheUpstream() throws Exception {
    UnaryUnaryCall<String> upstream = callRelay("detached", BOUND);
    ServicerContext<String, String> hold = awaitHold();
    assertThat(hold.timeRemaining()).isEmpty();

    upstream.cancel();
    Await.result(relayEnded, BOUND);

    // Bounded wait for what must not happen: the detached call stays open.
    assertThat(holdEnded.completeOnTimeout(-1L, 300, TimeUnit.MILLISECONDS).get()).isEqualTo(-1L);
    assertThat(hold.cancelled()).isFalse();
  }
}
