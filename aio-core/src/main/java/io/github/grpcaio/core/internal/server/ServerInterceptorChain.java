package io.github.grpcaio.core.internal.server;

import io.github.grpcaio.GenericRpcHandler;
import io.github.grpcaio.HandlerCallDetails;
import io.github.grpcaio.RpcMethodHandler;
import io.github.grpcaio.ServerInterceptor;
import io.github.grpcaio.core.internal.RpcScope;
import io.grpc.Context;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Runs a server's interceptors around its handler lookup, in order: each is given a continuation to
 * the rest of the chain, the last of which asks the generic handlers. What an interceptor does
 * wrong becomes a failed stage (the RPC then ends with {@code UNKNOWN "Unexpected <class>:
 * <message>"}): a thrown exception, a failed stage, or a null stage ({@link NullPointerException}
 * naming the interceptor). A stage completing with null means no handler ({@code UNIMPLEMENTED}).
 */
final class ServerInterceptorChain {

  private ServerInterceptorChain() {}

  /** Gets the outcome of a handler lookup. */
  @FunctionalInterface
  interface Outcome {
    /**
     * Takes the outcome.
     *
     * @param handler the handler, null for none or on failure
     * @param handedOver the context the interceptors handed the RPC over in (see {@link
     *     #findHandler}), null without interceptors or if the chain never reached the handlers
     * @param error what failed, or null
     */
    void accept(RpcMethodHandler<?, ?> handler, RpcScope handedOver, Throwable error);
  }

  /**
   * Finds the handler of one RPC: asks the host's generic handlers, through its interceptors if it
   * has any. Called on the RPC's context, so interceptors start in the RPC's scope (its {@code
   * io.grpc.Context}, whose deadline and cancellation a call they make inherits, and the propagated
   * values); generic handlers run in the scope current where the chain reached them.
   *
   * <p>That scope is captured when the last interceptor calls its continuation, on whatever thread
   * it calls it, and the RPC goes on in it: a value an interceptor made current there (an MDC
   * entry, an {@code io.grpc.Context} with a value of its own) reaches the handler and the
   * callbacks. On a thread without any {@code io.grpc.Context} (the root one), the RPC's own is
   * kept.
   *
   * @param grpcContext the RPC's {@code io.grpc.Context}
   * @param context the RPC's context
   * @param then gets the outcome: on the calling thread without interceptors, else on {@code
   *     context} once the chain has completed
   */
  static void findHandler(
      RpcHost host,
      Context grpcContext,
      HandlerCallDetails details,
      Executor context,
      Outcome then) {
    List<ServerInterceptor> interceptors = host.interceptors();
    if (!interceptors.isEmpty()) {
      AtomicReference<RpcScope> handedOver = new AtomicReference<>();
      CompletionStage<RpcMethodHandler<?, ?>> stage =
          lookup(
              interceptors,
              details,
              d -> {
                RpcScope scope = handOver(host, grpcContext);
                handedOver.set(scope);
                RpcScope.Attachment attached = scope.attach();
                try {
                  return askHandlers(host, d);
                } finally {
                  attached.close();
                }
              });
      stage.whenComplete(
          (found, error) -> context.execute(() -> then.accept(found, handedOver.get(), error)));
      return;
    }
    RpcMethodHandler<?, ?> found;
    try {
      found = askHandlers(host, details);
    } catch (Throwable t) {
      then.accept(null, null, t);
      return;
    }
    then.accept(found, null, null);
  }

  /** The calling thread's context, where the interceptors hand the RPC over to the handlers. */
  private static RpcScope handOver(RpcHost host, Context grpcContext) {
    RpcScope scope = RpcScope.capture(host.contextPropagators());
    return scope.grpcContext() == Context.ROOT ? scope.withGrpcContext(grpcContext) : scope;
  }

  /** Asks the generic handlers, in order, in the calling thread's context. */
  private static RpcMethodHandler<?, ?> askHandlers(RpcHost host, HandlerCallDetails details) {
    List<GenericRpcHandler> handlers = host.handlers();
    // By index: the server's list only ever grows, and an iterator per call is garbage per call.
    for (int i = 0, n = handlers.size(); i < n; i++) {
      RpcMethodHandler<?, ?> found = handlers.get(i).service(details);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  /**
   * Looks the handler up through the interceptors, on the calling thread until the first
   * interceptor returns.
   *
   * @param interceptors the server's interceptors, in order
   * @param details the method and invocation metadata
   * @param handlers asks the generic handlers; null for none
   * @return a stage completing with the handler, with null for none, or exceptionally
   */
  static CompletionStage<RpcMethodHandler<?, ?>> lookup(
      List<ServerInterceptor> interceptors,
      HandlerCallDetails details,
      Function<HandlerCallDetails, RpcMethodHandler<?, ?>> handlers) {
    Function<HandlerCallDetails, CompletionStage<RpcMethodHandler<?, ?>>> next =
        d -> {
          try {
            return CompletableFuture.completedFuture(handlers.apply(d));
          } catch (Throwable t) {
            return CompletableFuture.failedFuture(t);
          }
        };
    for (int i = interceptors.size() - 1; i >= 0; i--) {
      next = around(interceptors.get(i), next);
    }
    return next.apply(details);
  }

  private static Function<HandlerCallDetails, CompletionStage<RpcMethodHandler<?, ?>>> around(
      ServerInterceptor interceptor,
      Function<HandlerCallDetails, CompletionStage<RpcMethodHandler<?, ?>>> next) {
    return details -> {
      CompletionStage<RpcMethodHandler<?, ?>> stage;
      try {
        stage = interceptor.interceptService(next, details);
      } catch (Throwable t) {
        return CompletableFuture.failedFuture(t);
      }
      if (stage == null) {
        return CompletableFuture.failedFuture(
            new NullPointerException(
                "Server interceptor " + interceptor.getClass().getName() + " returned null"));
      }
      return stage;
    };
  }
}
