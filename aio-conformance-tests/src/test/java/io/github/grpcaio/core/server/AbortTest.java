package io.github.grpcaio.core.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.AbortError;
import io.github.grpcaio.AioRpcError;
import io.github.grpcaio.CallOptions;
import io.github.grpcaio.Metadata;
import io.github.grpcaio.ServicerContext;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.UsageError;
import io.github.grpcaio.testkit.AioTestServer;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.Transport;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code context.abort(code, details, trailing)} (its javadoc; the ServicerContext section of
 * docs/mapping.md): it ends the RPC with that status at once and raises {@link AbortError} in the
 * handler, whatever the handler does afterwards.
 */
@ParameterizedClass
@EnumSource(Transport.class)
class AbortTest {

  private final Transport transport;
  @AutoClose private AioTestServer harness;

  AbortTest(Transport transport) {
    this.transport = transport;
  }

  private void serve(Kind kind, Kind.Body body) {
    harness = transport.start(kind.service(body));
  }

  private static Throwable catching(Runnable r) {
    try {
      r.run();
      return null;
    } catch (Throwable t) {
      return t;
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void abort_withCodeDetailsAndTrailers_clientGetsThemAndHandlerGetsAbortError(Kind kind) {
    // The status may reach the client before the handler goes on: wait for what it saw.
    CompletableFuture<Throwable> raised = new CompletableFuture<>();
    CompletableFuture<Optional<StatusCode>> codeAfter = new CompletableFuture<>();
    serve(
        kind,
        ctx -> {
          try {
            throw ctx.abort(StatusCode.NOT_FOUND, "gone", Metadata.of("x-abort", "1"));
          } catch (Throwable t) {
            codeAfter.complete(ctx.code());
            raised.complete(t);
            throw t;
          }
        });

    Kind.Rpc rpc = kind.invoke(harness.channel(), CallOptions.DEFAULT);

    AioRpcError error = Await.rpcError(rpc.responses());
    assertThat(error.code()).isEqualTo(StatusCode.NOT_FOUND);
    assertThat(error.details()).isEqualTo("gone");
    assertThat(error.trailingMetadata().get("x-abort")).isEqualTo("1");
    assertThat(Await.result(raised)).isInstanceOf(AbortError.class).hasMessage("Locally aborted.");
    assertThat(Await.result(codeAfter)).contains(StatusCode.NOT_FOUND);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void abort_handlerSwallowsAbortErrorAndCarriesOn_statusStaysAsSent(Kind kind) {
    serve(
        kind,
        ctx -> {
          catching(() -> ctx.abort(StatusCode.NOT_FOUND, "gone", Metadata.of("x-abort", "1")));
          // Everything below comes too late to change the RPC's outcome.
          ctx.setCode(StatusCode.OK);
          ctx.setDetails("changed my mind");
          ctx.setTrailingMetadata(Metadata.of("x-later", "2"));
          return CompletableFuture.completedFuture("response after abort");
        });

    Kind.Rpc rpc = kind.invoke(harness.channel(), CallOptions.DEFAULT);

    AioRpcError error = Await.rpcError(rpc.responses());
    assertThat(error.code()).isEqualTo(StatusCode.NOT_FOUND);
    assertThat(error.details()).isEqualTo("gone");
    assertThat(error.trailingMetadata().get("x-abort")).isEqualTo("1");
    assertThat(error.trailingMetadata().containsKey("x-later")).isFalse();
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void abort_emptyDetailsAndTrailers_fallBackToTheSetValues(Kind kind) {
    serve(
        kind,
        ctx -> {
          ctx.setDetails("details set earlier");
          ctx.setTrailingMetadata(Metadata.of("x-set", "earlier"));
          throw ctx.abort(StatusCode.INTERNAL, "", new Metadata());
        });

    Kind.Rpc rpc = kind.invoke(harness.channel(), CallOptions.DEFAULT);

    AioRpcError error = Await.rpcError(rpc.responses());
    assertThat(error.code()).isEqualTo(StatusCode.INTERNAL);
    assertThat(error.details()).isEqualTo("details set earlier");
    assertThat(error.trailingMetadata().get("x-set")).isEqualTo("earlier");
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void abort_twoArgumentForm_keepsTheSetTrailers(Kind kind) {
    serve(
        kind,
        ctx -> {
          ctx.setTrailingMetadata(Metadata.of("x-set", "earlier"));
          throw ctx.abort(StatusCode.UNAVAILABLE, "later, please");
        });

    Kind.Rpc rpc = kind.invoke(harness.channel(), CallOptions.DEFAULT);

    AioRpcError error = Await.rpcError(rpc.responses());
    assertThat(error.code()).isEqualTo(StatusCode.UNAVAILABLE);
    assertThat(error.details()).isEqualTo("later, please");
    assertThat(error.trailingMetadata().get("x-set")).isEqualTo("earlier");
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void abort_withOk_throwsUsageErrorAtOnceAndTheRpcGoesOn(Kind kind) {
    AtomicReference<Throwable> raised = new AtomicReference<>();
    serve(
        kind,
        ctx -> {
          raised.set(catching(() -> ctx.abort(StatusCode.OK, "fine")));
          return CompletableFuture.completedFuture("still served");
        });

    Kind.Rpc rpc = kind.invoke(harness.channel(), CallOptions.DEFAULT);

    assertThat(Await.result(rpc.responses())).containsExactly("still served");
    assertThat(Await.result(rpc.call().code())).isEqualTo(StatusCode.OK);
    assertThat(raised.get()).isInstanceOf(UsageError.class);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void abort_calledTwice_secondThrowsUsageErrorAndFirstStatusStays(Kind kind) {
    CompletableFuture<Throwable> second = new CompletableFuture<>();
    serve(
        kind,
        ctx -> {
          catching(() -> ctx.abort(StatusCode.ABORTED, "first"));
          second.complete(catching(() -> ctx.abort(StatusCode.DATA_LOSS, "second")));
          return CompletableFuture.completedFuture("ignored");
        });

    Kind.Rpc rpc = kind.invoke(harness.channel(), CallOptions.DEFAULT);

    AioRpcError error = Await.rpcError(rpc.responses());
    assertThat(error.code()).isEqualTo(StatusCode.ABORTED);
    assertThat(error.details()).isEqualTo("first");
    assertThat(Await.result(second))
        .isInstanceOf(UsageError.class)
        .hasMessage("Abort already called!");
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void abort_afterSendInitialMetadata_clientErrorCarriesTheHeaders(Kind kind) {
    serve(
        kind,
        ctx -> {
          ctx.sendInitialMetadata(Metadata.of("x-header", "h"));
          throw ctx.abort(StatusCode.RESOURCE_EXHAUSTED, "full");
        });

    Kind.Rpc rpc = kind.invoke(harness.channel(), CallOptions.DEFAULT);

    AioRpcError error = Await.rpcError(rpc.responses());
    assertThat(error.code()).isEqualTo(StatusCode.RESOURCE_EXHAUSTED);
    assertThat(error.initialMetadata().get("x-header")).isEqualTo("h");
    assertThat(Await.result(rpc.call().initialMetadata()).get("x-header")).isEqualTo("h");
  }

  @ParameterizedTest
  @EnumSource(
      value = Kind.class,
      names = {"UNARY_STREAM", "STREAM_STREAM"})
  void write_afterAbort_failsWithAbortError(Kind kind) {
    CompletableFuture<Throwable> writeFailure = new CompletableFuture<>();
    serve(
        kind,
        ctx -> {
          catching(() -> ctx.abort(StatusCode.CANCELLED, "stop"));
          ctx.write("late").whenComplete((v, e) -> writeFailure.complete(e));
          return CompletableFuture.completedFuture(null);
        });

    Kind.Rpc rpc = kind.invoke(harness.channel(), CallOptions.DEFAULT);

    assertThat(Await.rpcError(rpc.responses()).code()).isEqualTo(StatusCode.CANCELLED);
    assertThat(Await.result(writeFailure)).isInstanceOf(AbortError.class);
  }

  @ParameterizedTest
  @EnumSource(
      value = Kind.class,
      names = {"STREAM_UNARY", "STREAM_STREAM"})
  void read_afterAbort_failsWithAbortError(Kind kind) {
    CompletableFuture<Throwable> readFailure = new CompletableFuture<>();
    serve(
        kind,
        ctx -> {
          catching(() -> ctx.abort(StatusCode.OUT_OF_RANGE, "stop"));
          ctx.read().whenComplete((v, e) -> readFailure.complete(e));
          return CompletableFuture.completedFuture(null);
        });

    Kind.Rpc rpc = kind.invoke(harness.channel(), CallOptions.DEFAULT);

    assertThat(Await.rpcError(rpc.responses()).code()).isEqualTo(StatusCode.OUT_OF_RANGE);
    assertThat(Await.result(readFailure)).isInstanceOf(AbortError.class);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void abort_fromAnotherThreadAfterTheHandlerReturned_endsTheRpc(Kind kind) {
    CompletableFuture<ServicerContext<String, String>> started = new CompletableFuture<>();
    CompletableFuture<String> pending = new CompletableFuture<>();
    serve(
        kind,
        ctx -> {
          started.complete(ctx);
          return pending;
        });
    Kind.Rpc rpc = kind.invoke(harness.channel(), CallOptions.DEFAULT);
    ServicerContext<String, String> ctx = Await.result(started);

    Throwable raised = catching(() -> ctx.abort(StatusCode.UNAUTHENTICATED, "who are you"));

    assertThat(raised).isInstanceOf(AbortError.class);
    assertThat(ctx.done()).isTrue();
    AioRpcError error = Await.rpcError(rpc.responses());
    assertThat(error.code()).isEqualTo(StatusCode.UNAUTHENTICATED);
    assertThat(error.details()).isEqualTo("who are you");
    assertThat(ctx.cancelled()).isFalse();
  }
}
