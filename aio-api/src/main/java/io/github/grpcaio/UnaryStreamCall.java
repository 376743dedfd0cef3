package io.github.grpcaio;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * A call with one request and a stream of responses, as Python's {@code grpc.aio.UnaryStreamCall}.
 *
 * <p>Consume the responses either by subscribing (the Java form of {@code async for}) or by {@link
 * #read()}, not both: the first style used is fixed, and the other then fails with {@link
 * UsageError}. Only one subscriber is allowed; a second one receives {@code onError(UsageError)}.
 *
 * <p>Backpressure is real: the subscriber receives at most what it requested, and no more than that
 * is requested from the transport, so an idle subscriber stops the server's sender through HTTP/2
 * flow control. Cancelling the subscription cancels the RPC. Signals come on the channel's
 * executor, serialized. A non-OK status is signalled as {@code onError(AioRpcError)} after every
 * message that arrived before it; a local cancel as {@code onError(CancellationException)}.
 *
 * <p>Because nothing is buffered beyond what was requested, the final status is known (and {@link
 * #code()}, {@link #trailingMetadata()} and the done callbacks complete) only once every message
 * sent before it has been consumed; an RPC whose responses are never consumed ends at its deadline
 * or when cancelled.
 *
 * @param <Resp> the response type
 */
public interface UnaryStreamCall<Resp> extends Call, Flow.Publisher<Resp> {

  /**
   * Reads the next response, as Python's {@code read()}. Reads may be issued before earlier ones
   * complete; they complete in order.
   *
   * <p>A read may be given up on, as with {@code asyncio.wait_for(call.read(), t)}: completing or
   * cancelling its future ({@code orTimeout}, {@code cancel}, {@code completeExceptionally}) before
   * it got a message means it takes none; that message goes to the next read. Each read asks the
   * transport for at most one message, so giving up on reads adds no demand.
   *
   * @return a future completing with the next response, with an empty {@code Optional} at the end
   *     of a successful stream (and on every later read), or exceptionally with {@link AioRpcError}
   *     / {@link java.util.concurrent.CancellationException} once the messages before the failure
   *     have been read
   * @throws UsageError if the responses are consumed by a subscriber
   */
  CompletableFuture<Optional<Resp>> read();
}
