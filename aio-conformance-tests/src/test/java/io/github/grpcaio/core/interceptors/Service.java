package io.github.grpcaio.core.interceptors;

import static io.github.grpcaio.testkit.Utf8.DESERIALIZER;
import static io.github.grpcaio.testkit.Utf8.SERIALIZER;

import io.github.grpcaio.RpcMethodHandler;
import io.github.grpcaio.ServiceRpcHandler;
import io.github.grpcaio.ServicerContext;
import io.github.grpcaio.StatusCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The service the interceptor tests call, {@code test.Icpt}, with UTF-8 string messages. Unary RPCs
 * record what the server saw in {@link #seen}.
 */
final class Service {

  static final String NAME = "test.Icpt";

  /** What the server saw of one RPC. */
  record Seen(String method, String tag, boolean hasDeadline) {}

  final BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
  final AtomicInteger failOnceCalls = new AtomicInteger();
  final CountDownLatch hangStarted = new CountDownLatch(1);
  final CountDownLatch hangEnded = new CountDownLatch(1);

  ServiceRpcHandler handler() {
    return ServiceRpcHandler.of(
        NAME,
        Map.of(
            "Echo",
                RpcMethodHandler.unaryUnary(
                    (r, c) -> answer("Echo", r, c), DESERIALIZER, SERIALIZER),
            "Other",
                RpcMethodHandler.unaryUnary(
                    (r, c) -> answer("Other", r, c), DESERIALIZER, SERIALIZER),
            "FailOnce", RpcMethodHandler.unaryUnary(this::failOnce, DESERIALIZER, SERIALIZER),
            "Hang", RpcMethodHandler.unaryUnary(this::hang, DESERIALIZER, SERIALIZER),
            "Split", RpcMethodHandler.unaryStreamWriter(Service::split, DESERIALIZER, SERIALIZER),
            "Join",
                RpcMethodHandler.streamUnary(
                    (in, c) -> join(c, new ArrayList<>()), DESERIALIZER, SERIALIZER),
            "JoinFailOnce",
                RpcMethodHandler.streamUnary(
                    (in, c) -> {
                      if (failOnceCalls.incrementAndGet() == 1) {
                        throw c.abort(StatusCode.UNAVAILABLE, "try again");
                      }
                      return join(c, new ArrayList<>());
                    },
                    DESERIALIZER,
                    SERIALIZER),
            "Upper",
                RpcMethodHandler.streamStreamWriter(
                    (in, c) -> upper(c), DESERIALIZER, SERIALIZER)));
  }

  /** Replies {@code "<method>:<request>"}. */
  private CompletionStage<String> answer(
      String method, String request, ServicerContext<String, String> context) {
    seen.add(
        new Seen(
            "/" + NAME + "/" + method,
            context.invocationMetadata().get("x-tag"),
            context.timeRemaining().isPresent()));
    return CompletableFuture.completedFuture(method + ":" + request);
  }

  private CompletionStage<String> failOnce(String request, ServicerContext<String, String> c) {
    if (failOnceCalls.incrementAndGet() == 1) {
      throw c.abort(StatusCode.UNAVAILABLE, "try again");
    }
    return CompletableFuture.completedFuture("ok:" + request);
  }

  private CompletionStage<String> hang(String request, ServicerContext<String, String> c) {
    c.addDoneCallback(ctx -> hangEnded.countDown());
    hangStarted.countDown();
    return new CompletableFuture<>();
  }

  /** Writes each comma-separated part of the request. */
  private static CompletionStage<?> split(String request, ServicerContext<String, String> c) {
    CompletableFuture<Void> last = CompletableFuture.completedFuture(null);
    for (String part : request.split(",")) {
      last = last.thenCompose(x -> c.write(part));
    }
    return last;
  }

  /** Replies with the requests joined by commas. */
  private static CompletionStage<String> join(ServicerContext<String, String> c, List<String> got) {
    return c.read()
        .thenCompose(
            next -> {
              if (next.isEmpty()) {
                return CompletableFuture.completedFuture(String.join(",", got));
              }
              got.add(next.get());
              return join(c, got);
            });
  }

  /** Answers each request with it in upper case. */
  private static CompletionStage<?> upper(ServicerContext<String, String> c) {
    return c.read()
        .thenCompose(
            next ->
                next.isEmpty()
                    ? CompletableFuture.completedFuture(null)
                    : c.write(next.get().toUpperCase()).thenCompose(x -> upper(c)));
  }
}
