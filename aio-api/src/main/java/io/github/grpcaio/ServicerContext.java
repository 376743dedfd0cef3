package io.github.grpcaio;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The server side of one RPC as its handler sees it, as Python's {@code grpc.aio.ServicerContext}.
 *
 * <p>All methods are thread-safe and non-blocking; a handler may use its context from any thread,
 * also after the handler method has returned (until the RPC ends). Futures complete and callbacks
 * run on the server's executor, serially for one RPC: a callback (a dependent of these futures, a
 * request subscriber's signal, a done callback) must not block waiting for this RPC, whereas the
 * handler method itself may.
 *
 * <p>How the final status is chosen: a handler that completes normally ends the RPC with the code
 * and details set by {@link #setCode}/{@link #setDetails} ({@code OK} by default; a non-OK code
 * discards a unary response). A handler that throws (or whose stage or publisher fails) ends it
 * with {@code UNKNOWN} and details {@code "Unexpected <exception class>: <message>"}, unless a
 * non-OK code was set, which wins. {@link #abort} ends it at once.
 *
 * @param <Req> the request type
 * @param <Resp> the response type
 */
public interface ServicerContext<Req, Resp> {

  /**
   * Reads the next request of a request stream, as {@code await context.read()}. Use either this or
   * the request publisher given to the handler, not both.
   *
   * <p>A read whose future is completed or cancelled by the handler before it got a request (a read
   * with {@code orTimeout}, say) takes none: that request goes to the next read.
   *
   * @return a future completing with the next request, an empty {@code Optional} once the client
   *     half-closed (and on every later read), or exceptionally with {@link
   *     java.util.concurrent.CancellationException} if the RPC was cancelled
   * @throws UsageError if the method has a single request, or its requests are consumed by a
   *     subscriber
   */
  CompletableFuture<Optional<Req>> read();

  /**
   * Runs {@code action} on every request of a request stream, in order, without blocking: the
   * counterpart of {@code async for request in request_iterator} (or a loop over {@code await
   * context.read()}). Return the future from the handler, composed with what follows:
   *
   * <pre>{@code
   * List<String> names = new ArrayList<>(); // touched by one action at a time
   * return context.forEachRequest(request -> names.add(request.getName()))
   *     .thenApply(done -> greet(names));
   * }</pre>
   *
   * <p>One request at a time: the next one is asked of the transport (as by {@link #read()}) only
   * once {@code action} has returned, so a slow action holds the client back through flow control.
   * {@code action} runs on the server's executor, serially for this RPC (only the first request may
   * be handled on the calling thread instead, if it is there before this method returns); it must
   * not block waiting for this RPC.
   *
   * <p>If {@code action} throws, reading stops and the returned future fails with that exception: a
   * handler that returns the future then ends the RPC as a handler that threw it does ({@code
   * UNKNOWN}, unless it was an {@link AbortError}). Cancelling the returned future stops reading.
   *
   * @param action what to do with each request
   * @return a future completing on the server's executor once the client half-closed and {@code
   *     action} returned for every request, or exceptionally with {@link
   *     java.util.concurrent.CancellationException} if the RPC was cancelled, or with the exception
   *     {@code action} threw
   * @throws UsageError if the method has a single request, or its requests are consumed by a
   *     subscriber
   * @throws NullPointerException if {@code action} is null
   */
  default CompletableFuture<Void> forEachRequest(Consumer<? super Req> action) {
    return ForEachLoop.run(this::read, ForEachLoop.synchronous(action), () -> {});
  }

  /**
   * Runs {@code action} on every request, in order, waiting for the stage it returns before asking
   * for the next request: {@code async for} with an {@code await} in its body.
   *
   * <pre>{@code
   * // A bidi echo: the next request is read once the reply to this one was written.
   * return context.forEachRequestAsync(request -> context.write(reply(request)));
   * }</pre>
   *
   * <p>As {@link #forEachRequest(Consumer)}; besides, a stage that fails (or a null stage) stops
   * reading and fails the returned future with its exception.
   *
   * @param action what to do with each request; the next request is read once its stage completed
   * @return a future completing once the client half-closed and every stage completed, or
   *     exceptionally as {@link #forEachRequest(Consumer)} does, or with a stage's exception
   * @throws UsageError if the method has a single request, or its requests are consumed by a
   *     subscriber
   * @throws NullPointerException if {@code action} is null
   */
  default CompletableFuture<Void> forEachRequestAsync(
      Function<? super Req, ? extends CompletionStage<?>> action) {
    return ForEachLoop.run(this::read, action, () -> {});
  }

  /**
   * Returns a blocking iterator over the requests of a request stream, for a handler that blocks
   * (it runs outside the RPC's executor, so it may, on a virtual thread best): {@link
   * Iterator#hasNext()} waits for the next request and is false once the client half-closed.
   *
   * <p>It reads (as {@link #read()}) one request ahead of what {@link Iterator#next()} returned, so
   * at most one request is asked of the transport that the handler has not taken. Waiting parks the
   * thread without holding a monitor. If the RPC is cancelled, {@code hasNext()} throws {@link
   * java.util.concurrent.CancellationException}; if the waiting thread is interrupted, the read
   * ahead is given up, the interrupt flag is set again and {@code CancellationException} is thrown.
   * Use it from one thread, never from a callback of this RPC.
   *
   * @return an iterator over the requests
   * @throws UsageError if the method has a single request, or its requests are consumed by a
   *     subscriber (thrown by the first {@code hasNext()})
   */
  default Iterator<Req> blockingRequestIterator() {
    return new BlockingReadIterator<>(this::read, () -> {});
  }

  /**
   * Returns the requests as a sequential, ordered {@link Stream} that blocks as {@link
   * #blockingRequestIterator()} does; closing it gives up the read ahead.
   *
   * <pre>{@code
   * try (Stream<Point> points = context.blockingRequestStream()) {
   *   return CompletableFuture.completedFuture(summarize(points.toList()));
   * }
   * }</pre>
   *
   * @return a stream of the requests
   * @throws UsageError if the method has a single request, or its requests are consumed by a
   *     subscriber (thrown when the stream is first read)
   */
  default Stream<Req> blockingRequestStream() {
    return BlockingReadIterator.stream(this::read, () -> {});
  }

  /**
   * Writes one response of a response stream, as {@code await context.write(message)}. Sends the
   * initial metadata first if it was not sent yet. Writes go out in order; the future completes
   * when the transport accepted the message, so waiting for it bounds memory.
   *
   * @param message the response
   * @return a future completing when the message was handed to the transport, or exceptionally with
   *     {@link java.util.concurrent.CancellationException} / {@link AbortError} if the RPC ended
   *     first
   * @throws UsageError if the method has a single response, its handler returns a publisher, or the
   *     handler has finished (the stage it returned has completed)
   * @throws NullPointerException if {@code message} is null
   */
  CompletableFuture<Void> write(Resp message);

  /**
   * Writes one response and waits until the transport took it, as {@code await
   * context.write(message)} in a synchronous handler: what a blocking handler ({@link
   * RpcMethodHandler.UnaryStreamBlocking}, {@link RpcMethodHandler.StreamStreamBlocking}) writes
   * with. A message is handed to the transport only while it is ready (the client's flow-control
   * window has room), so a slow client holds the writer back here and at most one message per RPC
   * waits in memory. Waiting parks the thread without holding a monitor, so a virtual thread does
   * not pin its carrier. Call from the handler's thread, never from a callback of this RPC.
   *
   * @param message the response
   * @throws java.util.concurrent.CancellationException if the RPC was cancelled or ended first, or
   *     the waiting thread was interrupted (its interrupt flag is set again)
   * @throws AbortError if the RPC was aborted first
   * @throws UsageError if the method has a single response, or its handler returns a publisher
   * @throws NullPointerException if {@code message} is null
   */
  default void blockingWrite(Resp message) {
    Awaiting.await(write(message), null, false);
  }

  /**
   * Sends the initial metadata (headers) now. Allowed once, and only before the first message.
   *
   * @param initialMetadata the metadata to send
   * @return a future completing when the headers were handed to the transport
   * @throws UsageError if headers were already sent ("Send initial metadata failed: already sent")
   */
  CompletableFuture<Void> sendInitialMetadata(Metadata initialMetadata);

  /**
   * Ends the RPC now with a non-OK status and raises {@link AbortError}, as {@code await
   * context.abort(code, details)}. Never returns normally; it is declared to return the error so
   * that you can write {@code throw context.abort(...)}.
   *
   * @param code the status code; must not be OK
   * @param details the status message; if empty, the details set by {@link #setDetails} are used
   * @return never
   * @throws AbortError always; the status is fixed before it is thrown (nothing the handler does
   *     later changes it) and goes out on the RPC's context without blocking the caller
   * @throws UsageError if {@code code} is OK, or abort was already called ("Abort already called!")
   */
  AbortError abort(StatusCode code, String details);

  /**
   * Ends the RPC now with a non-OK status and trailing metadata, then raises {@link AbortError}.
   *
   * @param code the status code; must not be OK
   * @param details the status message; if empty, the details set by {@link #setDetails} are used
   * @param trailingMetadata trailers to send; if empty, those set by {@link #setTrailingMetadata}.
   *     A {@code grpc-status-details-bin} entry (a serialized {@code google.rpc.Status}) must carry
   *     the same code.
   * @return never
   * @throws AbortError always
   * @throws UsageError if {@code code} is OK, abort was already called, or {@code
   *     grpc-status-details-bin} cannot be decoded or names another code
   */
  AbortError abort(StatusCode code, String details, Metadata trailingMetadata);

  /**
   * Ends the RPC now with {@code status}, then raises {@link AbortError}, as Python's {@code await
   * context.abort_with_status(status)}.
   *
   * <p>If the trailing metadata carries {@code grpc-status-details-bin} (a serialized {@code
   * google.rpc.Status}, see the {@code aio-protobuf} module), its code must be the status's code.
   *
   * @param status the code (not OK), details and trailing metadata to end with
   * @return never
   * @throws AbortError always
   * @throws UsageError if the code is OK, abort was already called, or {@code
   *     grpc-status-details-bin} cannot be decoded or names another code
   */
  default AbortError abortWithStatus(Status status) {
    return abort(status.code(), status.details(), status.trailingMetadata());
  }

  /**
   * Sets the metadata to send with the final status. Replaces earlier values.
   *
   * @param trailingMetadata the trailers; copied
   */
  void setTrailingMetadata(Metadata trailingMetadata);

  /**
   * Returns the trailing metadata set so far.
   *
   * @return read-only metadata, empty if none was set
   */
  Metadata trailingMetadata();

  /**
   * Returns the metadata the client sent, including {@code user-agent}.
   *
   * @return read-only metadata
   */
  Metadata invocationMetadata();

  /** Sets the status code sent when the handler completes normally. */
  void setCode(StatusCode code);

  /**
   * Sets the status details sent when the handler completes.
   *
   * @param details the message
   */
  void setDetails(String details);

  /**
   * Returns the status code set by {@link #setCode} (or {@link #abort}).
   *
   * @return the code, empty until one is set
   */
  Optional<StatusCode> code();

  /**
   * Returns the status details set so far.
   *
   * @return the details, empty until set
   */
  Optional<String> details();

  /**
   * Sets the compression of this RPC's responses, overriding the server's default. Call it before
   * the headers go out: before {@link #sendInitialMetadata}, the first {@link #write} or the
   * response. The algorithm is only used if the client accepts it (its {@code
   * grpc-accept-encoding}); otherwise responses go out uncompressed, as in grpc-java.
   *
   * @param compression the algorithm
   * @throws IllegalStateException if the headers were already sent (or claimed by {@link
   *     #sendInitialMetadata} or a {@link #write})
   * @throws IllegalArgumentException if the server cannot send it: {@code DEFLATE} in a service
   *     exported to a grpc-java server, which has no deflate compressor
   */
  void setCompression(Compression compression);

  /**
   * Sends the next response uncompressed, whatever the RPC's compression; later responses are
   * compressed again. Any thread.
   */
  void disableNextMessageCompression();

  /**
   * Returns the compression the client declared for its request messages, by its {@code
   * grpc-encoding} header: {@link Compression#NO_COMPRESSION} when it sent none. This is a Java
   * extension (Python's {@code grpc.aio} has no such getter); a servicer can use it to insist on
   * compressed requests, as the gRPC interop tests' {@code expect_compressed} does. It describes
   * the call, not each message: a client may still send single messages uncompressed, and the
   * in-process transport never compresses the bytes it carries. Any thread.
   *
   * @return the request compression, never null
   */
  Compression requestCompression();

  /**
   * Returns the client's address, in gRPC's form: {@code ipv4:127.0.0.1:51152}, {@code
   * ipv6:[::1]:51152}, or {@code inprocess:<name>}.
   */
  String peer();

  /**
   * Returns the identities of an authenticated client, as gRPC core reports them: the subject
   * alternative names of its certificate (DNS, email, URI, IP), or its common name when it has
   * none.
   *
   * @return the identities, empty for an unauthenticated client
   */
  List<byte[]> peerIdentities();

  /**
   * Returns the name of the auth property holding {@link #peerIdentities()}: {@code
   * x509_subject_alternative_name} or {@code x509_common_name}.
   *
   * @return the property name, empty for an unauthenticated client
   */
  Optional<String> peerIdentityKey();

  /**
   * Returns the auth context of the connection. For an insecure connection it holds {@code
   * transport_security_type=[insecure]} and {@code security_level=[TSI_SECURITY_NONE]}, as gRPC
   * does.
   *
   * @return an unmodifiable map of property names to values
   */
  Map<String, List<byte[]>> authContext();

  /**
   * Returns the time left before the client's deadline.
   *
   * @return the remaining time (zero or more), empty if the client set no deadline
   */
  Optional<Duration> timeRemaining();

  /**
   * Tells whether the RPC was cancelled: the client cancelled it, its deadline passed, or the
   * server cancelled it while stopping. (Python reports only a {@code CANCELLED} code set on the
   * server; users expect this.)
   *
   * @return true once cancelled
   */
  boolean cancelled();

  /**
   * Tells whether the RPC has ended: its status was sent or it was cancelled.
   *
   * @return true once done
   */
  boolean done();

  /**
   * Adds a callback to run once, with this context, after the RPC ends (also when it was
   * cancelled). A callback added after that runs at once on the calling thread; otherwise it runs
   * on the server's executor. Exceptions from callbacks are logged.
   */
  void addDoneCallback(Consumer<? super ServicerContext<Req, Resp>> callback);
}
