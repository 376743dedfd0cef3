package io.github.grpcaio.core.client;

import static io.github.grpcaio.testkit.Utf8.DESERIALIZER;
import static io.github.grpcaio.testkit.Utf8.SERIALIZER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.grpcaio.AioRpcError;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.StreamUnaryCall;
import io.github.grpcaio.UnaryUnaryCall;
import io.github.grpcaio.testkit.AioTestServer;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.Transport;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Waiting for a call as Python's {@code await call} does: {@code call.await()} returns the response
 * or throws the {@link AioRpcError} itself, a bounded wait gives up on the call, an interrupt
 * cancels it; {@link AioRpcError#from} finds the error inside any wrapper.
 */
@ParameterizedClass
@EnumSource(Transport.class)
class AwaitTest {

  @Parameter Transport transport;

  @AutoClose private AioTestServer bed;

  private UnaryUnaryCall<String> unary(TestService.Behavior behavior, String request) {
    bed = transport.start(TestService.serving(behavior));
    return bed.channel()
        .unaryUnary(RpcKind.UNARY_UNARY.method(), SERIALIZER, DESERIALIZER)
        .call(request);
  }

  private static final TestService.Behavior ECHO = rpc -> rpc.readAll().thenCompose(rpc::replyAll);

  private static final TestService.Behavior NOT_FOUND =
      rpc -> {
        throw rpc.context().abort(StatusCode.NOT_FOUND, "no such thing", null);
      };

  private static final TestService.Behavior HANG = rpc -> new CompletableFuture<Void>();

  @Test
  void await_returnsTheResponse() {
    assertThat(unary(ECHO, "hello").await(Await.TIMEOUT)).isEqualTo("hello");
  }

  @Test
  void await_ofStreamUnaryCall_returnsTheResponse() {
    bed = transport.start(TestService.serving(ECHO));
    StreamUnaryCall<String, String> call =
        bed.channel().streamUnary(RpcKind.STREAM_UNARY.method(), SERIALIZER, DESERIALIZER).call();
    call.write("a");
    call.write("b");
    call.doneWriting();

    assertThat(call.await(Await.TIMEOUT)).isEqualTo("a,b");
  }

  @Test
  void await_nonOkStatus_throwsTheAioRpcErrorItself() {
    UnaryUnaryCall<String> call = unary(NOT_FOUND, "x");

    AioRpcError error = catchThrowableOfType(AioRpcError.class, call::await);

    assertThat(error).isExactlyInstanceOf(AioRpcError.class);
    assertThat(error.code()).isEqualTo(StatusCode.NOT_FOUND);
    assertThat(error.details()).isEqualTo("no such thing");
    assertThat(AioRpcError.await(call.code())).isEqualTo(StatusCode.NOT_FOUND);
    assertThat(catchThrowableOfType(AioRpcError.class, () -> AioRpcError.await(call.response())))
        .isSameAs(error);
  }

  @Test
  void boundedAwait_noOutcomeInTime_throwsDeadlineExceededAndCancelsTheCall() {
    UnaryUnaryCall<String> call = unary(HANG, "x");

    AioRpcError error =
        catchThrowableOfType(AioRpcError.class, () -> call.await(Duration.ofMillis(200)));

    assertThat(error.code()).isEqualTo(StatusCode.DEADLINE_EXCEEDED);
    assertThat(error.details()).contains("PT0.2S");
    assertThat(call.cancelled()).isTrue();
    assertThat(Await.result(call.code())).isEqualTo(StatusCode.CANCELLED);
  }

  @Test
  void boundedAwaitOfAStage_noOutcomeInTime_leavesTheCallRunning() {
    UnaryUnaryCall<String> call = unary(HANG, "x");

    AioRpcError error =
        catchThrowableOfType(
            AioRpcError.class, () -> AioRpcError.await(call.response(), Duration.ofMillis(100)));

    assertThat(error.code()).isEqualTo(StatusCode.DEADLINE_EXCEEDED);
    assertThat(call.done()).isFalse();
    call.cancel();
  }

  @Test
  void await_interrupted_cancelsTheCallAndKeepsTheInterrupt() {
    UnaryUnaryCall<String> call = unary(HANG, "x");

    Thread.currentThread().interrupt();
    CancellationException thrown = catchThrowableOfType(CancellationException.class, call::await);

    assertThat(Thread.interrupted()).isTrue();
    assertThat(thrown).hasCauseInstanceOf(InterruptedException.class);
    assertThat(Await.result(call.code())).isEqualTo(StatusCode.CANCELLED);
  }

  @Test
  void await_afterLocalCancel_throwsCancellation() {
    UnaryUnaryCall<String> call = unary(HANG, "x");
    call.cancel();

    assertThat(catchThrowableOfType(CancellationException.class, call::await)).isNotNull();
  }

  @Test
  void from_findsTheErrorInWrappersCausesAndSuppressed() {
    AioRpcError error =
        catchThrowableOfType(AioRpcError.class, () -> unary(NOT_FOUND, "x").await());
    Exception suppressing = new IllegalStateException("cleanup failed");
    suppressing.addSuppressed(new RuntimeException(new ExecutionException(error)));
    Exception cyclic = new IllegalStateException("a");
    Exception other = new IllegalStateException("b", cyclic);
    cyclic.initCause(other);

    assertThat(AioRpcError.from(error)).containsSame(error);
    assertThat(AioRpcError.from(new CompletionException(new ExecutionException(error))))
        .containsSame(error);
    assertThat(AioRpcError.from(suppressing)).containsSame(error);
    assertThat(AioRpcError.from(cyclic)).isEmpty();
    assertThat(AioRpcError.from(null)).isEmpty();
  }

  @Test
  void messages_areOneLine() {
    AioRpcError error =
        catchThrowableOfType(AioRpcError.class, () -> unary(NOT_FOUND, "x").await());

    assertThat(error.toString())
        .isEqualTo("io.github.grpcaio.AioRpcError: NOT_FOUND: no such thing");
    assertThat(error.debugErrorString()).isEqualTo("NOT_FOUND: no such thing");
  }

  @Test
  void serverSentUnavailable_detailsLeftAsSent() {
    UnaryUnaryCall<String> call =
        unary(
            rpc -> {
              throw rpc.context().abort(StatusCode.UNAVAILABLE, "try later", null);
            },
            "x");

    AioRpcError error = catchThrowableOfType(AioRpcError.class, call::await);

    assertThat(error.code()).isEqualTo(StatusCode.UNAVAILABLE);
    assertThat(error.details()).isEqualTo("try later");
  }
}
