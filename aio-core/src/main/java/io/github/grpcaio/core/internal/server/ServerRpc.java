package io.github.grpcaio.core.internal.server;

import io.github.grpcaio.AbortError;
import io.github.grpcaio.HandlerCallDetails;
import io.github.grpcaio.Metadata;
import io.github.grpcaio.RpcMethodHandler;
import io.github.grpcaio.core.internal.ConfinedTo;
import io.github.grpcaio.core.internal.FieldHandles;
import io.github.grpcaio.core.internal.GrpcMetadata;
import io.github.grpcaio.core.internal.MessageCodec;
import io.github.grpcaio.core.internal.MessageEncodings;
import io.github.grpcaio.core.internal.RpcScope;
import io.github.grpcaio.core.internal.Statuses;
import io.github.grpcaio.core.internal.stream.InboundStream;
import io.github.grpcaio.core.internal.stream.OutboundStream;
import io.github.grpcaio.core.internal.stream.SerializingExecutor;
import io.github.grpcaio.core.internal.stream.WriteQueue;
import io.grpc.Context;
import io.grpc.Grpc;
import io.grpc.ServerCall;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.inprocess.InProcessSocketAddress;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The server engine of one RPC: it chooses the handler, drives grpc-java's {@link ServerCall} for
 * all four kinds and sends the final status. Its life is one {@link ServerPhase}. The handler sees
 * the RPC through its {@link RpcServicerContext}, is run by a {@link HandlerInvocation}, and
 * chooses the status in an {@link RpcOutcome}.
 *
 * <p>Shapes ({@link HandlerShape}, {@link ServerStreams}): the request side is one message
 * (requested two at a time, to notice extras) or an {@link InboundStream}; the response side is a
 * stage (one message), a publisher pulled by an {@link OutboundStream}, or a {@link WriteQueue}
 * behind {@code context.write()} pulled the same way.
 *
 * <p>Threading: {@link #context} is grpc-java's executor for the call (see {@link
 * SerializingExecutor#forGrpcCall}), so grpc-java calls the listener in a task of the context; each
 * event is handled there at once unless other work of the RPC waits in the context's queue, then it
 * is queued behind it ({@link SerializingExecutor#runNow}; a grpc-java interceptor may also call
 * from another thread, which always queues). Either way no thread hop of its own. The context is
 * where all state below lives unless marked otherwise and where callbacks (subscriber signals,
 * future dependents, done callbacks) run. The handler itself runs outside the context, so that it
 * may block on its own RPC: the executor thread leaves the context before calling it ({@link
 * SerializingExecutor#runDetached}) and comes back with what it returned ({@link
 * SerializingExecutor#executeHere}), which costs no thread hop unless the handler blocked. The
 * {@link RpcServicerContext} may be used from any thread and hops likewise.
 *
 * @param <Req> the request type (Object until the handler is bound)
 * @param <Resp> the response type
 */
final class ServerRpc<Req, Resp> extends ServerCall.Listener<InputStream>
    implements TrackedRpc, Runnable, ServerInterceptorChain.Outcome {

  private static final Logger logger = Logger.getLogger(ServerRpc.class.getName());

  private static final VarHandle PHASE =
      FieldHandles.of(MethodHandles.lookup(), "phase", ServerPhase.class);
  private static final VarHandle RELEASED =
      FieldHandles.of(MethodHandles.lookup(), "released", boolean.class);
  private static final VarHandle SLOT_RELEASED =
      FieldHandles.of(MethodHandles.lookup(), "slotReleased", boolean.class);

  private final RpcHost host;
  private final MethodRoute route;
  private final ServerCall<InputStream, InputStream> call;
  private final io.grpc.Metadata grpcHeaders;
  private final Context grpcContext; // carries the deadline and cancellation of grpc-java
  private final SerializingExecutor context;
  private final RpcOutcome outcome = new RpcOutcome();
  private final ResponseHeaders headers = new ResponseHeaders();
  private final ResponseCompression compression;
  private final RpcServicerContext<Req, Resp> servicerContext;

  // Thread-safe state.
  // Read from any thread (cancelled(), done()); written from a transport thread (a cancel), the
  // handler's (abort) and the context, so only through advance(), by compare-and-set.
  private volatile ServerPhase phase = ServerPhase.LOOKUP;

  // Each set once, by compare-and-set through RELEASED and SLOT_RELEASED, from any thread.
  @SuppressWarnings("unused")
  private volatile boolean released;

  @SuppressWarnings("unused")
  private volatile boolean slotReleased;

  private volatile ServerStreams<Req, Resp> streams =
      ServerStreams.none(); // set at bind, if it streams

  @ConfinedTo("context")
  private HandlerInvocation<Req, Resp> invocation; // null until the handler is bound

  @ConfinedTo("context")
  private MessageCodec<Req> requestCodec;

  @ConfinedTo("context")
  private MessageCodec<Resp> responseCodec;

  @ConfinedTo("context")
  private Req single;

  @ConfinedTo("context")
  private int received;

  ServerRpc(
      RpcHost host,
      MethodRoute route,
      ServerCall<InputStream, InputStream> call,
      io.grpc.Metadata headers,
      Executor executor) {
    this.host = host;
    this.route = route;
    this.call = call;
    this.grpcHeaders = headers;
    // Where the RPC starts: in the first task of its context, in its io.grpc.Context, inside
    // grpc-java's interceptors (one may have made an OpenTelemetry span current).
    RpcScope scope = RpcScope.capture(host.contextPropagators());
    this.grpcContext = scope.grpcContext();
    this.context = SerializingExecutor.claimOrCreate(executor, scope);
    this.compression = new ResponseCompression(host);
    this.servicerContext =
        new RpcServicerContext<>(
            this, call, MessageEncodings.declaredBy(headers), outcome, this.headers, compression);
  }

  /**
   * Moves the phase forward to {@code next}: the one place it changes. Any thread.
   *
   * @return false if the phase was {@code next} or beyond already
   */
  private boolean advance(ServerPhase next) {
    ServerPhase now;
    do {
      now = phase;
      if (!now.canAdvanceTo(next)) {
        return false;
      }
    } while (!PHASE.compareAndSet(this, now, next));
    return true;
  }

  /** Looks the handler up and starts it. Called once, before any listener event. */
  void start() {
    context.execute(this); // run(): the lookup, as the RPC's first task (no task object per RPC)
  }

  // ---- grpc-java listener: each event handled at once in grpc-java's task of the context if
  // nothing else of the RPC waits in the context's queue, else queued (SerializingExecutor.runNow)

  @Override
  public void onMessage(InputStream message) {
    context.runNowOrQueue(ServerRpc::handleRequest, this, message);
  }

  @Override
  public void onHalfClose() {
    context.runNowOrQueue((rpc, ignored) -> rpc.handleHalfClose(), this, null);
  }

  @Override
  public void onCancel() {
    advance(ServerPhase.CANCELLED);
    context.runNowOrQueue((rpc, ignored) -> rpc.handleCancel(), this, null);
  }

  @Override
  public void onComplete() {
    context.runNowOrQueue((rpc, ignored) -> rpc.release(), this, null);
  }

  @Override
  public void onReady() {
    context.runNowOrQueue((rpc, ignored) -> rpc.handleReady(), this, null);
  }

  private void handleReady() {
    OutboundStream<Resp> out = streams.responses;
    if (out != null) {
      out.onReady();
    }
  }

  // ---- for the servicer context: any thread ----

  boolean isCancelled() {
    return phase == ServerPhase.CANCELLED;
  }

  boolean isDone() {
    return phase.done();
  }

  ServerStreams<Req, Resp> streams() {
    return streams;
  }

  // ---- for the handler's invocation ----

  SerializingExecutor context() {
    return context;
  }

  Context grpcContext() {
    return grpcContext;
  }

  /** Where blocking handlers run, or null for the context's executor. */
  Executor blockingExecutor() {
    return host.blockingExecutor();
  }

  RpcServicerContext<Req, Resp> servicerContext() {
    return servicerContext;
  }

  /** Sends the headers {@code sendInitialMetadata} claimed, or fails their future if too late. */
  void sendClaimedHeaders() {
    context.execute(
        () -> {
          if (!phase.ended()) {
            sendHeadersIfNeeded();
          } else {
            // Claimed before the end: closeWith sent them (or handleCancel failed the future).
            // Claimed after the end: too late, nothing will send them.
            headers.fail(new CancellationException("The RPC has ended"));
          }
        });
  }

  /** {@code abort()} fixed how the RPC ends: close it so. */
  void abortWith(RpcOutcome.Ending ending) {
    advance(ServerPhase.ABORTED); // done() from now on, as after closeWith
    context.execute(() -> closeWith(ending.status()));
  }

  // ---- on the context ----

  /** The RPC's first task on its context (see {@link #start}): looks the handler up. */
  @Override
  public void run() {
    // Converted when a handler or an interceptor first reads it: most never do.
    Metadata metadata = Metadata.deferred(() -> GrpcMetadata.fromGrpc(grpcHeaders));
    servicerContext.setInvocationMetadata(metadata);
    if (phase == ServerPhase.CANCELLED) {
      return;
    }
    // With interceptors, asynchronous: until the handler is bound nothing is requested, so only a
    // half-close (of an empty request stream) or a cancel can arrive meanwhile; see
    // handleHalfClose.
    ServerInterceptorChain.findHandler(
        host, grpcContext, new HandlerCallDetails(route.path(), metadata), context, this);
  }

  /** What the lookup found (see {@link ServerInterceptorChain#findHandler}): binds the handler. */
  @Override
  public void accept(RpcMethodHandler<?, ?> found, RpcScope handedOver, Throwable error) {
    ServerPhase before = phase;
    if (before.ended()) {
      return;
    }
    if (handedOver != null) {
      context.rescope(handedOver); // what the interceptors made current goes on with the RPC
    }
    if (error != null) {
      Throwable t = Statuses.unwrap(error);
      logger.log(Level.WARNING, "Handler lookup for " + route.path() + " failed", t);
      closeWith(Status.UNKNOWN.withDescription("Unexpected " + Statuses.describe(t)));
      return;
    }
    if (found == null) {
      closeWith(Status.UNIMPLEMENTED.withDescription("Method not found!"));
      return;
    }
    bind(found);
    if (before == ServerPhase.LOOKUP_HALF_CLOSED) {
      handleHalfClose();
    }
  }

  @SuppressWarnings("unchecked")
  private void bind(RpcMethodHandler<?, ?> found) {
    RpcMethodHandler<Req, Resp> handler = (RpcMethodHandler<Req, Resp>) found;
    HandlerShape shape = HandlerShape.of(handler);
    advance(ServerPhase.HANDLING); // unless cancelled meanwhile: the handler then sees the cancel
    MethodRoute.Codecs<Req, Resp> codecs = route.codecs(handler);
    requestCodec = codecs.request();
    responseCodec = codecs.response();
    if (shape != HandlerShape.UNARY_UNARY) {
      streams = ServerStreams.of(shape, context, new StreamPort());
    }
    invocation = new HandlerInvocation<>(this, handler, shape);
    if (shape.requestStreaming) {
      invocation.start(null);
    } else {
      call.request(2); // two, to notice a client that sends more than one
    }
  }

  private void handleRequest(InputStream message) {
    InboundStream<Req> stream = streams.requests;
    if (phase.ended() || (stream != null && stream.isClosed())) {
      MessageCodec.discard(message);
      return;
    }
    Req value;
    try {
      value = requestCodec.decode(message);
    } catch (StatusException e) {
      closeWith(e.getStatus());
      return;
    }
    if (stream != null) {
      stream.onMessage(value);
    } else if (received++ == 0) {
      single = value;
    } else {
      closeWith(Status.INTERNAL.withDescription("Too many requests"));
    }
  }

  private void handleHalfClose() {
    if (phase.ended()) {
      return;
    }
    if (invocation == null) {
      advance(ServerPhase.LOOKUP_HALF_CLOSED); // the lookup is still running; accept() replays it
      return;
    }
    InboundStream<Req> stream = streams.requests;
    if (stream != null) {
      stream.complete();
    } else if (received == 0) {
      closeWith(Status.INTERNAL.withDescription("Half-closed without a request"));
    } else {
      invocation.start(single);
    }
  }

  private void handleCancel() {
    CancellationException reason = new CancellationException("The RPC was cancelled");
    streams.end(reason);
    headers.fail(reason); // no-op if they were sent
    cancelInvocation();
    release();
  }

  /** The server is stopping and the grace period is over: end this RPC now. Any thread. */
  @Override
  public void cancelForShutdown() {
    context.execute(
        () -> {
          if (phase.ended()) {
            return;
          }
          closeWith(Status.UNAVAILABLE.withDescription("Cancelling all calls"));
          advance(ServerPhase.CANCELLED);
          cancelInvocation();
        });
  }

  private void cancelInvocation() {
    if (invocation != null) {
      invocation.cancel();
    }
  }

  private void release() {
    releaseSlot();
    if (RELEASED.compareAndSet(this, false, true)) {
      try {
        servicerContext.fireDoneCallbacks();
      } finally {
        host.release(this); // after the done callbacks: stop() completes once they have run
      }
    }
  }

  private void releaseSlot() {
    if (SLOT_RELEASED.compareAndSet(this, false, true)) {
      host.releaseSlot();
    }
  }

  /** The handler's one response: sends it and the status set. On the context. */
  void respond(Resp value) {
    if (phase.ended()) {
      return;
    }
    if (outcome.hasErrorCode()) {
      closeWith(outcome.status()); // a non-OK code discards the response
      return;
    }
    if (value == null) {
      handlerFailed(new NullPointerException("Handler completed with a null response"));
      return;
    }
    if (sendResponse(value)) {
      closeWith(outcome.status());
    }
  }

  private boolean sendResponse(Resp value) {
    InputStream stream;
    try {
      stream = responseCodec.encode(value);
    } catch (StatusException e) {
      closeWith(e.getStatus());
      return false;
    }
    sendHeadersIfNeeded();
    compression.send(call, stream);
    return true;
  }

  private void sendHeadersIfNeeded() {
    headers.sendIfNeeded(call, compression);
  }

  /** The handler threw, or what it returned failed. On the context. */
  void handlerFailed(Throwable error) {
    Throwable t = Statuses.unwrap(error);
    if (outcome.isAborted() || phase.ended()) {
      return; // abort sent the status, or there is no one to send one to
    }
    logger.log(Level.WARNING, "Handler of " + route.path() + " failed", t);
    if (outcome.hasErrorCode()) {
      closeWith(outcome.status()); // an earlier non-OK code wins over UNKNOWN
    } else {
      closeWith(Status.UNKNOWN.withDescription("Unexpected " + Statuses.describe(t)));
    }
  }

  /**
   * Ends the RPC with {@code status} and the trailing metadata set, unless it has ended; after
   * {@code abort()}, with the status and trailers abort fixed, whatever the caller asks.
   */
  private void closeWith(Status status) {
    if (phase.ended()) {
      return;
    }
    RpcOutcome.Ending ending = outcome.ending(status);
    advance(ServerPhase.CLOSED);
    // The reason is made only for streams to end: a unary RPC has none, and filling in an
    // exception's stack trace for every RPC was the largest allocation of a unary call.
    ServerStreams<Req, Resp> s = streams;
    if (s.any()) {
      s.end(
          outcome.isAborted()
              ? new AbortError("Locally aborted.")
              : new CancellationException("The RPC has ended"));
    }
    try {
      if (headers.isClaimed()) {
        sendHeadersIfNeeded(); // claimed headers go out before the status, as in Python
      }
      releaseSlot(); // before the client can see the status
      call.close(ending.status(), GrpcMetadata.toGrpc(ending.trailers()));
    } catch (RuntimeException e) {
      logger.log(Level.WARNING, "Closing " + route.path() + " failed", e);
    }
  }

  @Override
  public String toString() {
    return "ServerRpc[" + route.path() + ", " + phase + "]";
  }

  /**
   * Where the RPC's streams meet the grpc-java call: request demand goes to it, and responses from
   * the handler's publisher or write queue come out of it.
   */
  private final class StreamPort implements InboundStream.Source, OutboundStream.Sink<Resp> {
    @Override
    public void request(int count) {
      if (!phase.ended()) {
        call.request(count);
      }
    }

    @Override
    public void cancel() {
      // The handler no longer wants requests; it may still respond. Nothing more is requested.
    }

    @Override
    public boolean byteWindow() {
      // In-process, a stream is ready exactly while the client has a message requested.
      return !(call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR)
          instanceof InProcessSocketAddress);
    }

    @Override
    public boolean isReady() {
      return !phase.ended() && call.isReady();
    }

    @Override
    public void send(Resp message) {
      if (phase.ended()) {
        return;
      }
      if (sendResponse(message)) {
        WriteQueue<Resp> queue = streams.writes;
        if (queue != null) {
          queue.onSent();
        }
      }
    }

    @Override
    public void complete() {
      closeWith(outcome.status());
    }

    @Override
    public void fail(Throwable error) {
      handlerFailed(error);
    }
  }
}
