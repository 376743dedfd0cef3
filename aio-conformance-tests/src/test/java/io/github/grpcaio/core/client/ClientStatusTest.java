package io.github.grpcaio.core.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.AioRpcError;
import io.github.grpcaio.Metadata;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.core.client.TestCall.Result;
import io.github.grpcaio.testkit.AioTestServer;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.Transport;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * How the client reports the final status. A non-OK status fails the response (future or stream)
 * with an {@link AioRpcError} that carries the code, details and both metadata, after every message
 * sent before it; {@code code()}, {@code details()} and the metadata futures complete normally
 * whatever the status.
 */
@ParameterizedClass
@EnumSource(Transport.class)
class ClientStatusTest {

  @Parameter Transport transport;

  @AutoClose private AioTestServer bed;

  /** Sends headers, two messages on a response stream, then aborts with NOT_FOUND and trailers. */
  private static final TestService.Behavior SEND_THEN_ABORT =
      rpc -> {
        rpc.context().sendInitialMetadata(Metadata.of("initial-key", "initial-value"));
        CompletableFuture<Void> sent = CompletableFuture.completedFuture(null);
        if (rpc.kind().streamingResponse()) {
          sent = rpc.reply("m1").thenCompose(ignored -> rpc.reply("m2"));
        }
        return sent.thenRun(
            () -> {
              throw rpc.context()
                  .abort(
                      StatusCode.NOT_FOUND,
                      "no such thing",
                      Metadata.of("trailing-key", "trailing-value"));
            });
      };

  @ParameterizedTest
  @EnumSource(RpcKind.class)
  void nonOkStatus_failsResponseWithAioRpcErrorAfterEarlierMessages(RpcKind kind) {
    bed = transport.start(TestService.serving(SEND_THEN_ABORT));

    Result result = kind.call(bed.channel(), "request").awaitResult();

    List<String> expectedMessages = kind.streamingResponse() ? List.of("m1", "m2") : List.of();
    assertThat(result.messages()).isEqualTo(expectedMessages);
    assertThat(result.error()).isInstanceOf(AioRpcError.class);
    AioRpcError error = (AioRpcError) result.error();
    assertThat(error.code()).isEqualTo(StatusCode.NOT_FOUND);
    assertThat(error.details()).isEqualTo("no such thing");
    assertThat(error.initialMetadata().get("initial-key")).isEqualTo("initial-value");
    assertThat(error.trailingMetadata().get("trailing-key")).isEqualTo("trailing-value");
    assertThat(error.debugErrorString()).contains("NOT_FOUND");
  }

  @ParameterizedTest
  @EnumSource(RpcKind.class)
  void nonOkStatus_statusAndMetadataFuturesCompleteNormally(RpcKind kind) {
    bed = transport.start(TestService.serving(SEND_THEN_ABORT));

    TestCall call = kind.call(bed.channel(), "request");
    call.awaitResult();

    assertThat(Await.result(call.call().code())).isEqualTo(StatusCode.NOT_FOUND);
    assertThat(Await.result(call.call().details())).isEqualTo("no such thing");
    assertThat(Await.result(call.call().initialMetadata()).get("initial-key"))
        .isEqualTo("initial-value");
    assertThat(Await.result(call.call().trailingMetadata()).get("trailing-key"))
        .isEqualTo("trailing-value");
    assertThat(call.call().done()).isTrue();
    assertThat(call.call().cancelled()).isFalse();
  }

  @ParameterizedTest
  @EnumSource(RpcKind.class)
  void codeSetWithoutAbort_failsResponseWithThatCode(RpcKind kind) {
    bed =
        transport.start(
            TestService.serving(
                rpc -> {
                  rpc.context().setCode(StatusCode.FAILED_PRECONDITION);
                  rpc.context().setDetails("not now");
                  rpc.context().setTrailingMetadata(Metadata.of("why", "because"));
                  rpc.reply("discarded for a unary response");
                  return CompletableFuture.completedFuture(null);
                }));

    Throwable error = kind.call(bed.channel(), "request").awaitError();

    assertThat(error).isInstanceOf(AioRpcError.class);
    assertThat(((AioRpcError) error).code()).isEqualTo(StatusCode.FAILED_PRECONDITION);
    assertThat(((AioRpcError) error).details()).isEqualTo("not now");
    assertThat(((AioRpcError) error).trailingMetadata().get("why")).isEqualTo("because");
  }

  @ParameterizedTest
  @EnumSource(RpcKind.class)
  void statusWithoutHeaders_givesEmptyInitialMetadata(RpcKind kind) {
    bed =
        transport.start(
            TestService.serving(
                rpc -> {
                  throw rpc.context().abort(StatusCode.PERMISSION_DENIED, "go away");
                }));

    TestCall call = kind.call(bed.channel(), "request");
    Throwable error = call.awaitError();

    assertThat(((AioRpcError) error).code()).isEqualTo(StatusCode.PERMISSION_DENIED);
    assertThat(((AioRpcError) error).initialMetadata().isEmpty()).isTrue();
    assertThat(((AioRpcError) error).trailingMetadata().isEmpty()).isTrue();
    assertThat(Await.result(call.call().initialMetadata()).isEmpty()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(RpcKind.class)
  void okStatus_completesResponseAndCode(RpcKind kind) {
    bed =
        transport.start(
            TestService.serving(
                rpc -> {
                  rpc.context().setTrailingMetadata(Metadata.of("trailing-key", "ok"));
                  return rpc.reply("echo:" + rpc.request());
                }));

    TestCall call = kind.call(bed.channel(), "hi");
    Result result = call.awaitResult();

    assertThat(result.error()).isNull();
    assertThat(result.messages()).containsExactly("echo:hi");
    assertThat(Await.result(call.call().code())).isEqualTo(StatusCode.OK);
    assertThat(Await.result(call.call().details())).isEmpty();
    assertThat(Await.result(call.call().trailingMetadata()).get("trailing-key")).isEqualTo("ok");
    assertThat(call.call().done()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(
      value = RpcKind.class,
      names = {"UNARY_UNARY", "STREAM_UNARY"})
  void unaryResponse_awaitedTwice_givesSameResult(RpcKind kind) {
    bed =
        transport.start(
            TestService.serving(
                rpc -> {
                  throw rpc.context().abort(StatusCode.NOT_FOUND, "gone");
                }));

    TestCall call = kind.call(bed.channel(), "request");
    Throwable first = call.awaitError();
    Throwable second = call.awaitError();

    assertThat(second).isSameAs(first);
  }
}
