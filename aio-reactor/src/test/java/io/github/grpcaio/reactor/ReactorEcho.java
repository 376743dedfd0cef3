package io.github.grpcaio.reactor;

import io.github.grpcaio.ServiceRpcHandler;
import io.github.grpcaio.ServicerContext;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.reactor.proto.EchoAio;
import io.github.grpcaio.reactor.proto.EchoGrpc;
import io.github.grpcaio.reactor.proto.Text;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The test service written with Reactor, served either as a generated servicer (through {@link
 * ReactorHandlers#respond} and {@link ReactorHandlers#writeAll}) or through the handler factories:
 * the same functions both ways. It counts what the server pulled from its response publishers and
 * notes their cancellation.
 *
 * <ul>
 *   <li>{@code Unary}: echoes; {@code "abort:CODE:details"} aborts with that status; {@code
 *       "empty"} completes empty, {@code "broken"} fails with an {@code IllegalStateException};
 *       {@code "call:TEXT"} returns the Mono of a nested call of {@code Unary} with TEXT on {@link
 *       #downstream}.
 *   <li>{@code Count}: {@code "n"} streams n ~1 KiB messages "i:xxx..."; {@code "n:abort"} aborts
 *       with {@code PERMISSION_DENIED} after them; {@code "abort"} aborts at once.
 *   <li>{@code Join}: the requests' values joined with commas.
 *   <li>{@code Each}: each request echoed.
 * </ul>
 */
public final class ReactorEcho {

  /** Payload of each {@code Count} message. */
  static final int MESSAGE_SIZE = 1024;

  final AtomicInteger calls = new AtomicInteger();
  final AtomicLong pulled = new AtomicLong();
  final CompletableFuture<Void> responsesCancelled = new CompletableFuture<>();

  /** How the last request stream ended: "completed", "cancelled" or its failure's simple name. */
  final CompletableFuture<String> requestsEnded = new CompletableFuture<>();

  public volatile EchoAio.Stub downstream;

  public static Text text(String value) {
    return Text.newBuilder().setValue(value).build();
  }

  static String message(long index) {
    String prefix = index + ":";
    return prefix + "x".repeat(MESSAGE_SIZE - prefix.length());
  }

  Mono<Text> unary(Text request, ServicerContext<Text, Text> context) {
    calls.incrementAndGet();
    String value = request.getValue();
    if (value.startsWith("abort:")) {
      String[] parts = value.split(":", 3);
      return Mono.fromCallable(
          () -> {
            throw context.abort(StatusCode.valueOf(parts[1]), parts[2]);
          });
    }
    if (value.equals("empty")) {
      return Mono.empty();
    }
    if (value.equals("broken")) {
      return Mono.error(new IllegalStateException("broken"));
    }
    if (value.startsWith("call:")) {
      return ReactorCalls.unaryUnary(downstream::unary, text(value.substring(5)));
    }
    return Mono.just(request);
  }

  Flux<Text> count(Text request, ServicerContext<Text, Text> context) {
    calls.incrementAndGet();
    if (request.getValue().equals("abort")) {
      throw context.abort(StatusCode.PERMISSION_DENIED, "not at all");
    }
    String[] parts = request.getValue().split(":");
    Flux<Text> messages =
        Flux.range(0, Integer.parseInt(parts[0]))
            .map(i -> text(message(i)))
            .doOnNext(m -> pulled.incrementAndGet())
            .doOnCancel(() -> responsesCancelled.complete(null));
    if (parts.length > 1) {
      return messages.concatWith(
          Mono.fromCallable(
              () -> {
                throw context.abort(StatusCode.PERMISSION_DENIED, "no more");
              }));
    }
    return messages;
  }

  Mono<Text> join(Flux<Text> requests, ServicerContext<Text, Text> context) {
    calls.incrementAndGet();
    return watched(requests)
        .map(Text::getValue)
        .collect(Collectors.joining(","))
        .map(ReactorEcho::text);
  }

  Flux<Text> each(Flux<Text> requests, ServicerContext<Text, Text> context) {
    calls.incrementAndGet();
    return watched(requests);
  }

  private Flux<Text> watched(Flux<Text> requests) {
    return requests
        .doOnComplete(() -> requestsEnded.complete("completed"))
        .doOnCancel(() -> requestsEnded.complete("cancelled"))
        .doOnError(failure -> requestsEnded.complete(failure.getClass().getSimpleName()));
  }

  /** How the service is served. */
  public enum Style {
    /** A generated {@code EchoAio.Servicer}. */
    SERVICER,
    /** {@link ReactorHandlers}' factories, one per method. */
    HANDLERS
  }

  public ServiceRpcHandler handler(Style style) {
    return switch (style) {
      case SERVICER -> EchoAio.handler(new Servicer());
      case HANDLERS ->
          ServiceRpcHandler.of(
              EchoAio.getServiceDescriptor(),
              Map.of(
                  "Unary", ReactorHandlers.unaryUnary(EchoGrpc.getUnaryMethod(), this::unary),
                  "Count", ReactorHandlers.unaryStream(EchoGrpc.getCountMethod(), this::count),
                  "Join", ReactorHandlers.streamUnary(EchoGrpc.getJoinMethod(), this::join),
                  "Each", ReactorHandlers.streamStream(EchoGrpc.getEachMethod(), this::each)));
    };
  }

  /** The generated servicer, each method bridged from the Reactor function. */
  private final class Servicer implements EchoAio.Servicer {
    @Override
    public CompletionStage<Text> unary(Text request, ServicerContext<Text, Text> context) {
      return ReactorHandlers.respond(ReactorEcho.this.unary(request, context), context);
    }

    @Override
    public CompletionStage<?> count(Text request, ServicerContext<Text, Text> context) {
      return ReactorHandlers.writeAll(ReactorEcho.this.count(request, context), context);
    }

    @Override
    public CompletionStage<Text> join(
        Flow.Publisher<Text> requests, ServicerContext<Text, Text> context) {
      return ReactorHandlers.respond(
          ReactorEcho.this.join(ReactorHandlers.requests(requests), context), context);
    }

    @Override
    public CompletionStage<?> each(
        Flow.Publisher<Text> requests, ServicerContext<Text, Text> context) {
      return ReactorHandlers.writeAll(
          ReactorEcho.this.each(ReactorHandlers.requests(requests), context), context);
    }
  }
}
