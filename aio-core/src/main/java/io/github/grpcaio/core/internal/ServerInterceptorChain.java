package io.github.grpcaio.core.internal;

import io.github.grpcaio.HandlerCallDetails;
import io.github.grpcaio.RpcMethodHandler;
import io.github.grpcaio.ServerInterceptor;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
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
