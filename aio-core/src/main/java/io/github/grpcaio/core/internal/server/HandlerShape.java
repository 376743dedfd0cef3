package io.github.grpcaio.core.internal.server;

import io.github.grpcaio.RpcMethodHandler;
import io.github.grpcaio.ServicerContext;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * Which of the ten behaviors of {@link RpcMethodHandler} a server handler was made with: whether
 * requests come as one message or as a stream, whether responses come as one (a stage), as a
 * publisher the handler returns, or as {@code write()} calls until the stage it returns completes,
 * and whether the handler is blocking code (a {@code *Blocking} behavior: it returns the response
 * itself, reads from an iterator, writes until it returns, and runs on the blocking executor).
 * Found once per RPC, when its handler is bound.
 */
enum HandlerShape {
  UNARY_UNARY(false, false, false, false),
  UNARY_STREAM(false, true, false, false),
  UNARY_STREAM_WRITER(false, true, true, false),
  STREAM_UNARY(true, false, false, false),
  STREAM_STREAM(true, true, false, false),
  STREAM_STREAM_WRITER(true, true, true, false),
  UNARY_UNARY_BLOCKING(false, false, false, true),
  UNARY_STREAM_BLOCKING(false, true, true, true),
  STREAM_UNARY_BLOCKING(true, false, false, true),
  STREAM_STREAM_BLOCKING(true, true, true, true);

  /** Whether the handler gets a request stream (publisher and {@code read()}). */
  final boolean requestStreaming;

  /** Whether the handler sends a stream of responses. */
  final boolean responseStreaming;

  /** Whether the handler writes its responses with {@code write()}. */
  final boolean writer;

  /** Whether the handler is blocking code, run on the host's blocking executor if it has one. */
  final boolean blocking;

  HandlerShape(
      boolean requestStreaming, boolean responseStreaming, boolean writer, boolean blocking) {
    this.requestStreaming = requestStreaming;
    this.responseStreaming = responseStreaming;
    this.writer = writer;
    this.blocking = blocking;
  }

  /** The shape of {@code handler}: the one of its behaviors that is not null. */
  static HandlerShape of(RpcMethodHandler<?, ?> handler) {
    if (handler.unaryUnary() != null) {
      return UNARY_UNARY;
    } else if (handler.unaryStream() != null) {
      return UNARY_STREAM;
    } else if (handler.unaryStreamWriter() != null) {
      return UNARY_STREAM_WRITER;
    } else if (handler.streamUnary() != null) {
      return STREAM_UNARY;
    } else if (handler.streamStream() != null) {
      return STREAM_STREAM;
    } else if (handler.streamStreamWriter() != null) {
      return STREAM_STREAM_WRITER;
    } else if (handler.unaryUnaryBlocking() != null) {
      return UNARY_UNARY_BLOCKING;
    } else if (handler.unaryStreamBlocking() != null) {
      return UNARY_STREAM_BLOCKING;
    } else if (handler.streamUnaryBlocking() != null) {
      return STREAM_UNARY_BLOCKING;
    } else {
      return STREAM_STREAM_BLOCKING;
    }
  }

  /**
   * Calls the handler's behavior.
   *
   * @param request the one request, for a unary request side
   * @param requests the request stream, for a streaming request side
   * @return what the behavior returned: a stage for one response or for the end of writing, or a
   *     publisher of responses; for blocking code, a completed stage with its response or, for a
   *     writer, of its return
   * @throws Exception what the behavior threw
   */
  <Req, Resp> Object call(
      RpcMethodHandler<Req, Resp> handler,
      Req request,
      Flow.Publisher<Req> requests,
      ServicerContext<Req, Resp> context)
      throws Exception {
    return switch (this) {
      case UNARY_UNARY -> handler.unaryUnary().handle(request, context);
      case UNARY_STREAM -> handler.unaryStream().handle(request, context);
      case UNARY_STREAM_WRITER -> handler.unaryStreamWriter().handle(request, context);
      case STREAM_UNARY -> handler.streamUnary().handle(requests, context);
      case STREAM_STREAM -> handler.streamStream().handle(requests, context);
      case STREAM_STREAM_WRITER -> handler.streamStreamWriter().handle(requests, context);
      case UNARY_UNARY_BLOCKING ->
          CompletableFuture.completedFuture(handler.unaryUnaryBlocking().handle(request, context));
      case UNARY_STREAM_BLOCKING -> {
        handler.unaryStreamBlocking().handle(request, context);
        yield CompletableFuture.completedFuture(null);
      }
      case STREAM_UNARY_BLOCKING ->
          CompletableFuture.completedFuture(
              handler.streamUnaryBlocking().handle(context.blockingRequestIterator(), context));
      case STREAM_STREAM_BLOCKING -> {
        handler.streamStreamBlocking().handle(context.blockingRequestIterator(), context);
        yield CompletableFuture.completedFuture(null);
      }
    };
  }
}
