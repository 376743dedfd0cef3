package io.github.grpcaio.core.internal.server;

import io.github.grpcaio.core.internal.stream.InboundStream;
import io.github.grpcaio.core.internal.stream.OutboundStream;
import io.github.grpcaio.core.internal.stream.WriteQueue;
import java.util.concurrent.Executor;

/**
 * The streams of one server RPC, made when its handler is bound, as its {@link HandlerShape} asks:
 * the request stream of a request-streaming handler, the response stream the transport pulls for a
 * response-streaming one, and the write queue behind {@code write()} feeding it for a writer. A
 * unary-unary RPC has none ({@link #none()}, shared). Immutable; the streams themselves hop onto
 * the RPC's context.
 *
 * @param <Req> the request type
 * @param <Resp> the response type
 */
final class ServerStreams<Req, Resp> {

  private static final ServerStreams<?, ?> NONE = new ServerStreams<>(null, null, null);

  /** The message of a {@code context.write()} once the handler's returned stage has completed. */
  static final String HANDLER_FINISHED =
      "write() after the handler finished: its returned stage has completed, so the RPC's status"
          + " follows the responses already written and no more can be sent";

  /** The requests, or null: the handler gets one request. */
  final InboundStream<Req> requests;

  /** The responses, or null: the handler sends one response. */
  final OutboundStream<Resp> responses;

  /** The write queue feeding {@link #responses}, or null: {@code write()} is not allowed. */
  final WriteQueue<Resp> writes;

  private ServerStreams(
      InboundStream<Req> requests, OutboundStream<Resp> responses, WriteQueue<Resp> writes) {
    this.requests = requests;
    this.responses = responses;
    this.writes = writes;
  }

  /** No streams: before the handler is bound, and for a unary-unary handler. */
  @SuppressWarnings("unchecked")
  static <Req, Resp> ServerStreams<Req, Resp> none() {
    return (ServerStreams<Req, Resp>) NONE;
  }

  /**
   * Makes the streams {@code shape} needs. The request stream holds its subscriber until the
   * handler has returned ({@link InboundStream#releaseSubscriber}).
   *
   * @param context the RPC's context
   * @param port where request demand goes and responses come out: the grpc-java call
   */
  static <Req, Resp, P extends InboundStream.Source & OutboundStream.Sink<Resp>>
      ServerStreams<Req, Resp> of(HandlerShape shape, Executor context, P port) {
    OutboundStream<Resp> responses = null;
    WriteQueue<Resp> writes = null;
    if (shape.responseStreaming) {
      responses = new OutboundStream<>(context, port);
      if (shape.writer) {
        writes = new WriteQueue<>(context, HANDLER_FINISHED);
        writes.subscribe(responses);
      }
    }
    InboundStream<Req> requests = null;
    if (shape.requestStreaming) {
      requests = new InboundStream<>(context, port);
      requests.holdSubscriber();
    }
    return new ServerStreams<>(requests, responses, writes);
  }

  /** Whether there is any stream to end. */
  boolean any() {
    return requests != null || responses != null || writes != null;
  }

  /** Ends every stream: the RPC has ended for {@code reason}. On the context. */
  void end(Throwable reason) {
    if (responses != null) {
      responses.cancel();
    }
    if (writes != null) {
      writes.abort(reason);
    }
    if (requests != null) {
      requests.fail(reason);
    }
  }
}
