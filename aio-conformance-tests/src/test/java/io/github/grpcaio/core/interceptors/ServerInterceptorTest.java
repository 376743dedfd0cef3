package io.github.grpcaio.core.interceptors;

import static io.github.grpcaio.testkit.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.AioRpcError;
import io.github.grpcaio.HandlerCallDetails;
import io.github.grpcaio.Metadata;
import io.github.grpcaio.RpcMethodHandler;
import io.github.grpcaio.ServerInterceptor;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.StreamUnaryCall;
import io.github.grpcaio.UnaryUnaryCall;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.TestPublisher;
import io.github.grpcaio.testkit.Transport;
import io.github.grpcaio.testkit.Utf8;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Server interceptors run in order before the generic handlers; each may return the continuation's
 * handler, a wrapped or another one, or none (UNIMPLEMENTED); one that fails gives UNKNOWN.
 */
@ParameterizedClass
@EnumSource(Transport.class)
class ServerInterceptorTest {

  @Parameter Transport transport;

  private static final String ECHO = "/" + Service.NAME + "/Echo";

  private static UnaryUnaryCall<String> echo(Harness h, String request, Metadata metadata) {
    return h.channel
        .unaryUnary(ECHO, Utf8.SERIALIZER, Utf8.DESERIALIZER)
        .call(request, io.github.grpcaio.CallOptions.DEFAULT.withMetadata(metadata));
  }

  private static UnaryUnaryCall<String> echo(Harness h, String request) {
    return echo(h, request, null);
  }

  /** Records its name before and after the rest of the chain. */
  private static ServerInterceptor recording(String name, List<String> events) {
    return (next, details) -> {
      events.add(name + " in " + details.method());
      return next.apply(details)
          .thenApply(
              handler -> {
                events.add(name + " out");
                return handler;
              });
    };
  }

  @Test
  void interceptors_runInOrder_beforeHandlers() {
    List<String> events = new CopyOnWriteArrayList<>();
    try (Harness h = Harness.server(transport, recording("a", events), recording("b", events))) {
      assertThat(result(echo(h, "x").response())).isEqualTo("Echo:x");

      assertThat(events).containsExactly("a in " + ECHO, "b in " + ECHO, "b out", "a out");
    }
  }

  @Test
  void interceptorReturnsNoHandler_givesUnimplemented() {
    ServerInterceptor refuseUntagged =
        (next, details) ->
            details.invocationMetadata().containsKey("x-tag")
                ? next.apply(details)
                : CompletableFuture.completedFuture(null);
    try (Harness h = Harness.server(transport, refuseUntagged)) {
      UnaryUnaryCall<String> refused = echo(h, "x");

      AioRpcError error = (AioRpcError) Await.failure(refused.response());
      assertThat(error.code()).isEqualTo(StatusCode.UNIMPLEMENTED);
      assertThat(error.details()).isEqualTo("Method not found!");
      assertThat(result(echo(h, "y", Metadata.of("x-tag", "t")).response())).isEqualTo("Echo:y");
    }
  }

  @Test
  void interceptorReturnsAnotherHandler_itServes() {
    RpcMethodHandler<String, String> other =
        RpcMethodHandler.unaryUnary(
            (r, c) -> CompletableFuture.completedFuture("other handler:" + r),
            Utf8.DESERIALIZER,
            Utf8.SERIALIZER);
    ServerInterceptor route = (next, details) -> CompletableFuture.completedFuture(other);
    try (Harness h = Harness.server(transport, route)) {
      assertThat(result(echo(h, "x").response())).isEqualTo("other handler:x");
      assertThat(h.service.seen).isEmpty();
    }
  }

  @Test
  void interceptorWrapsHandler_addsTrailingMetadataAndMeasures() {
    List<String> measured = new CopyOnWriteArrayList<>();
    ServerInterceptor wrap =
        (next, details) ->
            next.apply(details)
                .thenApply(
                    found -> {
                      @SuppressWarnings("unchecked")
                      RpcMethodHandler<String, String> h = (RpcMethodHandler<String, String>) found;
                      return RpcMethodHandler.<String, String>unaryUnary(
                          (request, context) -> {
                            long start = System.nanoTime();
                            context.setTrailingMetadata(Metadata.of("x-wrapped", "yes"));
                            return h.unaryUnary()
                                .handle(request, context)
                                .whenComplete(
                                    (v, e) ->
                                        measured.add(
                                            details.method() + " " + (System.nanoTime() - start)));
                          },
                          Utf8.DESERIALIZER,
                          Utf8.SERIALIZER);
                    });
    try (Harness h = Harness.server(transport, wrap)) {
      UnaryUnaryCall<String> call = echo(h, "x");

      assertThat(result(call.response())).isEqualTo("Echo:x");
      assertThat(result(call.trailingMetadata()).get("x-wrapped")).isEqualTo("yes");
      assertThat(measured).singleElement().asString().startsWith(ECHO + " ");
    }
  }

