package io.github.grpcaio.reliability;

import static io.github.grpcaio.testkit.AioAssertions.assertThatRpc;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.Call;
import io.github.grpcaio.RpcMethodHandler;
import io.github.grpcaio.ServiceRpcHandler;
import io.github.grpcaio.ServicerContext;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.UnaryStreamCall;
import io.github.grpcaio.UnaryUnaryCall;
import io.github.grpcaio.testkit.AioServerExtension;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.Transport;
import io.github.grpcaio.testkit.Utf8;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * User code that misbehaves on the caller's side of the API: a subscriber that throws, done
 * callbacks that throw, a handler that blocks its thread through a stop. The library contains each
 * one: the RPC ends, the other callbacks run, nothing hangs.
 */
@Timeout(60)
@ParameterizedClass
@EnumSource(Transport.class)
class UserCodeFaultTest {

  private static final Duration BOUND = Duration.ofSeconds(5);

  private final FaultService service = new FaultService();
  private final CountDownLatch unblock = new CountDownLatch(1);

  @RegisterExtension final AioServerExtension grpc;

  UserCodeFaultTest(Transport transport) {
    grpc =
        AioServerExtension.builder()
            .transport(transport)
            .addService(service.handler(), blocking())
            .build();
  }

  @AfterEach
  void releaseBlockedHandlers() {
    unblock.countDown();
  }

  /** {@code Block}: a unary handler that blocks its thread until the test ends. */
  private ServiceRpcHandler blocking() {
    return ServiceRpcHandler.of(
        "reliability.Blocking",
        Map.of(
            "Block",
            RpcMethodHandler.<String, String>unaryUnary(
                (request, context) -> {
                  context.addDoneCallback(service.ended::add);
                  service.started.add(context);
                  unblock.await();
                  return CompletableFuture.completedFuture("unblocked");
                },
                Utf8.DESERIALIZER,
                Utf8.SERIALIZER)));
  }

  @Test
  void subscriberThrowsInOnNext_rpcCancelledOnBothSides() throws Exception {
    UnaryStreamCall<String> call = grpc.stub(FaultService::stream).call("endless:100");
    CompletableFuture<Throwable> signalled = new CompletableFuture<>();
    call.subscribe(
        new Flow.Subscriber<String>() {
          @Override
          public void onSubscribe(Flow.Subscription s) {
            s.request(Long.MAX_VALUE);
          }

          @Override
          public void onNext(String item) {
            if (Sequence.number(item) == 10) {
              throw new IllegalStateException("subscriber bug");
            }
          }

          @Override
          public void onError(Throwable t) {
            signalled.complete(t);
          }

          @Override
          public void onComplete() {
            signalled.complete(null);
          }
        });
    ServicerContext<String, String> context = service.awaitStarted(BOUND);

    // Rule 2.13: a subscriber that throws is treated as having cancelled; it gets no more signals.
    assertThatRpc(call).within(BOUND).isCancelled();
    assertThat(service.awaitEnded(BOUND)).isSameAs(context);
    assertThat(context.cancelled()).isTrue();
    assertThat(service.awaitSequence(BOUND).cancelled()).succeedsWithin(BOUND);
    assertThat(signalled).isNotDone();
  }

  @Test
  void doneCallbacksThrow_theOthersStillRunOnce() throws Exception {
    UnaryUnaryCall<String> call = grpc.stub(FaultService::echo).call("hi");
    List<String> ran = new CopyOnWriteArrayList<>();
    CountDownLatch all = new CountDownLatch(3);
    for (int i = 0; i < 3; i++) {
      int n = i;
      call.addDoneCallback(
          (Call c) -> {
            ran.add("callback " + n);
            all.countDown();
            throw new IllegalStateException("callback bug " + n);
          });
    }

    assertThatRpc(call).succeedsWith("hi");
    assertThat(all.await(BOUND.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    assertThat(ran).containsExactlyInAnyOrder("callback 0", "callback 1", "callback 2");
  }

  @Test
  void handlerBlocksItsThread_stopWithGrace_clientGetsUnavailableAndStopCompletes()
      throws Exception {
    UnaryUnaryCall<String> call =
        grpc.server()
            .channel()
            .unaryUnary("/reliability.Blocking/Block", Utf8.SERIALIZER, Utf8.DESERIALIZER)
            .call("x");
    ServicerContext<String, String> context = service.awaitStarted(BOUND);
    Duration grace = Duration.ofMillis(200);

    CompletableFuture<Void> stopped = grpc.server().server().stop(grace);

    assertThatRpc(call).within(grace.plus(BOUND)).failsWith(StatusCode.UNAVAILABLE);
    // The stop sends the status, then marks the context cancelled: wait for its done callbacks,
    // which run after that.
    assertThat(service.awaitEnded(BOUND)).isSameAs(context);
    assertThat(context.cancelled()).isTrue();
    // The blocked thread does not keep the server from terminating.
    Await.result(stopped, grace.plus(BOUND).plus(BOUND));
  }
}
