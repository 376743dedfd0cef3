package io.github.grpcaio.opentelemetry;

import io.github.grpcaio.Deserializer;
import io.github.grpcaio.GenericRpcHandler;
import io.github.grpcaio.RpcMethodHandler;
import io.github.grpcaio.Serializer;
import io.github.grpcaio.ServiceRpcHandler;
import io.github.grpcaio.ServicerContext;
import io.github.grpcaio.opentelemetry.proto.Note;
import io.github.grpcaio.opentelemetry.proto.NotesAio;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.function.Supplier;

/**
 * The services of the tests, each with one method of every RPC kind that echoes what it reads: the
 * generated {@code aio.otel.Notes}, the registered generic {@code test.Generic}, and {@code
 * test.Unregistered}, which only a plain generic handler answers.
 */
final class NotesServices {

  static final String GENERIC = "test.Generic";
  static final String UNREGISTERED = "test.Unregistered";
  static final List<String> METHODS = List.of("Unary", "ServerStream", "ClientStream", "Bidi");

  private NotesServices() {}

  /** The generated service. */
  static final class Notes implements NotesAio.Servicer {
    @Override
    public CompletionStage<Note> unary(Note request, ServicerContext<Note, Note> context) {
      return CompletableFuture.completedFuture(request);
    }

    @Override
    public CompletionStage<?> serverStream(Note request, ServicerContext<Note, Note> context) {
      return context.write(request);
    }

    @Override
    public CompletionStage<Note> clientStream(
        Flow.Publisher<Note> requests, ServicerContext<Note, Note> context) {
      return readAll(context::read).thenApply(all -> all.get(all.size() - 1));
    }

    @Override
    public CompletionStage<?> bidi(
        Flow.Publisher<Note> requests, ServicerContext<Note, Note> context) {
      return readAll(context::read).thenCompose(all -> context.write(all.get(0)));
    }
  }

  /**
   * {@code test.Generic}: the four kinds on bytes, registered with {@code ServiceRpcHandler.of}.
   */
  static ServiceRpcHandler generic() {
    Deserializer<byte[]> in = Deserializer.bytes();
    Serializer<byte[]> out = Serializer.bytes();
    return ServiceRpcHandler.of(
        GENERIC,
        Map.of(
            "Unary",
            RpcMethodHandler.unaryUnary(
                (byte[] request, ServicerContext<byte[], byte[]> context) ->
                    CompletableFuture.completedFuture(request),
                in,
                out),
            "ServerStream",
            RpcMethodHandler.unaryStreamWriter(
                (byte[] request, ServicerContext<byte[], byte[]> context) -> context.write(request),
                in,
                out),
            "ClientStream",
            RpcMethodHandler.streamUnary(
                (Flow.Publisher<byte[]> requests, ServicerContext<byte[], byte[]> context) ->
                    readAll(context::read).thenApply(all -> all.get(0)),
                in,
                out),
            "Bidi",
            RpcMethodHandler.streamStreamWriter(
                (Flow.Publisher<byte[]> requests, ServicerContext<byte[], byte[]> context) ->
                    readAll(context::read).thenCompose(all -> context.write(all.get(0))),
                in,
                out)));
  }

  /** Answers {@code /test.Unregistered/Unary}, and nothing else, without declaring it. */
  static GenericRpcHandler unregistered() {
    RpcMethodHandler<byte[], byte[]> echo =
        RpcMethodHandler.unaryUnary(
            (byte[] request, ServicerContext<byte[], byte[]> context) ->
                CompletableFuture.completedFuture(request),
            Deserializer.bytes(),
            Serializer.bytes());
    return details -> details.method().equals("/" + UNREGISTERED + "/Unary") ? echo : null;
  }

  /** Reads until the end of the stream. */
  static <T> CompletableFuture<List<T>> readAll(Supplier<CompletableFuture<Optional<T>>> read) {
    List<T> all = new ArrayList<>();
    return readInto(read, all).thenApply(done -> all);
  }

  private static <T> CompletableFuture<Void> readInto(
      Supplier<CompletableFuture<Optional<T>>> read, List<T> into) {
    return read.get()
        .thenCompose(
            next -> {
              if (next.isEmpty()) {
                return CompletableFuture.completedFuture(null);
              }
              into.add(next.get());
              return readInto(read, into);
            });
  }
}
