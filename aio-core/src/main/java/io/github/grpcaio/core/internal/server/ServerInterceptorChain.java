package io.github.grpcaio.core.internal.server;

import io.github.grpcaio.GenericRpcHandler;
import io.github.grpcaio.HandlerCallDetails;
import io.github.grpcaio.RpcMethodHandler;
import io.github.grpcaio.ServerInterceptor;
import io.grpc.Context;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
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

  /**
   * Finds the handler of one RPC: asks the host's generic handlers, through its interceptors if it
   * has any. Interceptors and generic handlers run in the RPC's {@code io.grpc.Context}, as
   * handlers do, so that a call they make (an auth lookup) inherits its deadline and cancellation.
   *
   * @param grpcContext the RPC's {@code io.grpc.Context}
   * @param context the RPC's context
   * @param then gets the handler (null for none) or what failed: on the calling thread without
   *     interceptors, else on {@code context} once the chain has completed
   */
  static void findHandler(
      RpcHost host,
      Context grpcContext,
      HandlerCallDetails details,
      Executor context,
      BiConsumer<RpcMethodHandler<?, ?>, Throwable> then) {
    List<ServerInterceptor> interceptors = host.interceptors();
    if (!interceptors.isEmpty()) {
      CompletionStage<RpcMethodHandler<?, ?>> stage;
      Context previous = grpcContext.attach();
      try {
        stage = lookup(interceptors, details, d -> askHandlers(host, grpcContext, d));
      } finally {
        grpcContext.detach(previous);
      }
      stage.whenComplete((found, error) -> context.execute(() -> then.accept(found, error)));
      return;
    }
    RpcMethodHandler<?, ?> found;
    try {
      found = askHandlers(host, grpcContext, details);
    } catch (Throwable t) {
      then.accept(null, t);
      return;
    }
    then.accept(found, null);
  }

  /**
   * Asks the generic handlers, in the RPC's {@code io.grpc.Context}: an interceptor may call this
   * on any thread.
   */
  private static RpcMethodHandler<?, ?> askHandlers(
      RpcHost host, Context grpcContext, HandlerCallDetails details) {
    Context previous = grpcContext.attach();
    try {
      for (GenericRpcHandler generic : host.handlers()) {
        RpcMethodHandler<?, ?> found = generic.service(details);
        if (found != null) {
          return found;
        }
      }
      return null;
    } finally {
      grpcContext.detach(previous);
    }
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
