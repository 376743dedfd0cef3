package io.github.grpcaio.examples.interceptors;

import io.github.grpcaio.HandlerCallDetails;
import io.github.grpcaio.Metadata;
import io.github.grpcaio.RpcMethodHandler;
import io.github.grpcaio.ServerInterceptor;
import io.github.grpcaio.ServicerContext;
import io.grpc.MethodDescriptor;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Reads {@code request_id} from the invocation metadata and makes it the logging context of the
 * RPC: {@link #log} prefixes every line of that RPC with it, the interceptor logs the start and end
 * of each RPC, and the id goes back to the client in the trailing metadata.
 *
 * <p>No thread-local: handlers may run on any thread and hop between threads, so the id is bound to
 * the RPC's {@link ServicerContext} (by wrapping the handler the lookup found) and dropped when the
 * RPC ends. An RPC without an id logs {@code request_id=-}.
 */
public final class RequestIdServerInterceptor implements ServerInterceptor {

  private final Consumer<String> sink;
  private final Map<ServicerContext<?, ?>, String> ids = new ConcurrentHashMap<>();

  /**
   * Creates the interceptor.
   *
   * @param sink where log lines go, e.g. {@code java.util.logging.Logger::info}
   */
  public RequestIdServerInterceptor(Consumer<String> sink) {
    this.sink = sink;
  }

  @Override
  public CompletionStage<RpcMethodHandler<?, ?>> interceptService(
      Function<HandlerCallDetails, CompletionStage<RpcMethodHandler<?, ?>>> continuation,
      HandlerCallDetails details) {
    String id = details.invocationMetadata().get(RequestIdClientInterceptor.KEY);
    String requestId = id == null ? "-" : id;
    return continuation
        .apply(details)
        .thenApply(handler -> handler == null ? null : bound(handler, details.method(), requestId));
  }

  /**
   * Logs a line of an RPC, prefixed with its request id.
   *
   * @param context the RPC's context
   * @param message the line
   */
  public void log(ServicerContext<?, ?> context, String message) {
    sink.accept("[request_id=" + ids.getOrDefault(context, "-") + "] " + message);
  }

  private void begin(ServicerContext<?, ?> context, String method, String requestId) {
    ids.put(context, requestId);
    context.setTrailingMetadata(Metadata.of(RequestIdClientInterceptor.KEY, requestId));
    log(context, "start " + method);
    context.addDoneCallback(
        done -> {
          log(done, "end " + method);
          ids.remove(done);
        });
  }

  /** The same handler, binding the request id to the context before the behaviour runs. */
  private <Req, Resp> RpcMethodHandler<Req, Resp> bound(
      RpcMethodHandler<Req, Resp> h, String method, String requestId) {
    MethodDescriptor<Req, Resp> descriptor =
        MethodDescriptor.<Req, Resp>newBuilder()
            .setType(h.type())
            .setFullMethodName(method.substring(1))
            .setRequestMarshaller(h.requestMarshaller())
            .setResponseMarshaller(h.responseMarshaller())
            .build();
    if (h.unaryUnary() != null) {
      return RpcMethodHandler.unaryUnary(
          descriptor,
          (request, context) -> {
            begin(context, method, requestId);
            return h.unaryUnary().handle(request, context);
          });
    } else if (h.unaryStream() != null) {
      return RpcMethodHandler.unaryStream(
          descriptor,
          (request, context) -> {
            begin(context, method, requestId);
            return h.unaryStream().handle(request, context);
          });
    } else if (h.unaryStreamWriter() != null) {
      return RpcMethodHandler.unaryStreamWriter(
          descriptor,
          (request, context) -> {
            begin(context, method, requestId);
            return h.unaryStreamWriter().handle(request, context);
          });
    } else if (h.streamUnary() != null) {
      return RpcMethodHandler.streamUnary(
          descriptor,
          (requests, context) -> {
            begin(context, method, requestId);
            return h.streamUnary().handle(requests, context);
          });
    } else if (h.streamStream() != null) {
      return RpcMethodHandler.streamStream(
          descriptor,
          (requests, context) -> {
            begin(context, method, requestId);
            return h.streamStream().handle(requests, context);
          });
    } else {
      return RpcMethodHandler.streamStreamWriter(
          descriptor,
          (requests, context) -> {
            begin(context, method, requestId);
            return h.streamStreamWriter().handle(requests, context);
          });
    }
  }
}
