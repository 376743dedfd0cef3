package io.github.grpcaio.mutiny;

import io.github.grpcaio.ServiceRpcHandler;
import io.github.grpcaio.ServicerContext;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.mutiny.proto.EchoAio;
import io.github.grpcaio.mutiny.proto.EchoGrpc;
import io.github.grpcaio.mutiny.proto.Text;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * The test service written with Mutiny, served either as a generated servicer (through {@link
 * MutinyHandlers#respond} and {@link MutinyHandlers#writeAll}) or through the handler factories:
 * the same functions both ways. It counts what the server pulled from its response publishers and
 * notes their cancellation.
 *
 * <ul>
 *   <li>{@code Unary}: echoes; {@code "abort:CODE:details"} aborts with that status; {@code
 *       "empty"} completes empty, {@code "broken"} fails with an {@code IllegalStateException};
 *       {@code "call:TEXT"} returns the Uni of a nested call of {@code Unary} with TEXT on {@link
 *       #downstream}.
 *   <li>{@code Count}: {@code "n"} streams n ~1 KiB messages "i:xxx..."; {@code "n:abort"} aborts
 *       with {@code PERMISSION_DENIED} after them; {@code "abort"} aborts at once.
 *   <li>{@code Join}: the requests' values joined with commas.
 *   <li>{@code Each}: each request echoed.
 * </ul>
 */
public final class MutinyEcho {

  /** Payload of each {@code Count} message. */
  static final int MESSAGE_SIZE = 1024;

  final AtomicInteger calls = new AtomicInteger();
  final AtomicLong pulled = new AtomicLong();
  final CompletableFuture<Void> responsesCancelled = new CompletableFuture<>();

  /** How the last request stream ended: "completed", "cancelled" or its failure's simple name. */
  final CompletableFuture<String> requestsEnded = new CompletableFuture<>();

  volatile EchoAio.Stub downstream;

  public static Text text(String value) {
    return Text.newBuilder().setValue(value).build();
  }

  static String message(long index) {
    String prefix = index + ":";
    return prefix + "x".repeat(MESSAGE_SIZE - prefix.length());
  }

  Uni<Text> unary(Text request, ServicerContext<Text, Text> context) {
    calls.incrementAndGet();
    String value = request.getValue();
    if (value.startsWith("abort:")) {
      String[] parts = value.split(":", 3);
      return Uni.createFrom()
          .item(
              () -> {
                throw context.abort(StatusCode.valueOf(parts[1]), parts[2]);
              });
    }
    if (value.equals("empty")) {
      return Uni.createFrom().nullItem();
    }
    if (value.equals("broken")) {
      return Uni.createFrom().failure(new IllegalStateException("broken"));
    }
    if (value.startsWith("call:")) {
      return MutinyCalls.unaryUnary(downstream::unary, text(value.substring(5)));
    }
    return Uni.createFrom().item(request);
  }

  Multi<Text> count(Text request, ServicerContext<Text, Text> context) {
    calls.incrementAndGet();
    if (request.getValue().equals("abort")) {
      throw context.abort(StatusCode.PERMISSION_DENIED, "not at all");
    }
    String[] parts = request.getValue().split(":");
    Multi<Text> messages =
        Multi.createFrom()
            .range(0, Integer.parseInt(parts[0]))
            .map(i -> text(message(i)))
            .onItem()
            .invoke(m -> pulled.incrementAndGet())
            .onCancellation()
            .invoke(() -> responsesCancelled.complete(null));
    if (parts.length > 1) {
      Multi<Text> abort =
          Uni.createFrom()
              .<Text>item(
                  () -> {
                    throw context.abort(StatusCode.PERMISSION_DENIED, "no more");
                  })
              .toMulti();
      return Multi.createBy().concatenating().streams(messages, abort);
    }
    return messages;
  }

  Uni<Text> join(Multi<Text> requests, ServicerContext<Text, Text> context) {
    calls.incrementAndGet();
    return watched(requests)
        .map(Text::getValue)
        .collect()
        .with(Collectors.joining(","))
        .map(MutinyEcho::text);
  }

  Multi<Text> each(Multi<Text> requests, ServicerContext<Text, Text> context) {
    calls.incrementAndGet();
    return watched(requests);
  }

  private Multi<Text> watched(Multi<Text> requests) {
    return requests
        .onTermination()
        .invoke(
            (failure, cancelled) ->
                requestsEnded.complete(
                    cancelled
                        ? "cancelled"
                        : failure == null ? "completed" : failure.getClass().getSimpleName()));
  }

  /** How the service is served. */
  public enum Style {
    /** A generated {@code EchoAio.Servicer}. */
    SERVICER,
    /** {@link MutinyHandlers}' factories, one per method. */
    HANDLERS
  }

  public ServiceRpcHandler handler(Style style) {
    return switch (style) {
      case SERVICER -> EchoAio.handler(new Servicer());
      case HANDLERS ->
          ServiceRpcHandler.of(
              EchoAio.getServiceDescriptor(),
              Map.of(
                  "Unary", MutinyHandlers.unaryUnary(EchoGrpc.getUnaryMethod(), this::unary),
                  "Count", MutinyHandlers.unaryStream(EchoGrpc.getCountMethod(), this::count),
                  "Join", MutinyHandlers.streamUnary(EchoGrpc.getJoinMethod(), this::join),
                  "Each", MutinyHandlers.streamStream(EchoGrpc.getEachMethod(), this::each)));
    };
  }

  /** The generated servicer, each method bridged from the Mutiny function. */
  private final class Servicer implements EchoAio.Servicer {
    @Override
    public CompletionStage<Text> unary(Text request, ServicerContext<Text, Text> context) {
      return MutinyHandlers.respond(MutinyEcho.this.unary(request, context), context);
    }

    @Override
    public CompletionStage<?> count(Text request, ServicerContext<Text, Text> context) {
      return MutinyHandlers.writeAll(MutinyEcho.this.count(request, context), context);
    }

    @Override
    public CompletionStage<Text> join(
        Flow.Publisher<Text> requests, ServicerContext<Text, Text> context) {
      return MutinyHandlers.respond(
          MutinyEcho.this.join(MutinyHandlers.requests(requests), context), context);
    }

    @Override
    public CompletionStage<?> each(
        Flow.Publisher<Text> requests, ServicerContext<Text, Text> context) {
      return MutinyHandlers.writeAll(
          MutinyEcho.this.each(MutinyHandlers.requests(requests), context), context);
    }
  }
}
