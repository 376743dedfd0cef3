package io.github.grpcaio.reliability;

import static io.github.grpcaio.testkit.AioAssertions.assertThatRpc;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.CallOptions;
import io.github.grpcaio.RpcMethodHandler;
import io.github.grpcaio.ServiceRpcHandler;
import io.github.grpcaio.ServicerContext;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.UnaryUnaryCall;
import io.github.grpcaio.UnaryUnaryMultiCallable;
import io.github.grpcaio.testkit.AioServerExtension;
import io.github.grpcaio.testkit.AioTestServer;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.Transport;
import io.github.grpcaio.testkit.Utf8;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Deadlines across a chain client → relay server → downstream server. A downstream call made while
 * the relay's handler runs (on its thread, before it returns) inherits the relay's deadline, as in
 * grpc-java (the handler runs inside the RPC's {@code io.grpc.Context}); a call made later, from
 * another thread, inherits nothing and takes {@code CallOptions.withTimeout(
 * context.timeRemaining())} instead.
 */
@Timeout(30)
@ParameterizedClass
@EnumSource(Transport.class)
class DeadlinePropagationTest {

  private static final Duration BOUND = Duration.ofSeconds(5);
  private static final Executor LATER =
      CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS);

  private final FaultService downstreamService = new FaultService();
  private final AioTestServer downstream;
  private final CompletableFuture<UnaryUnaryCall<String>> downstreamCall =
      new CompletableFuture<>();

  @RegisterExtension final AioServerExtension relay;

  DeadlinePropagationTest(Transport transport) {
    downstream = transport.start(downstreamService.handler());
    relay = AioServerExtension.builder().transport(transport).addService(relay()).build();
  }

  @AfterEach
  void closeDownstream() {
    downstream.close();
  }

  /**
   * {@code Relay}: the request names the downstream method ({@code Remaining} or {@code Echo}'s
   * {@code sleep:<ms>}) and how to call it: {@code inline|...} in the handler, {@code later|...}
   * from another thread without options, {@code explicit|...} from another thread with the
   * remaining time as timeout.
   */
  private ServiceRpcHandler relay() {
    return ServiceRpcHandler.of(
        "reliability.Relay",
        Map.of(
            "Relay",
            RpcMethodHandler.<String, String>unaryUnary(
                (request, context) -> {
                  String[] parts = request.split("\\|", 2);
                  return switch (parts[0]) {
                    case "inline" -> callDownstream(parts[1], CallOptions.DEFAULT);
                    case "later" ->
                        CompletableFuture.supplyAsync(() -> null, LATER)
                            .thenCompose(v -> callDownstream(parts[1], CallOptions.DEFAULT));
                    case "explicit" ->
                        CompletableFuture.supplyAsync(() -> null, LATER)
                            .thenCompose(
                                v ->
                                    callDownstream(
                                        parts[1],
                                        CallOptions.DEFAULT.withTimeout(
                                            context.timeRemaining().orElseThrow())));
                    default -> throw new IllegalArgumentException(parts[0]);
                  };
                },
                Utf8.DESERIALIZER,
                Utf8.SERIALIZER)));
  }

  private CompletionStage<String> callDownstream(String request, CallOptions options) {
    UnaryUnaryMultiCallable<String, String> method =
        request.equals("Remaining")
            ? FaultService.remaining(downstream.channel())
            : FaultService.echo(downstream.channel());
    UnaryUnaryCall<String> call = method.call(request, options);
    downstreamCall.complete(call);
    return call.response();
  }

  private UnaryUnaryCall<String> relay(String request, Duration timeout) {
    return relay
        .server()
        .channel()
        .unaryUnary("/reliability.Relay/Relay", Utf8.SERIALIZER, Utf8.DESERIALIZER)
        .call(request, CallOptions.DEFAULT.withTimeout(timeout));
  }

  @Test
  void callInsideTheHandler_inheritsTheDeadline() throws Exception {
    String remaining =
        Await.result(relay("inline|Remaining", BOUND).response(), Duration.ofSeconds(10));

    assertThat(Long.parseLong(remaining)).isPositive().isLessThanOrEqualTo(BOUND.toMillis());
    UnaryUnaryCall<String> call = Await.result(downstreamCall, Duration.ofSeconds(1));
    assertThat(call.timeRemaining()).isPresent();
    assertThat(call.timeRemaining().get()).isLessThanOrEqualTo(BOUND);
  }

  @Test
  void callFromAnotherThreadLater_inheritsNothing() throws Exception {
    String remaining =
        Await.result(relay("later|Remaining", BOUND).response(), Duration.ofSeconds(10));

    assertThat(remaining).isEqualTo("none");
  }

  @Test
  void callFromAnotherThreadWithTimeRemaining_getsTheDeadline() throws Exception {
    String remaining =
        Await.result(relay("explicit|Remaining", BOUND).response(), Duration.ofSeconds(10));

    assertThat(Long.parseLong(remaining)).isPositive().isLessThanOrEqualTo(BOUND.toMillis());
  }

  @Test
  void inheritedDeadlineExpires_everyHopEnds() throws Exception {
    UnaryUnaryCall<String> call = relay("inline|sleep:10000", Duration.ofMillis(500));

    assertThatRpc(call).within(BOUND).failsWith(StatusCode.DEADLINE_EXCEEDED);
    UnaryUnaryCall<String> hop = Await.result(downstreamCall, Duration.ofSeconds(1));
    // Two things end the downstream call at the deadline, whichever comes first: its inherited
    // deadline (DEADLINE_EXCEEDED) and the relay's RPC being cancelled, which cancels the stage
    // the handler returned, here the downstream response() (CANCELLED).
    assertThat(Await.result(hop.code(), BOUND))
        .isIn(StatusCode.DEADLINE_EXCEEDED, StatusCode.CANCELLED);
    ServicerContext<String, String> far = downstreamService.awaitEnded(BOUND);
    assertThat(far.cancelled()).isTrue();
  }

  @Test
  void explicitDeadlineExpires_everyHopEndsWithDeadlineExceeded() throws Exception {
    UnaryUnaryCall<String> call = relay("explicit|sleep:10000", Duration.ofMillis(500));

    assertThatRpc(call).within(BOUND).failsWith(StatusCode.DEADLINE_EXCEEDED);
    UnaryUnaryCall<String> hop = Await.result(downstreamCall, Duration.ofSeconds(1));
    assertThatRpc(hop).within(BOUND).failsWith(StatusCode.DEADLINE_EXCEEDED);
    assertThat(downstreamService.awaitEnded(BOUND).cancelled()).isTrue();
  }
}
