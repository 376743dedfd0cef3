package io.github.grpcaio.core.interceptors;

import io.github.grpcaio.Deserializer;
import io.github.grpcaio.RpcMethodHandler;
import io.github.grpcaio.Serializer;
import io.github.grpcaio.ServiceRpcHandler;
import io.github.grpcaio.ServicerContext;
import io.github.grpcaio.StatusCode;
import java.nio.charset.StandardCharsets;
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
  static final Serializer<String> SER = s -> s.getBytes(StandardCharsets.UTF_8);
  static final Deserializer<String> DES = b -> new String(b, StandardCharsets.UTF_8);

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
            "Echo", RpcMethodHandler.unaryUnary((r, c) -> answer("Echo", r, c), DES, SER),
            "Other", RpcMethodHandler.unaryUnary((r, c) -> answer("Other", r, c), DES, SER),
            "FailOnce", RpcMethodHandler.unaryUnary(this::failOnce, DES, SER),
            "Hang", RpcMethodHandler.unaryUnary(this::hang, DES, SER),
            "Split", RpcMethodHandler.unaryStreamWriter(Service::split, DES, SER),
            "Join", RpcMethodHandler.streamUnary((in, c) -> join(c, new ArrayList<>()), DES, SER),
            "JoinFailOnce",
                RpcMethodHandler.streamUnary(
                    (in, c) -> {
                      if (failOnceCalls.incrementAndGet() == 1) {
                        throw c.abort(StatusCode.UNAVAILABLE, "try again");
                      }
                      return join(c, new ArrayList<>());
                    },
                    DES,
                    SER),
            "Upper", RpcMethodHandler.streamStreamWriter((in, c) -> upper(c), DES, SER)));
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
