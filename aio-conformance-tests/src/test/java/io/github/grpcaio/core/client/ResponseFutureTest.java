package io.github.grpcaio.core.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.grpcaio.Channel;
import io.github.grpcaio.ServicerContext;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.UsageError;
import io.github.grpcaio.testkit.AioTestServer;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.Transport;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The response future of a unary-response call, when the caller cancels or completes it: a
 * completion that comes while the RPC is live ends the RPC (the server sees the cancellation, the
 * call reports a local {@code CANCELLED}), one that comes after the RPC's outcome was decided is
 * refused and the response arrives. The same with and without client interceptors.
 */
@ParameterizedClass
@EnumSource(Transport.class)
class ResponseFutureTest {

  static final String LOCALLY_CANCELLED = "Locally cancelled by application!";

  @Parameter Transport transport;

  @AutoClose private AioTestServer bed;

  /** Completed when the handler runs. */
  private final CompletableFuture<ServicerContext<String, String>> serverStarted =
      new CompletableFuture<>();

  /** What the server's context reported as {@code cancelled()} in its done callback. */
  private final CompletableFuture<Boolean> serverCancelled = new CompletableFuture<>();

  /** Completing it lets the server answer "done". */
  private final CompletableFuture<Void> answer = new CompletableFuture<>();

  /** Answers "done" once {@link #answer} completes (never, unless the test completes it). */
  private final TestService.Behavior answersWhenTold =
      rpc -> {
        rpc.context().addDoneCallback(context -> serverCancelled.complete(context.cancelled()));
        serverStarted.complete(rpc.context());
        return answer.thenCompose(ignored -> rpc.reply("done"));
      };

  /** How a caller completes the response future from outside. */
  enum Completion {
    OR_TIMEOUT,
    COMPLETE_ON_TIMEOUT,
    COMPLETE,
    COMPLETE_EXCEPTIONALLY,
    COMPLETE_ASYNC,
    CANCEL;

    /** Completes {@code response} this way (a timeout of 50 ms for the timed ones). */
    void apply(CompletableFuture<String> response) {
      switch (this) {
        case OR_TIMEOUT -> response.orTimeout(50, TimeUnit.MILLISECONDS);
        case COMPLETE_ON_TIMEOUT -> response.completeOnTimeout("mine", 50, TimeUnit.MILLISECONDS);
        case COMPLETE -> response.complete("mine");
        case COMPLETE_EXCEPTIONALLY -> response.completeExceptionally(new IllegalStateException());
        case COMPLETE_ASYNC -> response.completeAsync(() -> "mine");
        case CANCEL -> response.cancel(false);
      }
    }

    /** Checks how the response future ended after {@link #apply}. */
    void assertOutcome(CompletableFuture<String> response) {
      Throwable error = Await.outcome(response);
      switch (this) {
        case OR_TIMEOUT -> assertThat(error).isInstanceOf(TimeoutException.class);
        case COMPLETE_ON_TIMEOUT, COMPLETE, COMPLETE_ASYNC -> {
          assertThat(error).isNull();
          assertThat(response.join()).isEqualTo("mine");
        }
        case COMPLETE_EXCEPTIONALLY -> assertThat(error).isInstanceOf(IllegalStateException.class);
        case CANCEL -> {
          assertThat(error).isInstanceOf(CancellationException.class);
          assertThat(response.isCancelled()).isTrue();
        }
      }
    }
  }

  private Channel channel(boolean intercepted) {
    bed = transport.start(TestService.serving(answersWhenTold));
    return intercepted ? bed.channel(PassThroughInterceptors.OPTIONS) : bed.channel();
  }

  @ParameterizedTest
  @CsvSource({
    "UNARY_UNARY, false",
    "UNARY_UNARY, true",
    "STREAM_UNARY, false",
    "STREAM_UNARY, true"
  })
  void cancelResponse_afterOkStatusBeforeDelivery_returnsFalseAndResponseArrives(
      RpcKind kind, boolean intercepted) {
    TestCall call = kind.call(channel(intercepted), "request");
    Await.result(serverStarted);
    // Done callbacks run after the status is known and before the response is delivered.
    CompletableFuture<Boolean> lateCancel = new CompletableFuture<>();
    call.call().addDoneCallback(c -> lateCancel.complete(call.response().cancel(false)));

    answer.complete(null);

    assertThat(Await.result(lateCancel)).as("cancel() of the response").isFalse();
    assertThat(Await.result(call.response())).isEqualTo("done");
    assertThat(Await.result(call.call().code())).isEqualTo(StatusCode.OK);
    assertThat(call.call().cancelled()).isFalse();
    assertThat(call.response().isCancelled()).isFalse();
  }

