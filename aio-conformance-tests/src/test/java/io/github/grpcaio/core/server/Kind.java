package io.github.grpcaio.core.server;

import static io.github.grpcaio.testkit.Utf8.DESERIALIZER;
import static io.github.grpcaio.testkit.Utf8.SERIALIZER;

import io.github.grpcaio.Call;
import io.github.grpcaio.CallOptions;
import io.github.grpcaio.Channel;
import io.github.grpcaio.Deserializer;
import io.github.grpcaio.GenericRpcHandler;
import io.github.grpcaio.RpcMethodHandler;
import io.github.grpcaio.Serializer;
import io.github.grpcaio.ServiceRpcHandler;
import io.github.grpcaio.ServicerContext;
import io.github.grpcaio.StreamStreamCall;
import io.github.grpcaio.StreamUnaryCall;
import io.github.grpcaio.testkit.TestSubscriber;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * The four RPC kinds, each with a handler made from a {@link Body} and a client that sends one
 * request, so that one scenario can run on every kind.
 *
 * <p>The handler runs the body as soon as it is invoked (request-streaming kinds do not wait for
 * requests) and responds with the value the body's stage completes with: the response of a unary
 * method, or the one message written to a response stream ({@code null}: none). Streaming responses
 * use the {@code context.write()} handler forms.
 */
enum Kind {
  UNARY_UNARY("UnaryUnary", false, false),
  UNARY_STREAM("UnaryStream", false, true),
  STREAM_UNARY("StreamUnary", true, false),
  STREAM_STREAM("StreamStream", true, true);

  /** Handler code shared by all kinds. */
  @FunctionalInterface
  interface Body {
    CompletionStage<String> run(ServicerContext<String, String> context) throws Exception;
  }

  /** The service every test registers its methods under. */
  static final String SERVICE = "test.Server";

  /** A client call of any kind with its responses collected. */
  record Rpc(Call call, CompletableFuture<List<String>> responses) {}

  final String methodName;
  final boolean requestStreaming;
  final boolean responseStreaming;

  Kind(String methodName, boolean requestStreaming, boolean responseStreaming) {
    this.methodName = methodName;
    this.requestStreaming = requestStreaming;
    this.responseStreaming = responseStreaming;
  }

  /** A generic handler serving {@code /test.Server/<name>} for each entry. */
  static GenericRpcHandler serviceOf(Map<String, RpcMethodHandler<?, ?>> methods) {
    return ServiceRpcHandler.of(SERVICE, methods);
  }

  /** The full name of a method of {@link #SERVICE}. */
  static String fullName(String name) {
    return "/" + SERVICE + "/" + name;
  }

  /** The full method name this kind's handler is served under. */
  String method() {
    return fullName(methodName);
  }

  /** A generic handler serving this kind's method with {@code body}. */
  GenericRpcHandler service(Body body) {
    return serviceOf(Map.of(methodName, handler(body)));
  }

  /** This kind's handler running {@code body}. */
  RpcMethodHandler<String, String> handler(Body body) {
    return handler(body, DESERIALIZER, SERIALIZER);
  }

  /** This kind's handler running {@code body}, with the given (de)serializers. */
  RpcMethodHandler<String, String> handler(
      Body body, Deserializer<String> des, Serializer<String> ser) {
    return switch (this) {
      case UNARY_UNARY -> RpcMethodHandler.unaryUnary((req, ctx) -> body.run(ctx), des, ser);
      case UNARY_STREAM ->
          RpcMethodHandler.unaryStreamWriter((req, ctx) -> writeResult(body, ctx), des, ser);
      case STREAM_UNARY -> RpcMethodHandler.streamUnary((reqs, ctx) -> body.run(ctx), des, ser);
      case STREAM_STREAM ->
          RpcMethodHandler.streamStreamWriter((reqs, ctx) -> writeResult(body, ctx), des, ser);
    };
  }

  /**
   * This kind's handler returning the body's stage itself: the response of a unary method; for a
   * response stream (writer form) the stage only says when the handler is done, and nothing is
   * written. Tests use it to see what happens to the very stage a handler returned.
   */
  RpcMethodHandler<String, String> handlerReturningStage(Body body) {
    return switch (this) {
      case UNARY_UNARY ->
          RpcMethodHandler.unaryUnary((req, ctx) -> body.run(ctx), DESERIALIZER, SERIALIZER);
      case UNARY_STREAM ->
          RpcMethodHandler.unaryStreamWriter((req, ctx) -> body.run(ctx), DESERIALIZER, SERIALIZER);
      case STREAM_UNARY ->
          RpcMethodHandler.streamUnary((reqs, ctx) -> body.run(ctx), DESERIALIZER, SERIALIZER);
      case STREAM_STREAM ->
          RpcMethodHandler.streamStreamWriter(
              (reqs, ctx) -> body.run(ctx), DESERIALIZER, SERIALIZER);
    };
  }

  private static CompletionStage<?> writeResult(Body body, ServicerContext<String, String> ctx)
      throws Exception {
    return body.run(ctx)
        .thenCompose(v -> v == null ? CompletableFuture.completedFuture(null) : ctx.write(v));
  }

  /** Calls this kind's method with one request (then half-closes a request stream). */
  Rpc invoke(Channel channel, CallOptions options) {
    return invoke(channel, method(), options);
  }

  /** Calls {@code method} as this kind with one request "request". */
  Rpc invoke(Channel channel, String method, CallOptions options) {
    return invoke(channel, method, "request", options);
  }

  /** Calls {@code method} as this kind with one request. */
  Rpc invoke(Channel channel, String method, String request, CallOptions options) {
    return switch (this) {
      case UNARY_UNARY -> {
        var call = channel.unaryUnary(method, SERIALIZER, DESERIALIZER).call(request, options);
        yield new Rpc(call, call.response().thenApply(List::of));
      }
      case UNARY_STREAM -> {
        var call = channel.unaryStream(method, SERIALIZER, DESERIALIZER).call(request, options);
        yield new Rpc(call, collect(call));
      }
      case STREAM_UNARY -> {
        StreamUnaryCall<String, String> call =
            channel.streamUnary(method, SERIALIZER, DESERIALIZER).call(options);
        call.write(request);
        call.doneWriting();
        yield new Rpc(call, call.response().thenApply(List::of));
      }
      case STREAM_STREAM -> {
        StreamStreamCall<String, String> call =
            channel.streamStream(method, SERIALIZER, DESERIALIZER).call(options);
        call.write(request);
        call.doneWriting();
        yield new Rpc(call, collect(call));
      }
    };
  }

  /** Subscribes with unbounded demand and collects every message. */
  static <T> CompletableFuture<List<T>> collect(Flow.Publisher<T> publisher) {
    TestSubscriber<T> all = TestSubscriber.unbounded();
    publisher.subscribe(all);
    return all.completion();
  }
}
