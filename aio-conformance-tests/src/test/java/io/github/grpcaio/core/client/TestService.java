package io.github.grpcaio.core.client;

import static io.github.grpcaio.testkit.Utf8.DESERIALIZER;
import static io.github.grpcaio.testkit.Utf8.SERIALIZER;

import io.github.grpcaio.GenericRpcHandler;
import io.github.grpcaio.RpcMethodHandler;
import io.github.grpcaio.ServiceRpcHandler;
import io.github.grpcaio.ServicerContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A test service with String messages that serves one {@link Behavior} for each of the four kinds
 * of RPC, at {@link RpcKind#method()}, so that a client test can state what the server does once
 * and run it against every kind.
 *
 * <p>The behavior sees the first request (for a request stream, the server reads it first) and
 * replies with {@link ServerSide#reply}: the single response of a unary-response kind, or one more
 * message of a response stream. The RPC ends when the stage returned by the behavior completes,
 * with the context's status (OK unless set or aborted).
 */
final class TestService {

  static final String NAME = "test.Service";

  private TestService() {}

  /** What the server does with one RPC, whatever its kind. */
  @FunctionalInterface
  interface Behavior {
    /**
     * Handles one RPC.
     *
     * @param rpc the RPC
     * @return a stage completing when the handler is done (never, to hang)
     */
    CompletionStage<?> handle(ServerSide rpc) throws Exception;
  }

  /** One RPC as a {@link Behavior} sees it. */
  static final class ServerSide {
    private final RpcKind kind;
    private final String request;
    private final ServicerContext<String, String> context;
    private volatile String response;

    private ServerSide(RpcKind kind, String request, ServicerContext<String, String> context) {
      this.kind = kind;
      this.request = request;
      this.context = context;
    }

    RpcKind kind() {
      return kind;
    }

    /** The request, or the first of a request stream (null if the client sent none). */
    String request() {
      return request;
    }

    ServicerContext<String, String> context() {
      return context;
    }

    /**
     * Reads the rest of a request stream.
     *
     * @return a future completing with every request, the first included, once the client
     *     half-closed
     */
    CompletableFuture<List<String>> readAll() {
      List<String> all = new ArrayList<>();
      if (request != null) {
        all.add(request);
      }
      if (!kind.streamingRequest() || request == null) {
        return CompletableFuture.completedFuture(all);
      }
      return readRest(all);
    }

    private CompletableFuture<List<String>> readRest(List<String> all) {
      return context
          .read()
          .thenCompose(
              next -> {
                if (next.isEmpty()) {
                  return CompletableFuture.completedFuture(all);
                }
                all.add(next.get());
                return readRest(all);
              });
    }

    /**
     * Replies with every message: one by one on a response stream, joined by commas for a unary
     * response.
     */
    CompletableFuture<Void> replyAll(List<String> messages) {
      if (!kind.streamingResponse()) {
        return reply(String.join(",", messages));
      }
      CompletableFuture<Void> sent = CompletableFuture.completedFuture(null);
      for (String message : messages) {
        sent = sent.thenCompose(ignored -> reply(message));
      }
      return sent;
    }

    /**
     * Sends a message: the response of a unary-response RPC (sent when the behavior's stage
     * completes), or the next message of a response stream (sent now).
     *
     * @return a future completing when the message was handed to the transport (at once for a unary
     *     response)
     */
    CompletableFuture<Void> reply(String message) {
      if (kind.streamingResponse()) {
        return context.write(message);
      }
      if (response != null) {
        throw new IllegalStateException("A unary response was already given");
      }
      response = message;
      return CompletableFuture.completedFuture(null);
    }
  }

  /** Serves {@code behavior} at the methods of all four kinds. */
  static GenericRpcHandler serving(Behavior behavior) {
    return ServiceRpcHandler.of(
        NAME,
        Map.of(
            RpcKind.UNARY_UNARY.methodName(),
            RpcMethodHandler.<String, String>unaryUnary(
                (request, context) -> {
                  ServerSide rpc = new ServerSide(RpcKind.UNARY_UNARY, request, context);
                  return run(behavior, rpc).thenApply(ignored -> rpc.response);
                },
                DESERIALIZER,
                SERIALIZER),
            RpcKind.UNARY_STREAM.methodName(),
            RpcMethodHandler.<String, String>unaryStreamWriter(
                (request, context) ->
                    run(behavior, new ServerSide(RpcKind.UNARY_STREAM, request, context)),
                DESERIALIZER,
                SERIALIZER),
            RpcKind.STREAM_UNARY.methodName(),
            RpcMethodHandler.<String, String>streamUnary(
                (requests, context) ->
                    context
                        .read()
                        .thenCompose(
                            first -> {
                              ServerSide rpc =
                                  new ServerSide(RpcKind.STREAM_UNARY, orNull(first), context);
                              return run(behavior, rpc).thenApply(ignored -> rpc.response);
                            }),
                DESERIALIZER,
                SERIALIZER),
            RpcKind.STREAM_STREAM.methodName(),
            RpcMethodHandler.<String, String>streamStreamWriter(
                (requests, context) ->
                    context
                        .read()
                        .thenCompose(
                            first ->
                                run(
                                    behavior,
                                    new ServerSide(RpcKind.STREAM_STREAM, orNull(first), context))),
                DESERIALIZER,
                SERIALIZER)));
  }

  private static CompletableFuture<Object> run(Behavior behavior, ServerSide rpc) {
    try {
      return behavior.handle(rpc).toCompletableFuture().thenApply(x -> x);
    } catch (Exception e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private static String orNull(Optional<String> message) {
    return message.orElse(null);
  }
}