  @ParameterizedTest
  @CsvSource({
    "UNARY_UNARY, false",
    "UNARY_UNARY, true",
    "STREAM_UNARY, false",
    "STREAM_UNARY, true"
  })
  void cancelResponse_liveCall_isCancelledAtOnceAndCancelsRpc(RpcKind kind, boolean intercepted) {
    TestCall call = kind.call(channel(intercepted), "request");
    Await.result(serverStarted);

    boolean cancelled = call.response().cancel(false);

    assertThat(cancelled).isTrue();
    assertThat(call.response().isCancelled()).as("response isCancelled()").isTrue();
    assertThat(call.call().cancelled()).isTrue();
    assertThat(call.call().done()).isTrue();
    assertThat(Await.result(call.call().code())).isEqualTo(StatusCode.CANCELLED);
    assertThat(Await.result(call.call().details())).isEqualTo(LOCALLY_CANCELLED);
    assertThat(Await.result(serverCancelled)).as("server context cancelled()").isTrue();
    assertThat(call.response().cancel(false)).as("cancel() again").isTrue();
    assertThat(call.call().cancel()).as("call.cancel() afterwards").isFalse();
  }

  @ParameterizedTest
  @CsvSource({
    "OR_TIMEOUT, false",
    "OR_TIMEOUT, true",
    "COMPLETE_ON_TIMEOUT, false",
    "COMPLETE_ON_TIMEOUT, true",
    "COMPLETE, false",
    "COMPLETE, true",
    "COMPLETE_EXCEPTIONALLY, false",
    "COMPLETE_EXCEPTIONALLY, true",
    "COMPLETE_ASYNC, false",
    "COMPLETE_ASYNC, true"
  })
  void completeResponseFromOutside_serverNeverAnswers_cancelsRpc(
      Completion completion, boolean intercepted) {
    TestCall call = RpcKind.UNARY_UNARY.call(channel(intercepted), "request");
    Await.result(serverStarted);

    completion.apply(call.response());

    completion.assertOutcome(call.response());
    assertThat(Await.result(serverCancelled)).as("server context cancelled()").isTrue();
    assertThat(Await.result(call.call().code())).isEqualTo(StatusCode.CANCELLED);
    assertThat(Await.result(call.call().details())).isEqualTo(LOCALLY_CANCELLED);
    assertThat(call.call().cancelled()).isTrue();
  }

  @ParameterizedTest
  @CsvSource({"false", "true"})
  void responseOrTimeout_clientStreamingServerNeverAnswers_cancelsRpc(boolean intercepted) {
    TestCall call = RpcKind.STREAM_UNARY.call(channel(intercepted), "request");
    Await.result(serverStarted);

    call.response().orTimeout(50, TimeUnit.MILLISECONDS);

    assertThat(Await.outcome(call.response())).isInstanceOf(TimeoutException.class);
    assertThat(Await.result(serverCancelled)).as("server context cancelled()").isTrue();
    assertThat(Await.result(call.call().code())).isEqualTo(StatusCode.CANCELLED);
    assertThat(call.call().cancelled()).isTrue();
  }

  @ParameterizedTest
  @CsvSource({
    "COMPLETE, false",
    "COMPLETE, true",
    "COMPLETE_EXCEPTIONALLY, false",
    "COMPLETE_EXCEPTIONALLY, true"
  })
  void completeResponseFromOutside_afterOkStatusBeforeDelivery_isRefusedAndResponseArrives(
      Completion completion, boolean intercepted) {
    TestCall call = RpcKind.UNARY_UNARY.call(channel(intercepted), "request");
    Await.result(serverStarted);
    CompletableFuture<Void> tried = new CompletableFuture<>();
    call.call()
        .addDoneCallback(
            c -> {
              completion.apply(call.response());
              tried.complete(null);
            });

    answer.complete(null);

    Await.result(tried);
    assertThat(Await.result(call.response())).isEqualTo("done");
    assertThat(Await.result(call.call().code())).isEqualTo(StatusCode.OK);
    assertThat(call.call().cancelled()).isFalse();
  }

  @ParameterizedTest
  @CsvSource({"false", "true"})
  void responseOrTimeout_answeredInTime_leavesTheCallAlone(boolean intercepted) {
    TestCall call = RpcKind.UNARY_UNARY.call(channel(intercepted), "request");
    Await.result(serverStarted);
    call.response().orTimeout(Await.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);

    answer.complete(null);

    assertThat(Await.result(call.response())).isEqualTo("done");
    assertThat(Await.result(call.call().code())).isEqualTo(StatusCode.OK);
    assertThat(call.call().cancelled()).isFalse();
    assertThat(Await.result(serverCancelled)).as("server context cancelled()").isFalse();
  }

  @ParameterizedTest
  @CsvSource({"false", "true"})
  void obtrudeResponse_isRefused_responseStaysTheServers(boolean intercepted) {
    TestCall call = RpcKind.UNARY_UNARY.call(channel(intercepted), "request");
    answer.complete(null);
    assertThat(Await.result(call.response())).isEqualTo("done");

    assertThatThrownBy(() -> call.response().obtrudeValue("mine")).isInstanceOf(UsageError.class);
    assertThatThrownBy(() -> call.response().obtrudeException(new IllegalStateException()))
        .isInstanceOf(UsageError.class);

    assertThat(Await.result(call.response())).isEqualTo("done");
  }
}
