package io.github.grpcaio;

import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A call with one request and a stream of responses, as Python's {@code grpc.aio.UnaryStreamCall}.
 *
 * <p>Consume the responses either by reading them or by subscribing, not both: the first style used
 * is fixed, and the other then fails with {@link UsageError}. Reading is {@link #forEach(Consumer)}
 * (the counterpart of {@code async for response in call}), {@link #blockingIterator()} or {@link
 * #blockingStream()} for code that may block, or {@link #read()} itself; subscribing suits Reactive
 * Streams libraries. Only one subscriber is allowed; a second one receives {@code
 * onError(UsageError)}.
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

  /**
   * Runs {@code action} on every response, in order, without blocking: the counterpart of Python's
   * {@code async for response in call}.
   *
   * <pre>{@code
   * call.forEach(reply -> System.out.println(reply.getMessage()))
   *     .join(); // or compose: the future completes after the last response
   * }</pre>
   *
   * <p>One response at a time: the next one is asked of the transport (as by {@link #read()}) only
   * once {@code action} has returned, so a slow action holds the server back through flow control
   * and no response is buffered ahead of it.
   *
   * <p>Threads: {@code action} runs on the channel's executor, where the call's futures complete,
   * never for two responses at once. Only the first response may be handled on the calling thread
   * instead, if it is there before this method returns (one left by an abandoned {@link #read()},
   * or one that raced the return). {@code action} must not block waiting for this call.
   *
   * <p>If {@code action} throws, the RPC is cancelled and the returned future fails with that
   * exception. Cancelling the returned future cancels the RPC too.
   *
   * @param action what to do with each response
   * @return a future completing on the channel's executor after the stream ended successfully and
   *     {@code action} returned for every response; or exceptionally with {@link AioRpcError} for a
   *     non-OK status (once the responses before it were handled), with {@link
   *     java.util.concurrent.CancellationException} if the RPC was cancelled locally, or with the
   *     exception {@code action} threw
   * @throws UsageError if the responses are consumed by a subscriber
   * @throws NullPointerException if {@code action} is null
   */
  default CompletableFuture<Void> forEach(Consumer<? super Resp> action) {
    return ForEachLoop.run(this::read, ForEachLoop.synchronous(action), this::cancel);
  }

  /**
   * Runs {@code action} on every response, in order, waiting for the stage it returns before asking
   * for the next response: {@code async for} with an {@code await} in its body.
   *
   * <pre>{@code
   * call.forEachAsync(reply -> repository.save(reply)); // the next reply once the save completed
   * }</pre>
   *
   * <p>As {@link #forEach(Consumer)}; besides, a stage that fails (or a null stage) cancels the RPC
   * and fails the returned future with its exception. {@code action} runs on the channel's
   * executor, or on the thread that completed the previous stage if the next response was already
   * there.
   *
   * @param action what to do with each response; the next response is read once its stage completed
   * @return a future completing after the stream ended successfully and every stage completed, or
   *     exceptionally as {@link #forEach(Consumer)} does, or with a stage's exception
   * @throws UsageError if the responses are consumed by a subscriber
   * @throws NullPointerException if {@code action} is null
   */
  default CompletableFuture<Void> forEachAsync(
      Function<? super Resp, ? extends CompletionStage<?>> action) {
    return ForEachLoop.run(this::read, action, this::cancel);
  }

  /**
   * Returns a blocking iterator over the responses, for code that may block (a virtual thread, a
   * test, a command-line tool): the counterpart of a synchronous {@code for response in call}.
   * {@link Iterator#hasNext()} waits for the next response.
   *
   * <p>Backpressure: the iterator reads (as {@link #read()}) one response ahead of what {@link
   * Iterator#next()} returned, so at most one response is asked of the transport that the caller
   * has not taken; a slow caller holds the server back through flow control. Waiting parks the
   * thread without holding a monitor, so a virtual thread does not pin its carrier.
   *
   * <p>Failures are thrown by {@code hasNext()} (and {@code next()}), unwrapped: {@link
   * AioRpcError} for a non-OK status, after the responses before it; {@link
   * java.util.concurrent.CancellationException} if the RPC was cancelled locally. If the waiting
   * thread is interrupted, the RPC is cancelled, the thread's interrupt flag is set again, and
   * {@code CancellationException} is thrown. The same exception is thrown again by later calls.
   *
   * <p>Use it from one thread, never from a callback of this call (the channel's executor would
   * wait for itself). To stop early, {@link #cancel()} the call.
   *
   * @return an iterator over the responses
   * @throws UsageError if the responses are consumed by a subscriber (thrown by the first {@code
   *     hasNext()})
   */
  default Iterator<Resp> blockingIterator() {
    return new BlockingReadIterator<>(this::read, this::cancel);
  }

  /**
   * Returns the responses as a sequential, ordered {@link Stream} that blocks as {@link
   * #blockingIterator()} does. Closing the stream before the end (use try-with-resources) cancels
   * the RPC; a stream read to its end needs no close.
   *
   * <pre>{@code
   * try (Stream<Feature> features = stub.listFeatures(area).blockingStream()) {
   *   features.limit(10).forEach(System.out::println); // the RPC is cancelled after 10
   * }
   * }</pre>
   *
   * @return a stream of the responses, failing as {@link #blockingIterator()} does
   * @throws UsageError if the responses are consumed by a subscriber (thrown when the stream is
   *     first read)
   */
  default Stream<Resp> blockingStream() {
    return BlockingReadIterator.stream(this::read, this::cancel);
  }
}
