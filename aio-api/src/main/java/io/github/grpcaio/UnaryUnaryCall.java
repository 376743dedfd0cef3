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
   * The RPC completes it on the channel's executor, after {@link #code()} and the done callbacks.
   *
   * <p>Cancelling or completing it yourself gives up on the RPC, as Python's {@code
   * asyncio.wait_for(call, timeout)} does: {@code cancel}, {@code complete}, {@code
   * completeExceptionally}, {@code completeAsync}, and the timers of {@code orTimeout} and {@code
   * completeOnTimeout} cancel the RPC as {@link #cancel()} does (the server sees the cancellation,
   * the code becomes {@link StatusCode#CANCELLED} and {@link #cancelled()} true), so that {@code
   * response().orTimeout(5, SECONDS)} releases an RPC whose server never answers. The future
   * completes at once, on your thread (for {@code orTimeout}, the JDK's timer thread), with a
   * {@link java.util.concurrent.CancellationException}, your value or your exception; its
   * dependents run there too. {@link #code()}, {@link #details()}, {@link #trailingMetadata()} and
   * the done callbacks follow on the channel's executor when the RPC has ended: after the future,
   * not before, since {@code cancel} must leave it cancelled when it returns true.
   *
   * <p>Once the RPC's outcome is decided otherwise (its status arrived, or it failed locally), such
   * a completion is refused, even if the response was not delivered yet: {@code cancel} and the
   * others return false and the response arrives as {@link #code()} says. So the response is never
   * lost to a late cancel or timeout. After a local cancel the future may still take your value or
   * exception, if the {@link java.util.concurrent.CancellationException} was not delivered yet.
   * {@code obtrudeValue} and {@code obtrudeException} throw {@link UsageError}. Futures derived
   * from this one ({@code thenApply}, ...) are ordinary: completing them does not affect the RPC.
   *
   * @return a future completing with the response, or exceptionally with {@link AioRpcError} for a
   *     non-OK status, or with {@link java.util.concurrent.CancellationException} after a local
   *     cancel
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
