package io.github.grpcaio.testkit;

import static io.github.grpcaio.testkit.Utf8.DESERIALIZER;
import static io.github.grpcaio.testkit.Utf8.SERIALIZER;

import io.github.grpcaio.Channel;
import io.github.grpcaio.Metadata;
import io.github.grpcaio.RpcMethodHandler;
import io.github.grpcaio.ServiceRpcHandler;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.StreamUnaryMultiCallable;
import io.github.grpcaio.UnaryStreamMultiCallable;
import io.github.grpcaio.UnaryUnaryMultiCallable;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A string service on the generic API, without generated stubs. */
final class EchoService {

  static final String SERVICE = "testkit.Echo";

  private EchoService() {}

  /**
   * {@code Echo}: answers the request; "fail" aborts with INVALID_ARGUMENT "bad request" and the
   * trailer {@code reason: test}. {@code Hang}: never answers. {@code Join}: answers the requests
   * concatenated. {@code Count}: streams "0".."n-1".
   */
  static ServiceRpcHandler handler() {
    return ServiceRpcHandler.of(
        SERVICE,
        Map.of(
            "Echo",
            RpcMethodHandler.<String, String>unaryUnary(
                (request, context) -> {
                  if (request.equals("fail")) {
                    throw context.abort(
                        StatusCode.INVALID_ARGUMENT, "bad request", Metadata.of("reason", "test"));
                  }
                  return CompletableFuture.completedFuture(request);
                },
                DESERIALIZER,
                SERIALIZER),
            "Hang",
            RpcMethodHandler.<String, String>unaryUnary(
                (request, context) -> new CompletableFuture<>(), DESERIALIZER, SERIALIZER),
            "Join",
            RpcMethodHandler.<String, String>streamUnary(
                (requests, context) -> {
                  TestSubscriber<String> all = TestSubscriber.unbounded();
                  requests.subscribe(all);
                  return all.completion().thenApply(items -> String.join("", items));
                },
                DESERIALIZER,
                SERIALIZER),
            "Count",
            RpcMethodHandler.<String, String>unaryStreamWriter(
                (request, context) -> {
                  CompletionStage<Void> done = CompletableFuture.completedFuture(null);
                  for (int i = 0; i < Integer.parseInt(request); i++) {
                    String item = String.valueOf(i);
                    done = done.thenCompose(v -> context.write(item));
                  }
                  return done;
                },
                DESERIALIZER,
                SERIALIZER)));
  }

  static UnaryUnaryMultiCallable<String, String> echo(Channel channel) {
    return channel.unaryUnary("/" + SERVICE + "/Echo", SERIALIZER, DESERIALIZER);
  }

  static UnaryUnaryMultiCallable<String, String> hang(Channel channel) {
    return channel.unaryUnary("/" + SERVICE + "/Hang", SERIALIZER, DESERIALIZER);
  }

  static StreamUnaryMultiCallable<String, String> join(Channel channel) {
    return channel.streamUnary("/" + SERVICE + "/Join", SERIALIZER, DESERIALIZER);
  }

  static UnaryStreamMultiCallable<String, String> count(Channel channel) {
    return channel.unaryStream("/" + SERVICE + "/Count", SERIALIZER, DESERIALIZER);
  }
}
