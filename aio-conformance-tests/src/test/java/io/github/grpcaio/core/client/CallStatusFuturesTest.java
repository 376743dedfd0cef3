package io.github.grpcaio.core.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.grpcaio.Call;
import io.github.grpcaio.Metadata;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.UsageError;
import io.github.grpcaio.testkit.AioTestServer;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.Transport;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The futures of {@code code()}, {@code details()}, {@code initialMetadata()}, {@code
 * trailingMetadata()} and {@code debugErrorString()}: one per call and accessor, returned every
 * time, and read-only, so that no reader can change what the others see. The same with and without
 * client interceptors.
 */
@ParameterizedClass
@EnumSource(Transport.class)
class CallStatusFuturesTest {

  @Parameter Transport transport;

  @AutoClose private AioTestServer bed;

  /** Completing it lets the server answer. */
  private final CompletableFuture<Void> answer = new CompletableFuture<>();

  private final CompletableFuture<Void> serverStarted = new CompletableFuture<>();

  private TestCall call(RpcKind kind, boolean intercepted) {
    bed =
        transport.start(
            TestService.serving(
                rpc -> {
                  serverStarted.complete(null);
                  return answer.thenCompose(ignored -> rpc.reply("done"));
                }));
    TestCall call =
        kind.call(
            intercepted ? bed.channel(PassThroughInterceptors.OPTIONS) : bed.channel(), "request");
    Await.result(serverStarted);
    return call;
  }

  private static final List<Function<Call, CompletableFuture<?>>> ACCESSORS =
      List.of(
          Call::code,
          Call::details,
          Call::initialMetadata,
          Call::trailingMetadata,
          Call::debugErrorString);

  @ParameterizedTest
  @CsvSource({
    "UNARY_UNARY, false",
    "UNARY_UNARY, true",
    "UNARY_STREAM, false",
    "UNARY_STREAM, true",
    "STREAM_UNARY, false",
    "STREAM_UNARY, true",
    "STREAM_STREAM, false",
    "STREAM_STREAM, true"
  })
  void accessors_returnTheSameFutureEveryTime_beforeAndAfterTheEnd(
      RpcKind kind, boolean intercepted) {
    TestCall call = call(kind, intercepted);
    List<CompletableFuture<?>> first = new ArrayList<>();
    ACCESSORS.forEach(a -> first.add(a.apply(call.call())));

    for (int i = 0; i < ACCESSORS.size(); i++) {
      assertThat(ACCESSORS.get(i).apply(call.call()))
          .as("accessor %d, live", i)
          .isSameAs(first.get(i));
    }
    answer.complete(null);
    call.awaitResult();
    for (int i = 0; i < ACCESSORS.size(); i++) {
      assertThat(ACCESSORS.get(i).apply(call.call()))
          .as("accessor %d, ended", i)
          .isSameAs(first.get(i));
    }
    assertThat(Await.result(call.call().code())).isEqualTo(StatusCode.OK);
  }

  @ParameterizedTest
  @CsvSource({
    "UNARY_UNARY, false",
    "UNARY_UNARY, true",
    "STREAM_STREAM, false",
    "STREAM_STREAM, true"
  })
  void accessors_pollingOftenOnALiveCall_keepsOneFuture(RpcKind kind, boolean intercepted) {
    TestCall call = call(kind, intercepted);
    CompletableFuture<StatusCode> first = call.call().code();

    for (int i = 0; i < 100_000; i++) {
      assertThat(call.call().code()).isSameAs(first);
    }

    answer.complete(null);
    assertThat(Await.result(first)).isEqualTo(StatusCode.OK);
  }

  @ParameterizedTest
  @CsvSource({
    "UNARY_UNARY, false",
    "UNARY_UNARY, true",
    "STREAM_STREAM, false",
    "STREAM_STREAM, true"
  })
  void completingAccessorFuturesFromOutside_isRefused_othersSeeTheRealOutcome(
      RpcKind kind, boolean intercepted) {
    TestCall call = call(kind, intercepted);
    CompletableFuture<StatusCode> code = call.call().code();
    CompletableFuture<String> details = call.call().details();
    CompletableFuture<Metadata> trailing = call.call().trailingMetadata();

    assertThatThrownBy(() -> code.complete(StatusCode.INTERNAL)).isInstanceOf(UsageError.class);
    assertThatThrownBy(() -> details.completeExceptionally(new IllegalStateException()))
        .isInstanceOf(UsageError.class);
    assertThatThrownBy(() -> code.obtrudeValue(StatusCode.INTERNAL)).isInstanceOf(UsageError.class);
    assertThatThrownBy(() -> details.obtrudeException(new IllegalStateException()))
        .isInstanceOf(UsageError.class);
    assertThatThrownBy(() -> code.completeAsync(() -> StatusCode.INTERNAL))
        .isInstanceOf(UsageError.class);
    assertThat(trailing.cancel(true)).as("cancel()").isFalse();
    CompletableFuture<StatusCode> bounded = code.orTimeout(1, TimeUnit.MILLISECONDS);
    CompletableFuture<String> defaulted =
        details.completeOnTimeout("late", 1, TimeUnit.MILLISECONDS);
    assertThat(Await.outcome(bounded)).isInstanceOf(TimeoutException.class);
    assertThat(Await.result(defaulted)).isEqualTo("late");

    assertThat(code.isDone()).as("code() done before the RPC ended").isFalse();
    assertThat(details.isDone()).as("details() done before the RPC ended").isFalse();
    assertThat(call.call().done()).isFalse();
    answer.complete(null);
    assertThat(Await.result(call.call().code())).isEqualTo(StatusCode.OK);
    assertThat(Await.result(call.call().details())).isEmpty();
    assertThat(Await.result(call.call().trailingMetadata())).isNotNull();
    assertThat(code.isCancelled()).isFalse();
    assertThat(call.awaitResult().messages()).containsExactly("done");
  }
}