  @Test
  void interceptorReadsMetadataAndMethod() {
    AtomicReference<HandlerCallDetails> seen = new AtomicReference<>();
    ServerInterceptor reading =
        (next, details) -> {
          seen.set(details);
          return next.apply(details);
        };
    try (Harness h = Harness.server(transport, reading)) {
      result(echo(h, "x", Metadata.of("x-tag", "hello")).response());

      assertThat(seen.get().method()).isEqualTo(ECHO);
      assertThat(seen.get().invocationMetadata().get("x-tag")).isEqualTo("hello");
      assertThat(seen.get().invocationMetadata().get("user-agent")).isNotNull();
    }
  }

  @Test
  void interceptorAbortingOnStart_rejectsWithItsStatusAndTheHandlerDoesNotRun() {
    ServerInterceptor authCheck =
        (next, details) ->
            details.invocationMetadata().containsKey("authorization")
                ? next.apply(details)
                : next.apply(details)
                    .thenApply(
                        handler ->
                            handler == null
                                ? null
                                : handler.onStart(
                                    context -> {
                                      throw context.abort(
                                          StatusCode.UNAUTHENTICATED, "no valid token");
                                    }));
    try (Harness h = Harness.server(transport, authCheck)) {
      AioRpcError error = (AioRpcError) Await.failure(echo(h, "x").response());

      assertThat(error.code()).isEqualTo(StatusCode.UNAUTHENTICATED);
      assertThat(error.details()).isEqualTo("no valid token");
      assertThat(h.service.seen).isEmpty();
      assertThat(result(echo(h, "y", Metadata.of("authorization", "t")).response()))
          .isEqualTo("Echo:y");
    }
  }

  @Test
  void interceptorThrows_givesUnknown() {
    ServerInterceptor throwing =
        (next, details) -> {
          throw new IllegalStateException("boom");
        };
    assertUnknown(throwing, "Unexpected java.lang.IllegalStateException: boom");
  }

  @Test
  void interceptorStageFails_givesUnknown() {
    ServerInterceptor failing =
        (next, details) -> CompletableFuture.failedFuture(new IllegalArgumentException("bad"));
    assertUnknown(failing, "Unexpected java.lang.IllegalArgumentException: bad");
  }

  @Test
  void interceptorReturnsNullStage_givesUnknownNamingIt() {
    ServerInterceptor returningNull = (next, details) -> null;
    assertUnknown(
        returningNull,
        "Unexpected java.lang.NullPointerException: Server interceptor "
            + returningNull.getClass().getName()
            + " returned null");
  }

  private void assertUnknown(ServerInterceptor interceptor, String details) {
    try (Harness h = Harness.server(transport, interceptor)) {
      UnaryUnaryCall<String> call = echo(h, "x");

      AioRpcError error = (AioRpcError) Await.failure(call.response());
      assertThat(error.code()).isEqualTo(StatusCode.UNKNOWN);
      assertThat(error.details()).isEqualTo(details);
      assertThat(h.service.seen).isEmpty();
    }
  }

  @Test
  void asyncInterceptor_halfCloseOfEmptyStreamDuringLookup_isNotLost() {
    CompletableFuture<Void> gate = new CompletableFuture<>();
    ServerInterceptor gated = (next, details) -> gate.thenCompose(x -> next.apply(details));
    try (Harness h = Harness.server(transport, gated)) {
      StreamUnaryCall<String, String> call =
          h.channel
              .streamUnary("/" + Service.NAME + "/Join", Utf8.SERIALIZER, Utf8.DESERIALIZER)
              .call();
      // The half-close of an empty request stream reaches the server before any handler exists.
      result(call.doneWriting());

      gate.complete(null);

      assertThat(result(call.response())).isEmpty();
    }
  }

  @Test
  void asyncInterceptor_completingOnAnotherThread_streamsWork() {
    ServerInterceptor async =
        (next, details) -> CompletableFuture.supplyAsync(() -> details).thenCompose(next::apply);
    try (Harness h = Harness.server(transport, async)) {
      var split =
          h.channel
              .unaryStream("/" + Service.NAME + "/Split", Utf8.SERIALIZER, Utf8.DESERIALIZER)
              .call("a,b");
      var upper =
          h.channel
              .streamStream("/" + Service.NAME + "/Upper", Utf8.SERIALIZER, Utf8.DESERIALIZER)
              .call(TestPublisher.of(List.of("x", "y")));

      assertThat(result(Harness.readAll(split::read))).containsExactly("a", "b");
      assertThat(result(Harness.readAll(upper::read))).containsExactly("X", "Y");
    }
  }

  @Test
  void clientCancelsDuringLookup_serverGoesOn() {
    CompletableFuture<Void> gate = new CompletableFuture<>();
    CompletableFuture<Void> entered = new CompletableFuture<>();
    ServerInterceptor gated =
        (next, details) -> {
          entered.complete(null);
          return gate.thenCompose(x -> next.apply(details));
        };
    try (Harness h = Harness.server(transport, gated)) {
      UnaryUnaryCall<String> call = echo(h, "x");
      result(entered);

      call.cancel();
      result(call.code());
      gate.complete(null);

      // A later RPC is served: the cancelled one did not wedge the server.
      assertThat(result(echo(h, "y").response())).isEqualTo("Echo:y");
    }
  }
}
