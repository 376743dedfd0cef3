package io.github.grpcaio.core.internal.server;

import io.github.grpcaio.RpcMethodHandler;
import io.github.grpcaio.core.internal.MessageCodec;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import java.io.InputStream;

/**
 * One method a host dispatches to aio handlers, and grpc-java's handler of its calls, which the
 * host starts as {@link ServerRpc}s: with what those calls share, the path handlers and
 * interceptors see ({@code /package.Service/Method}), made once instead of per call, and the codecs
 * of the handler that served the method last, made again only when a call finds another handler.
 * Thread-safe.
 */
final class MethodRoute implements ServerCallHandler<InputStream, InputStream> {

  /**
   * The codecs of one handler, with the limits of the host that made them.
   *
   * @param handler the handler whose marshallers they use
   * @param request decodes its requests
   * @param response encodes its responses
   * @param <Req> the request type
   * @param <Resp> the response type
   */
  record Codecs<Req, Resp>(
      RpcMethodHandler<Req, Resp> handler,
      MessageCodec<Req> request,
      MessageCodec<Resp> response) {}

  private final RpcHost host;
  private final String path;

  // The codecs of the handler bound last (usually the only one); replaced whole, so a reader sees
  // a complete record or none.
  private volatile Codecs<?, ?> last;

  /**
   * Creates the route of a method.
   *
   * @param host the server or service that serves its calls
   * @param fullMethodName its grpc-java name, {@code package.Service/Method}
   */
  MethodRoute(RpcHost host, String fullMethodName) {
    this.host = host;
    this.path = "/" + fullMethodName;
  }

  /** Starts a call of this method on the host. On the thread grpc-java starts calls on. */
  @Override
  public ServerCall.Listener<InputStream> startCall(
      ServerCall<InputStream, InputStream> call, Metadata headers) {
    return host.startCall(this, call, headers);
  }

  /** The method's path, {@code /package.Service/Method}. */
  String path() {
    return path;
  }

  /**
   * Returns the codecs of {@code handler} for calls of this method, with the host's message limits:
   * those of the last call if it had the same handler, else new ones. Any thread.
   *
   * @param handler the handler a call was bound to
   * @return its codecs
   */
  @SuppressWarnings("unchecked") // the record holds the codecs of its own handler
  <Req, Resp> Codecs<Req, Resp> codecs(RpcMethodHandler<Req, Resp> handler) {
    Codecs<?, ?> known = last;
    if (known != null && known.handler() == handler) {
      return (Codecs<Req, Resp>) known;
    }
    Codecs<Req, Resp> made =
        new Codecs<>(
            handler,
            new MessageCodec<>(
                handler.requestMarshaller(), "request", -1, host.maxReceiveMessageLength()),
            new MessageCodec<>(
                handler.responseMarshaller(), "response", host.maxSendMessageLength(), -1));
    last = made;
    return made;
  }
}
