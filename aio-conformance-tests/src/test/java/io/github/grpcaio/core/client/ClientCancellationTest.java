package io.github.grpcaio.core.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.AioRpcError;
import io.github.grpcaio.ServicerContext;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.testkit.AioTestServer;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.Transport;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A local cancel ({@code cancel()}, cancelling the response future or the response subscription)
 * ends the RPC on both sides; the client sees {@code CANCELLED}, "Locally cancelled by
 * application!" and a {@link CancellationException}, while a {@code CANCELLED} status sent by the
 * server is an ordinary {@link AioRpcError}.
 */
@ParameterizedClass
@EnumSource(Transport.class)
class ClientCancellationTest {

  static final String LOCALLY_CANCELLED = "Locally cancelled by application!";

  @Parameter Transport transport;

  @AutoClose private AioTestServer bed;

  /** The server's context, once the handler runs. */
  private final CompletableFuture<ServicerContext<String, String>> serverStarted =
      new CompletableFuture<>();

  /** What the server's context reported as {@code cancelled()} in its done callback. */
  private final CompletableFuture<Boolean> serverCancelled = new CompletableFuture<>();

  /**
   * Sends "first" on a response stream, then never finishes; records the context and what its done
   * callback saw.
   */
  private final TestService.Behavior hang =
      rpc -> {
        rpc.context().addDoneCallback(context -> serverCancelled.complete(context.cancelled()));
        serverStarted.complete(rpc.context());
        if (rpc.kind().streamingResponse()) {
          rpc.reply("first");
        }
        return new CompletableFuture<>();
      };

  /** Starts a call to {@link #hang} and waits until it is active on both sides. */
  private TestCall activeCall(RpcKind kind) {
    bed = transport.start(TestService.serving(hang));
    TestCall call = kind.call(bed.channel(), "request");
    Await.result(serverStarted);
    if (kind.streamingResponse()) {
      call.responses().awaitCount(1);
    }
    return call;
  }

  @ParameterizedTest
  @EnumSource(RpcKind.class)
  void cancel_activeCall_returnsTrueAndIsDoneAtOnce(RpcKind kind) {
    TestCall call = activeCall(kind);

    boolean cancelled = call.call().cancel();

    assertThat(cancelled).isTrue();
    assertThat(call.call().cancelled()).isTrue();
    assertThat(call.call().done()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(RpcKind.class)
  void cancel_activeCall_reportsLocalCancellation(RpcKind kind) {
    TestCall call = activeCall(kind);

    call.call().cancel();

    assertThat(call.awaitError()).isInstanceOf(CancellationException.class);
    assertThat(Await.result(call.call().code())).isEqualTo(StatusCode.CANCELLED);
    assertThat(Await.result(call.call().details())).isEqualTo(LOCALLY_CANCELLED);
    assertThat(Await.result(call.call().trailingMetadata()).isEmpty()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(RpcKind.class)
  void cancel_activeCall_serverSeesCancellation(RpcKind kind) {
    TestCall call = activeCall(kind);

    call.call().cancel();

    assertThat(Await.result(serverCancelled)).as("server context cancelled()").isTrue();
    assertThat(Await.result(serverStarted).done()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(
      value = RpcKind.class,
      names = {"UNARY_STREAM", "STREAM_STREAM"})
  void cancel_streamingResponse_subscriberGetsCancellationAfterEarlierMessages(RpcKind kind) {
    TestCall call = activeCall(kind);

    call.call().cancel();

    assertThat(call.responses().awaitError()).isInstanceOf(CancellationException.class);
    assertThat(call.responses().values()).containsExactly("first");
    assertThat(call.responses().violations()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(RpcKind.class)
  void cancel_rightAfterTheCallIsMade_endsLocally(RpcKind kind) {
    bed = transport.start(TestService.serving(hang));
    TestCall call = kind.call(bed.channel(), "request");

    boolean cancelled = call.call().cancel();

    assertThat(cancelled).isTrue();
    assertThat(call.awaitError()).isInstanceOf(CancellationException.class);
    assertThat(Await.result(call.call().code())).isEqualTo(StatusCode.CANCELLED);
  }

  @ParameterizedTest
  @EnumSource(RpcKind.class)
  void cancel_afterDone_returnsFalse(RpcKind kind) {
    bed = transport.start(TestService.serving(rpc -> rpc.reply("done")));
    TestCall call = kind.call(bed.channel(), "request");
    call.awaitResult();

    boolean cancelled = call.call().cancel();

    assertThat(cancelled).isFalse();
    assertThat(call.call().cancelled()).isFalse();
    assertThat(Await.result(call.call().code())).isEqualTo(StatusCode.OK);
    assertThat(call.awaitResult().messages()).containsExactly("done");
  }

  @ParameterizedTest
  @EnumSource(RpcKind.class)
  void cancel_twice_secondReturnsFalse(RpcKind kind) {
    TestCall call = activeCall(kind);
    call.call().cancel();

    boolean again = call.call().cancel();

    assertThat(again).isFalse();
    assertThat(call.call().cancelled()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(RpcKind.class)
  void cancellingResponseFutureOrSubscription_cancelsRpc(RpcKind kind) {
    TestCall call = activeCall(kind);

    call.cancelResponseConsumer();

    assertThat(Await.result(call.call().code())).isEqualTo(StatusCode.CANCELLED);
    assertThat(Await.result(call.call().details())).isEqualTo(LOCALLY_CANCELLED);
    assertThat(call.call().cancelled()).isTrue();
    assertThat(Await.result(serverCancelled)).as("server context cancelled()").isTrue();
  }

  @ParameterizedTest
  @EnumSource(RpcKind.class)
  void serverSetsCodeCancelled_givesAioRpcErrorNotLocalCancel(RpcKind kind) {
    bed =
        transport.start(
            TestService.serving(
                rpc -> {
                  rpc.context().setCode(StatusCode.CANCELLED);
                  rpc.context().setDetails("server gave up");
                  return CompletableFuture.completedFuture(null);
                }));

    TestCall call = kind.call(bed.channel(), "request");
    Throwable error = call.awaitError();

    assertThat(error).isInstanceOf(AioRpcError.class);
    assertThat(((AioRpcError) error).code()).isEqualTo(StatusCode.CANCELLED);
    assertThat(((AioRpcError) error).details()).isEqualTo("server gave up");
    assertThat(call.call().cancelled()).isFalse();
    assertThat(call.call().done()).isTrue();
    assertThat(call.call().cancel()).isFalse();
  }

  @ParameterizedTest
  @EnumSource(RpcKind.class)
  void serverAbortsWithCancelled_givesAioRpcErrorNotLocalCancel(RpcKind kind) {
    bed =
        transport.start(
            TestService.serving(
                rpc -> {
                  throw rpc.context().abort(StatusCode.CANCELLED, "aborted by server");
                }));

    TestCall call = kind.call(bed.channel(), "request");
    Throwable error = call.awaitError();

    assertThat(error).isInstanceOf(AioRpcError.class);
    assertThat(((AioRpcError) error).code()).isEqualTo(StatusCode.CANCELLED);
    assertThat(((AioRpcError) error).details()).isEqualTo("aborted by server");
    assertThat(call.call().cancelled()).isFalse();
  }
}
