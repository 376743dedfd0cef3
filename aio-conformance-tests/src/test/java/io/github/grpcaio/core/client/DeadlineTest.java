package io.github.grpcaio.core.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.AioRpcError;
import io.github.grpcaio.CallOptions;
import io.github.grpcaio.GenericRpcHandler;
import io.github.grpcaio.ServicerContext;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.testkit.AioTestServer;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.Transport;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Deadlines, client side: a timeout becomes a deadline that propagates to the server; its expiry
 * ends the call with {@code DEADLINE_EXCEEDED} (an {@link AioRpcError}, not a local cancel); a zero
 * or negative timeout fails at once.
 */
@ParameterizedClass
@EnumSource(Transport.class)
class DeadlineTest {

  @Parameter Transport transport;

  @AutoClose private AioTestServer bed;

  /** How many RPCs reached the server's handler lookup. */
  private final AtomicInteger serverLookups = new AtomicInteger();

  /** The server's context of the last RPC, once its handler runs. */
  private final CompletableFuture<ServicerContext<String, String>> serverStarted =
      new CompletableFuture<>();

  /** What the server's done callback saw as {@code cancelled()}. */
  private final CompletableFuture<Boolean> serverCancelled = new CompletableFuture<>();

  /** Starts a server whose handler runs {@code behavior}, counting lookups. */
  private void serve(TestService.Behavior behavior) {
    GenericRpcHandler service = TestService.serving(behavior);
    bed =
        transport.start(
            details -> {
              serverLookups.incrementAndGet();
              return service.service(details);
            });
  }

  /** Never answers; records its context and what its done callback saw. */
  private final TestService.Behavior slow =
      rpc -> {
        rpc.context().addDoneCallback(context -> serverCancelled.complete(context.cancelled()));
        serverStarted.complete(rpc.context());
        return new CompletableFuture<>();
      };

  @ParameterizedTest
  @EnumSource(RpcKind.class)
  void timeout_expiringWhileServerIsSlow_failsWithDeadlineExceeded(RpcKind kind) {
    serve(slow);
    Duration timeout = Duration.ofMillis(300);
    long start = System.nanoTime();

    TestCall call = kind.call(bed.channel(), "request", CallOptions.DEFAULT.withTimeout(timeout));
    Throwable error = call.awaitError();

    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(error).isInstanceOf(AioRpcError.class);
    assertDeadlineExceeded((AioRpcError) error);
    assertThat(Await.result(call.call().code())).isEqualTo(StatusCode.DEADLINE_EXCEEDED);
    assertThat(Await.result(call.call().details())).isEqualTo("Deadline Exceeded");
    assertThat(call.call().cancelled()).as("a deadline is not a local cancel").isFalse();
    assertThat(took).isGreaterThanOrEqualTo(timeout.minusMillis(20));
    // The server's RPC ends too. On a loaded machine the deadline can pass before the handler is
    // called (the server then never calls it): check the handler's view only when it ran.
    bed.assertNoOpenRpcs();
    if (serverStarted.isDone()) {
      assertThat(Await.result(serverCancelled)).as("server context cancelled()").isTrue();
    }
  }

  @ParameterizedTest
  @CsvSource({
    "UNARY_UNARY, 0",
    "UNARY_UNARY, -1000",
    "UNARY_STREAM, 0",
    "UNARY_STREAM, -1000",
    "STREAM_UNARY, 0",
    "STREAM_UNARY, -1000",
    "STREAM_STREAM, 0",
    "STREAM_STREAM, -1000"
  })
  void zeroOrNegativeTimeout_failsAtOnceWithDeadlineExceeded(RpcKind kind, long millis) {
    serve(rpc -> rpc.reply("too late"));

    TestCall call =
        kind.call(
            bed.channel(), "request", CallOptions.DEFAULT.withTimeout(Duration.ofMillis(millis)));
    Throwable error = call.awaitError();

    assertThat(error).isInstanceOf(AioRpcError.class);
    assertDeadlineExceeded((AioRpcError) error);
    assertThat(call.call().timeRemaining()).contains(Duration.ZERO);
    assertThat(serverLookups).as("RPCs that reached the server").hasValue(0);
  }

  /**
   * Worded as gRPC's other clients (Python's too) word it; grpc-java's words in the debug string.
   */
  private static void assertDeadlineExceeded(AioRpcError error) {
    assertThat(error.code()).isEqualTo(StatusCode.DEADLINE_EXCEEDED);
    assertThat(error.details()).isEqualTo("Deadline Exceeded");
    assertThat(error.debugErrorString()).containsIgnoringCase("deadline").contains("exceeded");
  }

  @ParameterizedTest
  @EnumSource(RpcKind.class)
  void deadlineExceededSentByTheServer_beforeTheCallsDeadline_keepsItsDetails(RpcKind kind) {
    serve(
        rpc -> {
          throw rpc.context().abort(StatusCode.DEADLINE_EXCEEDED, "the backend timed out");
        });

    TestCall call =
        kind.call(bed.channel(), "request", CallOptions.DEFAULT.withTimeout(Duration.ofMinutes(1)));
    Throwable error = call.awaitError();

    assertThat(error).isInstanceOf(AioRpcError.class);
    assertThat(((AioRpcError) error).code()).isEqualTo(StatusCode.DEADLINE_EXCEEDED);
    assertThat(((AioRpcError) error).details()).isEqualTo("the backend timed out");
  }

  @ParameterizedTest
  @EnumSource(RpcKind.class)
  void timeRemaining_withoutTimeout_isEmptyOnBothSides(RpcKind kind) {
    CompletableFuture<Optional<Duration>> serverSaw = new CompletableFuture<>();
    serve(
        rpc -> {
          serverSaw.complete(rpc.context().timeRemaining());
          return rpc.reply("done");
        });

    TestCall call = kind.call(bed.channel(), "request");
    call.awaitResult();

    assertThat(call.call().timeRemaining()).isEmpty();
    assertThat(Await.result(serverSaw)).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(RpcKind.class)
  void timeRemaining_withTimeout_isAtMostTheTimeoutOnBothSides(RpcKind kind) {
    serve(slow);
    Duration timeout = Duration.ofSeconds(20);

    TestCall call = kind.call(bed.channel(), "request", CallOptions.DEFAULT.withTimeout(timeout));
    Optional<Duration> clientSees = call.call().timeRemaining();
    Optional<Duration> serverSees = Await.result(serverStarted).timeRemaining();

    assertThat(clientSees).hasValueSatisfying(d -> assertThat(d).isBetween(Duration.ZERO, timeout));
    assertThat(clientSees.get()).isGreaterThan(timeout.minusSeconds(2));
    assertThat(serverSees)
        .hasValueSatisfying(d -> assertThat(d).isBetween(timeout.minusSeconds(5), timeout));
    assertThat(call.call().timeRemaining().get()).isLessThanOrEqualTo(clientSees.get());
    call.call().cancel(); // The slow RPC ends here, so that the test server closes with none open.
  }

  @ParameterizedTest
  @EnumSource(RpcKind.class)
  void hugeTimeout_isClampedAndTheCallSucceeds(RpcKind kind) {
    serve(rpc -> rpc.reply("done"));

    TestCall call =
        kind.call(
            bed.channel(),
            "request",
            CallOptions.DEFAULT.withTimeout(Duration.ofDays(365L * 1_000_000)));
    TestCall.Result result = call.awaitResult();

    assertThat(result.error()).isNull();
    assertThat(result.messages()).containsExactly("done");
    assertThat(call.call().timeRemaining()).hasValueSatisfying(d -> assertThat(d).isPositive());
  }
}
