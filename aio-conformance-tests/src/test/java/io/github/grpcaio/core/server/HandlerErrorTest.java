package io.github.grpcaio.core.server;

import static io.github.grpcaio.testkit.Utf8.DESERIALIZER;
import static io.github.grpcaio.testkit.Utf8.SERIALIZER;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.AioRpcError;
import io.github.grpcaio.CallOptions;
import io.github.grpcaio.GenericRpcHandler;
import io.github.grpcaio.Metadata;
import io.github.grpcaio.RpcMethodHandler;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.testkit.AioTestServer;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.TestPublisher;
import io.github.grpcaio.testkit.Transport;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Handlers that fail: every way a handler can fail ends the RPC with {@code UNKNOWN "Unexpected
 * <class>: <message>"} and no stack trace on the wire, unless a non-OK code was set; unknown
 * methods and failing lookups; handlers that return null.
 */
@ParameterizedClass
@EnumSource(Transport.class)
class HandlerErrorTest {

  /** How a handler fails. */
  enum Failure {
    THROWS,
    THROWS_CHECKED,
    FAILED_STAGE,
    STAGE_FAILED_LATER,
    FAILING_PUBLISHER,
    PUBLISHER_SUBSCRIBE_THROWS
  }

  /** Each factory of handler; the publisher failures apply only to the publisher forms. */
  enum Shape {
    UNARY_UNARY(Kind.UNARY_UNARY),
    UNARY_STREAM(Kind.UNARY_STREAM),
    UNARY_STREAM_WRITER(Kind.UNARY_STREAM),
    STREAM_UNARY(Kind.STREAM_UNARY),
    STREAM_STREAM(Kind.STREAM_STREAM),
    STREAM_STREAM_WRITER(Kind.STREAM_STREAM);

    final Kind kind;

    Shape(Kind kind) {
      this.kind = kind;
    }

    boolean returnsPublisher() {
      return this == UNARY_STREAM || this == STREAM_STREAM;
    }
  }

  private final Transport transport;
  private AioTestServer harness;

  HandlerErrorTest(Transport transport) {
    this.transport = transport;
  }

  @AfterEach
  void closeHarness() throws Exception {
    if (harness != null) {
      harness.close();
    }
  }

  private void serve(Shape shape, RpcMethodHandler<String, String> handler) {
    harness = transport.start(Kind.serviceOf(Map.of(shape.kind.methodName, handler)));
  }

  /** A handler of {@code shape} whose single behavior produces {@code result} on each call. */
  @SuppressWarnings("unchecked")
  private static RpcMethodHandler<String, String> handler(Shape shape, Behavior result) {
    return switch (shape) {
      case UNARY_UNARY ->
          RpcMethodHandler.unaryUnary(
              (req, ctx) -> (CompletableFuture<String>) result.get(ctx), DESERIALIZER, SERIALIZER);
      case UNARY_STREAM ->
          RpcMethodHandler.unaryStream(
              (req, ctx) -> (Flow.Publisher<String>) result.get(ctx), DESERIALIZER, SERIALIZER);
      case UNARY_STREAM_WRITER ->
          RpcMethodHandler.unaryStreamWriter(
              (req, ctx) -> (CompletableFuture<?>) result.get(ctx), DESERIALIZER, SERIALIZER);
      case STREAM_UNARY ->
          RpcMethodHandler.streamUnary(
              (reqs, ctx) -> (CompletableFuture<String>) result.get(ctx), DESERIALIZER, SERIALIZER);
      case STREAM_STREAM ->
          RpcMethodHandler.streamStream(
              (reqs, ctx) -> (Flow.Publisher<String>) result.get(ctx), DESERIALIZER, SERIALIZER);
      case STREAM_STREAM_WRITER ->
          RpcMethodHandler.streamStreamWriter(
              (reqs, ctx) -> (CompletableFuture<?>) result.get(ctx), DESERIALIZER, SERIALIZER);
    };
  }

  /** What a behavior returns (a stage or a publisher), or how it throws. */
  @FunctionalInterface
  private interface Behavior {
    Object get(io.github.grpcaio.ServicerContext<String, String> ctx) throws Exception;
  }

  private static Behavior failing(Shape shape, Failure failure) {
    return ctx ->
        switch (failure) {
          case THROWS -> throw new IllegalStateException("boom");
          case THROWS_CHECKED -> throw new IOException("disk on fire");
          case FAILED_STAGE -> CompletableFuture.failedFuture(new IllegalStateException("boom"));
          case STAGE_FAILED_LATER ->
              CompletableFuture.supplyAsync(
                  () -> {
                    throw new IllegalStateException("boom");
                  });
          case FAILING_PUBLISHER ->
              TestPublisher.failingAfter(List.of(), new IllegalStateException("boom"));
          case PUBLISHER_SUBSCRIBE_THROWS ->
              (Flow.Publisher<String>)
                  s -> {
                    throw new IllegalStateException("boom");
                  };
        };
  }

  private static String expectedDetails(Failure failure) {
    return failure == Failure.THROWS_CHECKED
        ? "Unexpected java.io.IOException: disk on fire"
        : "Unexpected java.lang.IllegalStateException: boom";
  }

  private static boolean applies(Shape shape, Failure failure) {
    return switch (failure) {
      case THROWS, THROWS_CHECKED -> true;
      case FAILED_STAGE, STAGE_FAILED_LATER -> !shape.returnsPublisher();
      case FAILING_PUBLISHER, PUBLISHER_SUBSCRIBE_THROWS -> shape.returnsPublisher();
    };
  }

  @ParameterizedTest
  @EnumSource(Shape.class)
  void handler_failsInEachWay_clientGetsUnknownWithClassAndMessageOnly(Shape shape) {
    for (Failure failure : Failure.values()) {
      if (!applies(shape, failure)) {
        continue;
      }
      serve(shape, handler(shape, failing(shape, failure)));

      Kind.Rpc rpc = shape.kind.invoke(harness.channel(), CallOptions.DEFAULT);

      AioRpcError error = Await.rpcError(rpc.responses());
      assertThat(error.code()).as(failure.name()).isEqualTo(StatusCode.UNKNOWN);
      assertThat(error.details()).as(failure.name()).isEqualTo(expectedDetails(failure));
      assertThat(error.trailingMetadata().keys()).as(failure.name()).isEmpty();
      assertThat(error.debugErrorString()).as(failure.name()).doesNotContain("\tat ");
      closeQuietly();
    }
  }

  private void closeQuietly() {
    try {
      harness.close();
    } catch (Exception e) {
      throw new AssertionError(e);
    } finally {
      harness = null;
    }
  }

  @ParameterizedTest
  @EnumSource(Shape.class)
  void handler_throwsAfterNonOkSetCode_setCodeAndDetailsWin(Shape shape) {
    serve(
        shape,
        handler(
            shape,
            ctx -> {
              ctx.setCode(StatusCode.PERMISSION_DENIED);
              ctx.setDetails("not yours");
              ctx.setTrailingMetadata(Metadata.of("x-reason", "owner"));
              throw new IllegalStateException("boom");
            }));

    Kind.Rpc rpc = shape.kind.invoke(harness.channel(), CallOptions.DEFAULT);

    AioRpcError error = Await.rpcError(rpc.responses());
    assertThat(error.code()).isEqualTo(StatusCode.PERMISSION_DENIED);
    assertThat(error.details()).isEqualTo("not yours");
    assertThat(error.trailingMetadata().get("x-reason")).isEqualTo("owner");
  }

  @ParameterizedTest
  @EnumSource(Shape.class)
  void handler_throwsAfterSetCodeOk_clientGetsUnknown(Shape shape) {
    serve(
        shape,
        handler(
            shape,
            ctx -> {
              ctx.setCode(StatusCode.OK);
              throw new IllegalArgumentException("bad input");
            }));

    Kind.Rpc rpc = shape.kind.invoke(harness.channel(), CallOptions.DEFAULT);

    AioRpcError error = Await.rpcError(rpc.responses());
    assertThat(error.code()).isEqualTo(StatusCode.UNKNOWN);
    assertThat(error.details())
        .isEqualTo("Unexpected java.lang.IllegalArgumentException: bad input");
  }

  @ParameterizedTest
  @EnumSource(Shape.class)
  void handler_returnsNull_clientGetsUnknownNamingIt(Shape shape) {
    serve(shape, handler(shape, ctx -> null));

    Kind.Rpc rpc = shape.kind.invoke(harness.channel(), CallOptions.DEFAULT);

    AioRpcError error = Await.rpcError(rpc.responses());
    assertThat(error.code()).isEqualTo(StatusCode.UNKNOWN);
    assertThat(error.details()).contains("Handler returned null");
  }

  @ParameterizedTest
  @EnumSource(
      value = Shape.class,
      names = {"UNARY_UNARY", "STREAM_UNARY"})
  void unaryHandler_completesWithNull_clientGetsUnknownNamingIt(Shape shape) {
    serve(shape, handler(shape, ctx -> CompletableFuture.completedFuture(null)));

    Kind.Rpc rpc = shape.kind.invoke(harness.channel(), CallOptions.DEFAULT);

    AioRpcError error = Await.rpcError(rpc.responses());
    assertThat(error.code()).isEqualTo(StatusCode.UNKNOWN);
    assertThat(error.details()).contains("null response");
  }

  @ParameterizedTest
  @EnumSource(
      value = Shape.class,
      names = {"UNARY_STREAM", "STREAM_STREAM"})
  void publisher_failsAfterSomeItems_clientGetsThemThenUnknown(Shape shape) {
    serve(
        shape,
        handler(
            shape,
            ctx ->
                TestPublisher.failingAfter(
                    List.of("a", "b"), new UnsupportedOperationException("half way"))));

    List<String> reads = readUntilError(shape.kind);

    assertThat(reads)
        .containsExactly(
            "a", "b", "UNKNOWN: Unexpected java.lang.UnsupportedOperationException: half way");
  }

  @ParameterizedTest
  @EnumSource(
      value = Shape.class,
      names = {"UNARY_STREAM_WRITER", "STREAM_STREAM_WRITER"})
  void writerHandler_failsAfterWrites_clientGetsTheWritesThenUnknown(Shape shape) {
    serve(
        shape,
        handler(
            shape,
            ctx -> {
              Await.result(ctx.write("a"));
              Await.result(ctx.write("b"));
              throw new IllegalStateException("after writes");
            }));

    List<String> reads = readUntilError(shape.kind);

    assertThat(reads)
        .containsExactly(
            "a", "b", "UNKNOWN: Unexpected java.lang.IllegalStateException: after writes");
  }

  /** Calls a response-streaming method and reads until it fails; the error is the last entry. */
  private List<String> readUntilError(Kind kind) {
    Supplier<CompletableFuture<Optional<String>>> read;
    if (kind == Kind.UNARY_STREAM) {
      read = harness.channel().unaryStream(kind.method(), SERIALIZER, DESERIALIZER).call("r")::read;
    } else {
      var call = harness.channel().streamStream(kind.method(), SERIALIZER, DESERIALIZER).call();
      call.doneWriting();
      read = call::read;
    }
    List<String> reads = new ArrayList<>();
    while (true) {
      CompletableFuture<Optional<String>> next = read.get();
      Throwable failure = Await.result(next.handle((v, e) -> e));
      if (failure != null) {
        AioRpcError error = (AioRpcError) Await.unwrap(failure);
        reads.add(error.code() + ": " + error.details());
        return reads;
      }
      reads.add(Await.result(next).orElse("<end>"));
      if (reads.size() > 10) {
        return reads;
      }
    }
  }

  // ---- lookup ----

  @ParameterizedTest
  @EnumSource(Kind.class)
  void unknownMethod_anyKind_clientGetsUnimplementedMethodNotFound(Kind kind) {
    harness = transport.start(kind.service(ctx -> CompletableFuture.completedFuture("ok")));

    Kind.Rpc rpc =
        kind.invoke(harness.channel(), Kind.fullName("NoSuchMethod"), CallOptions.DEFAULT);

    AioRpcError error = Await.rpcError(rpc.responses());
    assertThat(error.code()).isEqualTo(StatusCode.UNIMPLEMENTED);
    assertThat(error.details()).isEqualTo("Method not found!");
  }

  @Test
  void noHandlersAtAll_call_clientGetsUnimplementedMethodNotFound() {
    harness = transport.start();

    Kind.Rpc rpc = Kind.UNARY_UNARY.invoke(harness.channel(), CallOptions.DEFAULT);

    AioRpcError error = Await.rpcError(rpc.responses());
    assertThat(error.code()).isEqualTo(StatusCode.UNIMPLEMENTED);
    assertThat(error.details()).isEqualTo("Method not found!");
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void genericHandler_throwsDuringLookup_clientGetsUnknown(Kind kind) {
    GenericRpcHandler broken =
        details -> {
          throw new IllegalStateException("lookup failed");
        };
    harness = transport.start(broken);

    Kind.Rpc rpc = kind.invoke(harness.channel(), CallOptions.DEFAULT);

    AioRpcError error = Await.rpcError(rpc.responses());
    assertThat(error.code()).isEqualTo(StatusCode.UNKNOWN);
    assertThat(error.details())
        .isEqualTo("Unexpected java.lang.IllegalStateException: lookup failed");
  }

  @Test
  void genericHandlers_firstReturnsNull_nextOneServes() {
    GenericRpcHandler declines = details -> null;
    // The third is a plain generic handler: a server serves one ServiceRpcHandler per service name.
    RpcMethodHandler<String, String> third =
        Kind.UNARY_UNARY.handler(ctx -> CompletableFuture.completedFuture("third"));
    harness =
        transport.start(
            declines,
            Kind.UNARY_UNARY.service(ctx -> CompletableFuture.completedFuture("second")),
            details -> third);

    Kind.Rpc rpc = Kind.UNARY_UNARY.invoke(harness.channel(), CallOptions.DEFAULT);

    assertThat(Await.result(rpc.responses())).containsExactly("second");
  }

  @Test
  void genericHandler_seesMethodAndInvocationMetadata() {
    CompletableFuture<io.github.grpcaio.HandlerCallDetails> seen = new CompletableFuture<>();
    GenericRpcHandler recording =
        details -> {
          seen.complete(details);
          return null;
        };
    harness = transport.start(recording);

    Kind.Rpc rpc =
        Kind.UNARY_UNARY.invoke(
            harness.channel(), CallOptions.DEFAULT.withMetadata(Metadata.of("x-k", "v")));

    assertThat(Await.rpcError(rpc.responses()).code()).isEqualTo(StatusCode.UNIMPLEMENTED);
    io.github.grpcaio.HandlerCallDetails details = Await.result(seen);
    assertThat(details.method()).isEqualTo(Kind.UNARY_UNARY.method());
    assertThat(details.invocationMetadata().get("x-k")).isEqualTo("v");
  }
}
