package io.github.grpcaio;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The client side of one RPC, as Python's {@code grpc.aio.Call} (with {@code RpcContext}).
 *
 * <p>The RPC starts when the multi-callable is invoked; this object observes and controls it. All
 * methods are non-blocking and may be called from any thread. The futures returned here complete on
 * the channel's executor, never on a transport thread; the same future is returned on every call of
 * a method, so polling one holds no memory.
 *
 * <p>The futures of {@link #initialMetadata()}, {@link #trailingMetadata()}, {@link #code()},
 * {@link #details()} and {@link #debugErrorString()} are shared by everyone who asks, so they are
 * read-only: only the RPC completes them. Their {@code complete}, {@code completeExceptionally},
 * {@code completeAsync}, {@code obtrudeValue} and {@code obtrudeException} throw {@link
 * UsageError}; {@code cancel} returns false and changes nothing (cancel the RPC with {@link
 * #cancel()}); {@code orTimeout} and {@code completeOnTimeout} return a new future with that bound
 * and leave the shared one unchanged, so {@code call.code().orTimeout(5, SECONDS).join()} waits at
 * most five seconds. Futures derived from them ({@code thenApply}, ...) are ordinary futures.
 *
 * <p>Order of completion when the RPC ends: {@link #initialMetadata()} (if it was not complete
 * already), then {@link #code()}, {@link #details()} and {@link #trailingMetadata()}, then the done
 * callbacks, then the response future or the response stream's terminal signal. A response future
 * that the caller cancels or completes itself is the exception: it completes at once, on the
 * caller's thread, and the rest follows in this order when the RPC ends (see {@link
 * UnaryUnaryCall#response()}).
 */
public interface Call {

  /**
   * Returns the metadata the server sent before its first message (the headers).
   *
   * @return a future completing with read-only metadata once the headers arrive, or with empty
   *     metadata when the RPC ends without headers; it never completes exceptionally
   */
  CompletableFuture<Metadata> initialMetadata();

  /**
   * Returns the metadata the server sent with its status (the trailers). gRPC's own {@code grpc-*}
   * entries are left out, except {@code grpc-status-details-bin}: a rich error status (a serialized
   * {@code google.rpc.Status}, decoded by the {@code aio-protobuf} module's {@code RpcStatus}).
   *
   * @return a future completing with read-only metadata when the RPC ends, empty for a local
   *     failure; it never completes exceptionally
   */
  CompletableFuture<Metadata> trailingMetadata();

  /**
   * Returns the final status code. For a local cancel this is {@link StatusCode#CANCELLED}.
   *
   * @return a future completing when the RPC ends; it never completes exceptionally, whatever the
   *     code
   */
  CompletableFuture<StatusCode> code();

  /**
   * Returns the final status details. After {@link #cancel()} (or cancelling or completing the
   * response future, cancelling the subscription, or closing the channel) this is {@code "Locally
   * cancelled by application!"}; when a request publisher failed, {@code "Request stream failed:
   * <exception class>: <message>"}.
   *
   * @return a future completing when the RPC ends, with an empty string if there are none
   */
  CompletableFuture<String> details();

  /**
   * Returns a description of the final status for logs, as Python's {@code debug_error_string}.
   *
   * @return a future completing when the RPC ends
   */
  CompletableFuture<String> debugErrorString();

  /**
   * Cancels the RPC if it has not ended. The server sees the cancellation ({@code cancelled()}
   * becomes true there), the code becomes {@link StatusCode#CANCELLED} with details {@code "Locally
   * cancelled by application!"}, the response future completes with {@link
   * java.util.concurrent.CancellationException} and a response stream's subscriber receives it in
   * {@code onError}.
   *
   * @return true if this call cancelled an unfinished RPC; false if the RPC had already ended or
   *     was already cancelled
   */
  boolean cancel();

  /**
   * Tells whether the RPC was cancelled locally (by {@link #cancel()}, by cancelling or completing
   * its response future, by cancelling its subscription, or by closing the channel). A {@code
   * CANCELLED} status sent by the server does not count, as in Python.
   *
   * @return true once cancelled locally
   */
  boolean cancelled();

  /**
   * Tells whether the outcome of the RPC is decided: its status arrived or it was cancelled
   * locally. True at once after a successful {@link #cancel()}.
   *
   * @return true once done
   */
  boolean done();

  /**
   * Returns the time left before the RPC's deadline: its timeout, or, for a call made by a server
   * handler or interceptor while it runs (on its thread), the deadline of its RPC if that comes
   * first (the call inherits it, as in grpc-java, with or without client interceptors).
   *
   * @return the remaining time (zero or more), empty if the call has no deadline
   */
  Optional<Duration> timeRemaining();

  /**
   * Adds a callback to run exactly once, with this call, after the status is known. A callback
   * added after that runs at once, on the calling thread; otherwise it runs on the channel's
   * executor. Callbacks run in the order they were added; an exception thrown by one is logged and
   * does not affect the others or the call.
   *
   * @throws NullPointerException if {@code callback} is null
   */
  void addDoneCallback(Consumer<? super Call> callback);
}
