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
 * A call with streams both ways, as Python's {@code grpc.aio.StreamStreamCall}: the request side of
 * {@link StreamUnaryCall} and the response side of {@link UnaryStreamCall}. The two directions are
 * independent; the server may answer before the client finishes writing. As for {@link
 * UnaryStreamCall}, the final status is known once every response before it has been consumed.
 *
 * @param <Req> the request type
 * @param <Resp> the response type
 */
public interface StreamStreamCall<Req, Resp> extends Call, Flow.Publisher<Resp> {

  /**
   * Reads the next response. See {@link UnaryStreamCall#read()}: a read given up on takes no
   * message; the next read gets it.
   *
   * @return a future completing with the next response, or an empty {@code Optional} at the end
   * @throws UsageError if the responses are consumed by a subscriber
   */
  CompletableFuture<Optional<Resp>> read();

  /**
   * Runs {@code action} on every response, in order, one at a time, without blocking: {@code async
   * for response in call}. See {@link UnaryStreamCall#forEach(Consumer)}: the next response is
   * asked for once {@code action} returned; it runs on the channel's executor; a throw cancels the
   * RPC.
   *
   * @param action what to do with each response
   * @return a future completing after the stream ended successfully, or exceptionally with {@link
   *     AioRpcError}, {@link java.util.concurrent.CancellationException} or what {@code action}
   *     threw
   * @throws UsageError if the responses are consumed by a subscriber
   * @throws NullPointerException if {@code action} is null
   */
  default CompletableFuture<Void> forEach(Consumer<? super Resp> action) {
    return ForEachLoop.run(this::read, ForEachLoop.synchronous(action), this::cancel);
  }

  /**
   * Runs {@code action} on every response, waiting for the stage it returns before asking for the
   * next one. See {@link UnaryStreamCall#forEachAsync(Function)}.
   *
   * @param action what to do with each response
   * @return a future completing after the stream ended successfully and every stage completed
   * @throws UsageError if the responses are consumed by a subscriber
   * @throws NullPointerException if {@code action} is null
   */
  default CompletableFuture<Void> forEachAsync(
      Function<? super Resp, ? extends CompletionStage<?>> action) {
    return ForEachLoop.run(this::read, action, this::cancel);
  }

  /**
   * Returns a blocking iterator over the responses, reading one ahead of the caller. See {@link
   * UnaryStreamCall#blockingIterator()}: failures are thrown unwrapped ({@link AioRpcError}), and
   * an interrupt cancels the RPC.
   *
   * @return an iterator over the responses
   * @throws UsageError if the responses are consumed by a subscriber (by the first {@code
   *     hasNext()})
   */
  default Iterator<Resp> blockingIterator() {
    return new BlockingReadIterator<>(this::read, this::cancel);
  }

  /**
   * Returns the responses as a blocking {@link Stream}; closing it before the end cancels the RPC.
   * See {@link UnaryStreamCall#blockingStream()}.
   *
   * <pre>{@code
   * try (Stream<RouteNote> notes = stub.routeChat(myNotes).blockingStream()) {
   *   notes.limit(10).forEach(System.out::println); // the RPC is cancelled after 10
   * }
   * }</pre>
   *
   * @return a stream of the responses
   * @throws UsageError if the responses are consumed by a subscriber (when first read)
   */
  default Stream<Resp> blockingStream() {
    return BlockingReadIterator.stream(this::read, this::cancel);
  }

  /**
   * Sends one request. See {@link StreamUnaryCall#write(Object)}.
   *
   * @param request the message
   * @return a future completing when the transport accepted the message
   * @throws UsageError if the call was made with a request publisher, or after {@link
   *     #doneWriting()}
   */
  CompletableFuture<Void> write(Req request);

  /**
   * Half-closes the request stream. See {@link StreamUnaryCall#doneWriting()}.
   *
   * @return a future completing when the half-close was handed to the transport
   * @throws UsageError if the call was made with a request publisher
   */
  CompletableFuture<Void> doneWriting();
}
