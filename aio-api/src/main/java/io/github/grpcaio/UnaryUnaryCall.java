package io.github.grpcaio;

import java.util.concurrent.CompletableFuture;

/**
 * A call with one request and one response, as Python's {@code grpc.aio.UnaryUnaryCall}.
 *
 * @param <Resp> the response type
 */
public interface UnaryUnaryCall<Resp> extends Call {

  /**
   * Returns the response, as {@code await call} in Python. The same future is returned every time.
   * Cancelling it cancels the RPC; completing it yourself does not affect the RPC.
   *
   * @return a future completing with the response, or exceptionally with {@link AioRpcError} for a
   *     non-OK status, or with {@link java.util.concurrent.CancellationException} after a local
   *     cancel
   */
  CompletableFuture<Resp> response();
}
