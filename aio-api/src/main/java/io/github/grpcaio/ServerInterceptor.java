package io.github.grpcaio;

import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Intercepts incoming RPCs before their handler is chosen, as Python's {@code
 * grpc.aio.ServerInterceptor}. Install with {@link ServerOptions.Builder#interceptors}; they run in
 * order, each given a continuation to the rest of the chain (the last continuation asks the generic
 * handlers).
 *
 * <p>The lookup is asynchronous: nothing is read from the client until the stage completes. An
 * interceptor that throws or whose stage fails ends the RPC with {@code UNKNOWN} and details {@code
 * "Unexpected <class>: <message>"}; one that returns a null stage likewise, with a {@link
 * NullPointerException} naming it.
 *
 * <p>Interceptors run, like handlers, with the RPC's {@code io.grpc.Context} current (the RPC's
 * deadline, cancelled when the RPC ends): a call an interceptor makes on that thread (an auth
 * lookup in another service) inherits the RPC's deadline and is cancelled with it.
 */
@FunctionalInterface
public interface ServerInterceptor {

  /**
   * Intercepts the handler lookup of one RPC. May read the method and invocation metadata, return
   * the continuation's handler, a wrapping handler, another handler, or null (the RPC then ends
   * with {@code UNIMPLEMENTED}). To reject an RPC with a status of your choice, abort before the
   * handler runs:
   *
   * <pre>{@code
   * if (!authorized(details.invocationMetadata())) {
   *   return continuation.apply(details).thenApply(handler -> handler == null ? null
   *       : handler.onStart(context -> {
   *           throw context.abort(StatusCode.UNAUTHENTICATED, "no valid token");
   *         }));
   * }
   * return continuation.apply(details);
   * }</pre>
   *
   * @param continuation looks the handler up through the rest of the chain
   * @param details the method name and invocation metadata
   * @return a stage completing with the handler, or with null
   */
  CompletionStage<RpcMethodHandler<?, ?>> interceptService(
      Function<HandlerCallDetails, CompletionStage<RpcMethodHandler<?, ?>>> continuation,
      HandlerCallDetails details);
}
