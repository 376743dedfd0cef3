package io.github.grpcaio;

import java.util.concurrent.CompletableFuture;

/**
 * A call with a stream of requests and one response, as Python's {@code grpc.aio.StreamUnaryCall}.
 *
 * <p>Requests come either from the {@link java.util.concurrent.Flow.Publisher} given when the call
 * was made, or, when none was given, from {@link #write(Object)} and {@link #doneWriting()}. Mixing
 * the two fails with {@link UsageError}.
 *
 * @param <Req> the request type
 * @param <Resp> the response type
 */
public interface StreamUnaryCall<Req, Resp> extends Call {

  /**
   * Sends one request. Writes are sent in the order they were made; the returned future completes
   * when the transport has accepted the message, so waiting for it before the next write keeps
   * memory bounded (this is the backpressure signal).
   *
   * @param request the message
   * @return a future completing when the message was handed to the transport; exceptionally with
   *     {@link AioRpcError} or {@link java.util.concurrent.CancellationException} if the RPC ended
   *     first, or with {@link UsageError} ("RPC already finished.") if it ended with OK
   * @throws UsageError if the call was made with a request publisher, or after {@link
   *     #doneWriting()}
   * @throws NullPointerException if {@code request} is null
   */
  CompletableFuture<Void> write(Req request);

  /**
   * Half-closes the request stream: no more requests will be written. Idempotent; a no-op once the
   * RPC ended.
   *
   * @return a future completing when every earlier write was sent and the half-close was handed to
   *     the transport (or at once if the RPC already ended)
   * @throws UsageError if the call was made with a request publisher
   */
  CompletableFuture<Void> doneWriting();

  /**
   * Returns the response, as {@code await call} in Python. The same future is returned every time.
   * Cancelling or completing it yourself (including {@code orTimeout} and {@code
   * completeOnTimeout}) cancels the RPC unless its outcome was already decided, exactly as for
   * {@link UnaryUnaryCall#response()}, which says what completes when and on which thread.
   *
   * @return a future completing with the response, or exceptionally with {@link AioRpcError} or
   *     {@link java.util.concurrent.CancellationException}
   */
  CompletableFuture<Resp> response();
}
