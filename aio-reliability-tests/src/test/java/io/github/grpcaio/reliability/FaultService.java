package io.github.grpcaio.reliability;

import static io.github.grpcaio.testkit.Utf8.DESERIALIZER;
import static io.github.grpcaio.testkit.Utf8.SERIALIZER;

import io.github.grpcaio.Channel;
import io.github.grpcaio.RpcMethodHandler;
import io.github.grpcaio.ServiceRpcHandler;
import io.github.grpcaio.ServicerContext;
import io.github.grpcaio.StreamStreamMultiCallable;
import io.github.grpcaio.StreamUnaryMultiCallable;
import io.github.grpcaio.UnaryStreamMultiCallable;
import io.github.grpcaio.UnaryUnaryMultiCallable;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The service under fault, one instance per test, on the generic API with string messages. It
 * records each RPC's context as its handler starts ({@link #started}) and once it is done ({@link
 * #ended}), and the last response {@link Sequence} it streamed ({@link #sequences}).
 *
 * <ul>
 *   <li>{@code Echo} (unary): answers the request; {@code "sleep:<ms>"} answers {@code "slept"}
 *       after that long.
 *   <li>{@code Hold} (unary): answers {@code "released:<request>"} once the test calls {@link
 *       #release} with the request.
 *   <li>{@code Remaining} (unary): answers the milliseconds of {@code timeRemaining()}, or {@code
 *       "none"} without a deadline.
 *   <li>{@code Stream} (server streaming): {@code "<n>[:<bytes>]"} streams {@code n} items of a
 *       {@link Sequence} at full speed, {@code "endless[:<bytes>]"} without end; {@code
 *       "<n>:<bytes>:open"} stays open after the last item.
 *   <li>{@code Collect} (client streaming): reads every request with {@code read()}, answers how
 *       many there were.
 *   <li>{@code Chat} (bidi): answers each request with itself, with {@code read()} and {@code
 *       write()}.
 *   <li>{@code Flood} (bidi): ignores the requests and streams an endless {@link Sequence} of
 *       100-byte items.
 * </ul>
 */
final class FaultService {

  static final String SERVICE = "reliability.Fault";

  final BlockingQueue<ServicerContext<String, String>> started = new LinkedBlockingQueue<>();
  final BlockingQueue<ServicerContext<String, String>> ended = new LinkedBlockingQueue<>();
  final BlockingQueue<Sequence> sequences = new LinkedBlockingQueue<>();
  private final Map<String, CompletableFuture<String>> holds = new ConcurrentHashMap<>();

  ServiceRpcHandler handler() {
    return ServiceRpcHandler.of(
        SERVICE,
        Map.of(
            "Echo",
            RpcMethodHandler.<String, String>unaryUnary(
                (request, context) -> {
                  track(context);
                  if (request.startsWith("sleep:")) {
                    long ms = Long.parseLong(request.substring("sleep:".length()));
                    return CompletableFuture.supplyAsync(
                        () -> "slept",
                        CompletableFuture.delayedExecutor(ms, TimeUnit.MILLISECONDS));
                  }
                  return CompletableFuture.completedFuture(request);
                },
                DESERIALIZER,
                SERIALIZER),
            "Hold",
            RpcMethodHandler.<String, String>unaryUnary(
                (request, context) -> {
                  track(context);
                  return hold(request);
                },
                DESERIALIZER,
                SERIALIZER),
            "Remaining",
            RpcMethodHandler.<String, String>unaryUnary(
                (request, context) -> {
                  track(context);
                  return CompletableFuture.completedFuture(
                      context
                          .timeRemaining()
                          .map(d -> String.valueOf(d.toMillis()))
                          .orElse("none"));
                },
                DESERIALIZER,
                SERIALIZER),
            "Stream",
            RpcMethodHandler.<String, String>unaryStream(
                (request, context) -> {
                  track(context);
                  return sequence(request);
                },
                DESERIALIZER,
                SERIALIZER),
            "Collect",
            RpcMethodHandler.<String, String>streamUnary(
                (requests, context) -> {
                  track(context);
                  return countRequests(context, 0).thenApply(String::valueOf);
                },
                DESERIALIZER,
                SERIALIZER),
            "Chat",
            RpcMethodHandler.<String, String>streamStreamWriter(
                (requests, context) -> {
                  track(context);
                  return echoRequests(context, Long.MAX_VALUE);
                },
                DESERIALIZER,
                SERIALIZER),
            "Flood",
            RpcMethodHandler.<String, String>streamStream(
                (requests, context) -> {
                  track(context);
                  return sequence("endless:100");
                },
                DESERIALIZER,
                SERIALIZER)));
  }

  private CompletableFuture<String> hold(String key) {
    return holds.computeIfAbsent(key, k -> new CompletableFuture<>());
  }

  /** Lets the {@code Hold} RPC (or the next one) with request {@code key} answer. */
  void release(String key) {
    hold(key).complete("released:" + key);
  }

  /** Drops every context, sequence and hold recorded so far (they keep their RPCs reachable). */
  void forget() {
    started.clear();
    ended.clear();
    sequences.clear();
    holds.clear();
  }

  private void track(ServicerContext<String, String> context) {
    context.addDoneCallback(ended::add);
    started.add(context);
  }

  private Sequence sequence(String request) {
    String[] parts = request.split(":");
    long count = parts[0].equals("endless") ? Sequence.ENDLESS : Long.parseLong(parts[0]);
    Sequence s =
        new Sequence(
            count,
            parts.length > 1 ? Integer.parseInt(parts[1]) : 0,
            parts.length < 3 || !parts[2].equals("open"));
    sequences.add(s);
    return s;
  }

  /** Reads every request with {@code read()}; completes with how many there were. */
  static CompletionStage<Long> countRequests(ServicerContext<String, ?> context, long sofar) {
    return context
        .read()
        .thenCompose(
            next ->
                next.isEmpty()
                    ? CompletableFuture.completedFuture(sofar)
                    : countRequests(context, sofar + 1));
  }

  /**
   * Answers each request with itself, up to {@code max} of them or until the client is done
   * writing, each write after the previous one was sent.
   */
  static CompletionStage<Void> echoRequests(ServicerContext<String, String> context, long max) {
    if (max == 0) {
      return CompletableFuture.completedFuture(null);
    }
    return context
        .read()
        .thenCompose(
            (Optional<String> next) ->
                next.isEmpty()
                    ? CompletableFuture.<Void>completedFuture(null)
                    : context.write(next.get()).thenCompose(v -> echoRequests(context, max - 1)));
  }

  /** Takes the next started context, failing after {@code timeout}. */
  ServicerContext<String, String> awaitStarted(Duration timeout) throws InterruptedException {
    ServicerContext<String, String> c = started.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (c == null) {
      throw new AssertionError("No handler started within " + timeout);
    }
    return c;
  }

  /** Takes the next ended context, failing after {@code timeout}. */
  ServicerContext<String, String> awaitEnded(Duration timeout) throws InterruptedException {
    ServicerContext<String, String> c = ended.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (c == null) {
      throw new AssertionError("No handler's done callback ran within " + timeout);
    }
    return c;
  }

  /** Takes the next sequence a handler returned, failing after {@code timeout}. */
  Sequence awaitSequence(Duration timeout) throws InterruptedException {
    Sequence s = sequences.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (s == null) {
      throw new AssertionError("No sequence returned within " + timeout);
    }
    return s;
  }

  static UnaryUnaryMultiCallable<String, String> echo(Channel channel) {
    return channel.unaryUnary("/" + SERVICE + "/Echo", SERIALIZER, DESERIALIZER);
  }

  static UnaryUnaryMultiCallable<String, String> hold(Channel channel) {
    return channel.unaryUnary("/" + SERVICE + "/Hold", SERIALIZER, DESERIALIZER);
  }

  static UnaryUnaryMultiCallable<String, String> remaining(Channel channel) {
    return channel.unaryUnary("/" + SERVICE + "/Remaining", SERIALIZER, DESERIALIZER);
  }

  static UnaryStreamMultiCallable<String, String> stream(Channel channel) {
    return channel.unaryStream("/" + SERVICE + "/Stream", SERIALIZER, DESERIALIZER);
  }

  static StreamUnaryMultiCallable<String, String> collect(Channel channel) {
    return channel.streamUnary("/" + SERVICE + "/Collect", SERIALIZER, DESERIALIZER);
  }

  static StreamStreamMultiCallable<String, String> chat(Channel channel) {
    return channel.streamStream("/" + SERVICE + "/Chat", SERIALIZER, DESERIALIZER);
  }

  static StreamStreamMultiCallable<String, String> flood(Channel channel) {
    return channel.streamStream("/" + SERVICE + "/Flood", SERIALIZER, DESERIALIZER);
  }
}
