package io.github.grpcaio.examples.microservices;

import io.github.grpcaio.HandlerCallDetails;
import io.github.grpcaio.RpcMethodHandler;
import io.github.grpcaio.ServerInterceptor;
import io.github.grpcaio.ServicerContext;
import io.github.grpcaio.examples.interceptors.RequestIdClientInterceptor;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Puts the {@code request_id} of each RPC, and the id of its trace, into SLF4J's {@link MDC} for
 * the whole RPC, so that every line its handler logs carries them (Logback's JSON encoder writes
 * the MDC as {@code "mdc": {"request_id": …, "trace_id": …}}), and logs the start and the end of
 * each RPC. The id comes from the invocation metadata ({@link RequestIdClientInterceptor#KEY}); an
 * RPC without one gets a new UUID.
 *
 * <p>The server must carry the MDC with {@code contextPropagators(List.of(MdcPropagator.INSTANCE,
 * ...))} (as {@link NameServer} does): the entries put here, where the interceptor hands the RPC
 * on, are then current in the handler, in the stages it chains and in its done callbacks, on
 * whatever thread, and the server's threads get their own MDC back after each piece of work.
 * Without it, they would stay on the interceptor's thread. {@link RpcMethodHandler#onStart} adds
 * the start and end lines to every kind of handler.
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
    MDC.put(MDC_KEY, sent == null ? UUID.randomUUID().toString() : sent);
    Telemetry.traceIdIntoMdc(); // the server span, when the server is traced
    return continuation
        .apply(details)
        .thenApply(h -> h == null ? null : h.onStart(c -> logStartAndEnd(c, details.method())));
  }

  private static void logStartAndEnd(ServicerContext<?, ?> context, String method) {
    long start = System.nanoTime();
    logger.info("rpc {} started by {}", method, context.peer());
    context.addDoneCallback(
        done ->
            logger.info(
                "rpc {} ended{} after {} us",
                method,
                done.cancelled() ? " (cancelled)" : "",
                (System.nanoTime() - start) / 1_000));
  }
}
