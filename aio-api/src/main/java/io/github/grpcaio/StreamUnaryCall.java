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

  /**
   * Waits for the response and returns it, as {@code response = await call} in Python: a non-OK
   * status is thrown as the {@link AioRpcError} itself, not wrapped. Block only where blocking is
   * fine (a virtual thread, a {@code main}, a test), never in a callback the library runs. If the
   * waiting thread is interrupted, the RPC is cancelled, as cancelling the awaiting task does in
   * Python.
   *
   * @return the response
   * @throws AioRpcError for a non-OK status
   * @throws java.util.concurrent.CancellationException after a local cancel, or if the thread was
   *     interrupted while waiting (its interrupt flag is then set again)
   */
  default Resp await() {
    return Awaiting.await(response(), null, true);
  }

  /**
   * Waits for the response at most {@code timeout}, as {@link #await()}; when the time is up the
   * RPC is cancelled, as Python's {@code asyncio.wait_for(call, timeout)} does. A timeout in the
   * call's {@link CallOptions} is usually better: the server sees that deadline too.
   *
   * @param timeout how long to wait, positive
   * @return the response
   * @throws AioRpcError for a non-OK status, or with {@link StatusCode#DEADLINE_EXCEEDED} when no
   *     outcome came in time (the RPC is then cancelled)
   * @throws java.util.concurrent.CancellationException as for {@link #await()}
   * @throws IllegalArgumentException if {@code timeout} is not positive
   */
  default Resp await(java.time.Duration timeout) {
    return Awaiting.await(response(), Awaiting.positive(timeout), true);
  }
}
