package io.github.grpcaio.examples.microservices;

import io.github.grpcaio.HandlerCallDetails;
import io.github.grpcaio.RpcMethodHandler;
import io.github.grpcaio.ServerInterceptor;
import io.github.grpcaio.examples.interceptors.RequestIdClientInterceptor;
import io.grpc.MethodDescriptor;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Puts the {@code request_id} of each RPC into SLF4J's {@link MDC} while its handler runs, so that
 * every line the handler logs carries it (Logback's JSON encoder writes the MDC as {@code "mdc":
 * {"request_id": …}}), and logs the start and the end of each RPC with it. The id comes from the
 * invocation metadata ({@link RequestIdClientInterceptor#KEY}); an RPC without one gets a new UUID.
 *
 * <p>The MDC is thread-local, so it holds only while the handler's code runs on the thread that
 * called it: the interceptor sets it around that call and removes it after. A handler that goes on
 * in a stage on another thread must put the id back itself ({@code MDC.put(MDC_KEY, id)}); the
 * end-of-RPC line, which runs in a done callback on the server's executor, does so.
 *
 * <p>Only unary-unary handlers are wrapped (the example's services have no streams); the others
 * pass through unchanged. For all six kinds see {@code interceptors.RequestIdServerInterceptor}.
 */
public final class MdcRequestIdServerInterceptor implements ServerInterceptor {

  /** The MDC key of the request id (the same name as the metadata key). */
  public static final String MDC_KEY = RequestIdClientInterceptor.KEY;

  private static final Logger logger = LoggerFactory.getLogger(MdcRequestIdServerInterceptor.class);

  /** Creates the interceptor. */
  public MdcRequestIdServerInterceptor() {}

  @Override
  public CompletionStage<RpcMethodHandler<?, ?>> interceptService(
      Function<HandlerCallDetails, CompletionStage<RpcMethodHandler<?, ?>>> continuation,
      HandlerCallDetails details) {
    String sent = details.invocationMetadata().get(RequestIdClientInterceptor.KEY);
    String requestId = sent == null ? UUID.randomUUID().toString() : sent;
    return continuation
        .apply(details)
        .thenApply(
            handler ->
                handler == null || handler.unaryUnary() == null
                    ? handler
                    : withRequestId(handler, details.method(), requestId));
  }

  private static <Req, Resp> RpcMethodHandler<Req, Resp> withRequestId(
      RpcMethodHandler<Req, Resp> handler, String method, String requestId) {
    MethodDescriptor<Req, Resp> descriptor =
        MethodDescriptor.<Req, Resp>newBuilder()
            .setType(handler.type())
            .setFullMethodName(method.substring(1)) // without the leading '/'
            .setRequestMarshaller(handler.requestMarshaller())
            .setResponseMarshaller(handler.responseMarshaller())
            .build();
    return RpcMethodHandler.unaryUnary(
        descriptor,
        (request, context) -> {
          long start = System.nanoTime();
          MDC.put(MDC_KEY, requestId);
          try {
            logger.info("rpc {} started by {}", method, context.peer());
            context.addDoneCallback(
                done -> {
                  MDC.put(MDC_KEY, requestId);
                  try {
                    logger.info(
                        "rpc {} ended{} after {} us",
                        method,
                        done.cancelled() ? " (cancelled)" : "",
                        (System.nanoTime() - start) / 1_000);
                  } finally {
                    MDC.remove(MDC_KEY);
                  }
                });
            return handler.unaryUnary().handle(request, context);
          } finally {
            MDC.remove(MDC_KEY);
          }
        });
  }
}
