package io.github.grpcaio.core.internal;

import io.github.grpcaio.AbortError;
import io.github.grpcaio.GenericRpcHandler;
import io.github.grpcaio.HandlerCallDetails;
import io.github.grpcaio.Metadata;
import io.github.grpcaio.RpcMethodHandler;
import io.github.grpcaio.ServerInterceptor;
import io.grpc.Context;
import io.grpc.ServerCall;
import io.grpc.Status;
import io.grpc.StatusException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The server engine of one RPC: it chooses the handler, drives grpc-java's {@link ServerCall} for
 * all four kinds and sends the final status. The handler sees the RPC through its {@link
 * RpcServicerContext}; the status it chooses is kept by an {@link RpcOutcome}.
 *
 * <p>Shapes ({@link HandlerShape}): the request side is one message (requested two at a time, to
 * notice extras) or an {@link InboundStream}; the response side is a stage (one message), a
 * publisher pulled by an {@link OutboundStream}, or a {@link WriteQueue} behind {@code
 * context.write()} pulled the same way.
 *
 * <p>Lifecycle: one {@link Phase}, which only moves forward (see {@link #advance}).
 *
 * <p>Threading: grpc-java calls the listener on transport threads; each event hops onto {@link
 * #context}, where all state below lives unless marked otherwise and where callbacks (subscriber
 * signals, future dependents, done callbacks) run. The handler itself runs outside the context, so
 * that it may block on its own RPC: the executor thread leaves the context before calling it
 * ({@link SerializingExecutor#runDetached}) and comes back with what it returned ({@link
 * SerializingExecutor#executeHere}), which costs no thread hop unless the handler blocked. The
 * {@link RpcServicerContext} may be used from any thread and hops likewise.
 *
 * @param <Req> the request type (Object until the handler is bound)
 * @param <Resp> the response type
 */
final class ServerRpc<Req, Resp> extends ServerCall.Listener<InputStream> {

  /**
   * Where an RPC is in its life. A phase only moves forward, in the order declared: {@code
   * CANCELLED} may follow any phase, {@code CLOSED} any but {@code CANCELLED}.
   */
  enum Phase {
    /** The handler is being looked up (through the interceptors); nothing is requested yet. */
    LOOKUP,
    /** Still looking up, and the client has half-closed: binding the handler replays it. */
    LOOKUP_HALF_CLOSED,
    /** The handler is bound: requests flow, and it runs. */
    HANDLING,
    /** The handler called {@code abort()}: the ending is fixed, its close is on the way. */
    ABORTED,
    /** The status was handed to grpc-java: nothing more is sent. */
    CLOSED,
    /** The client cancelled, the deadline passed or the server stopped: nothing more is sent. */
    CANCELLED;

    /** Whether nothing more goes to the transport. */
    boolean ended() {
      return this == CLOSED || this == CANCELLED;
    }

    /** Whether the outcome is fixed: what {@code ServicerContext.done()} says. */
    boolean done() {
      return compareTo(ABORTED) >= 0;
    }
  }

  private static final Logger logger = Logger.getLogger(ServerRpc.class.getName());

  private static final VarHandle PHASE;

  static {
    try {
      PHASE = MethodHandles.lookup().findVarHandle(ServerRpc.class, "phase", Phase.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final AioServer server;
  private final ServerCall<InputStream, InputStream> call;
  private final io.grpc.Metadata grpcHeaders;
  private final Context grpcContext; // carries the deadline and cancellation of grpc-java
  private final String method;
  private final SerializingExecutor context;
  private final RpcOutcome outcome = new RpcOutcome();
  private final ResponseHeaders headers = new ResponseHeaders();
  private final ResponseCompression compression;
  private final RpcServicerContext<Req, Resp> servicerContext;

  // Thread-safe state.
  // Read from any thread (cancelled(), done()); written from the transport (a cancel), the handler
  // (abort) and the context, so only through advance(), by compare-and-set.
  private volatile Phase phase = Phase.LOOKUP;
  private final AtomicBoolean released = new AtomicBoolean();
  private final AtomicBoolean slotReleased = new AtomicBoolean();
  private volatile InboundStream<Req> requests; // set once when bound
  private volatile WriteQueue<Resp> writes; // set once when bound
  private volatile OutboundStream<Resp> outbound; // set once when bound

  @ConfinedTo("context")
  private RpcMethodHandler<Req, Resp> handler;

  @ConfinedTo("context")
  private HandlerShape shape;

  @ConfinedTo("context")
  private MessageCodec<Req> requestCodec;

  @ConfinedTo("context")
  private MessageCodec<Resp> responseCodec;

  @ConfinedTo("context")
  private Req single;

  @ConfinedTo("context")
  private int received;

  @ConfinedTo("context")
  private CompletionStage<?> handlerStage;

  ServerRpc(
      AioServer server,
      ServerCall<InputStream, InputStream> call,
      io.grpc.Metadata headers,
      Executor executor) {
    this.server = server;
    this.call = call;
    this.grpcHeaders = headers;
    this.grpcContext = Context.current();
    this.method = "/" + call.getMethodDescriptor().getFullMethodName();
    this.context = new SerializingExecutor(executor);
    this.compression = new ResponseCompression(server.defaultCompression());
    this.servicerContext =
        new RpcServicerContext<>(
            this,
            call,
            method,
            grpcContext.getDeadline(),
            MessageEncodings.declaredBy(headers),
            outcome,
            this.headers,
            compression);
  }

  /**
   * Moves the phase forward to {@code next}: the one place it changes. Any thread.
   *
   * @return false if the phase was {@code next} or beyond already
   */
  private boolean advance(Phase next) {
    Phase now;
    do {
      now = phase;
      if (now.compareTo(next) >= 0) {
        return false;
      }
    } while (!PHASE.compareAndSet(this, now, next));
    return true;
  }

  /** Looks the handler up and starts it. Called once, before any listener event. */
  void start() {
    context.execute(this::lookup);
  }

  // ---- grpc-java listener: transport threads; hop onto the context ----

  @Override
  public void onMessage(InputStream message) {
    context.execute(() -> handleRequest(message));
  }

  @Override
  public void onHalfClose() {
    context.execute(this::handleHalfClose);
  }

  @Override
  public void onCancel() {
    advance(Phase.CANCELLED);
    context.execute(this::handleCancel);
  }

  @Override
  public void onComplete() {
    context.execute(this::release);
  }

  @Override
  public void onReady() {
    context.execute(
        () -> {
          OutboundStream<Resp> out = outbound;
          if (out != null) {
            out.onReady();
          }
        });
  }

  // ---- for the servicer context: any thread ----

  boolean isCancelled() {
    return phase == Phase.CANCELLED;
  }

  boolean isDone() {
    return phase.done();
  }

  InboundStream<Req> requests() {
    return requests;
  }

  WriteQueue<Resp> writes() {
    return writes;
  }

  OutboundStream<Resp> responses() {
    return outbound;
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
    advance(Phase.ABORTED); // done() from now on, as after closeWith
    context.execute(() -> closeWith(ending.status()));
  }

  // ---- on the context ----

  private void lookup() {
    Metadata metadata = GrpcMetadata.fromGrpc(grpcHeaders);
    servicerContext.setInvocationMetadata(metadata);
    if (phase == Phase.CANCELLED) {
      return;
    }
    HandlerCallDetails details = new HandlerCallDetails(method, metadata);
    List<ServerInterceptor> interceptors = server.interceptors();
    if (!interceptors.isEmpty()) {
      // Asynchronous: until the handler is bound nothing is requested, so only a half-close
      // (of an empty request stream) or a cancel can arrive meanwhile; see handleHalfClose.
      // Interceptors run in the RPC's io.grpc.Context, as handlers do, so that a call they make
      // (an auth lookup) inherits its deadline and cancellation.
      CompletionStage<RpcMethodHandler<?, ?>> stage;
      Context previous = grpcContext.attach();
      try {
        stage = ServerInterceptorChain.lookup(interceptors, details, this::findHandler);
      } finally {
        grpcContext.detach(previous);
      }
      stage.whenComplete((found, error) -> context.execute(() -> lookedUp(found, error)));
      return;
    }
    RpcMethodHandler<?, ?> found;
    try {
      found = findHandler(details);
    } catch (Throwable t) {
      lookedUp(null, t);
      return;
    }
    lookedUp(found, null);
  }

  /**
   * Asks the generic handlers, in the RPC's context: an interceptor may call this on any thread.
   */
  private RpcMethodHandler<?, ?> findHandler(HandlerCallDetails details) {
    Context previous = grpcContext.attach();
    try {
      for (GenericRpcHandler generic : server.handlers()) {
        RpcMethodHandler<?, ?> found = generic.service(details);
        if (found != null) {
          return found;
        }
      }
      return null;
    } finally {
      grpcContext.detach(previous);
    }
  }

  private void lookedUp(RpcMethodHandler<?, ?> found, Throwable error) {
    Phase before = phase;
    if (before.ended()) {
      return;
    }
    if (error != null) {
      Throwable t = Statuses.unwrap(error);
      logger.log(Level.WARNING, "Handler lookup for " + method + " failed", t);
      closeWith(Status.UNKNOWN.withDescription("Unexpected " + Statuses.describe(t)));
      return;
    }
    if (found == null) {
      closeWith(Status.UNIMPLEMENTED.withDescription("Method not found!"));
      return;
    }
    bind(found);
    if (before == Phase.LOOKUP_HALF_CLOSED) {
      handleHalfClose();
    }
  }

  @SuppressWarnings("unchecked")
  private void bind(RpcMethodHandler<?, ?> found) {
    handler = (RpcMethodHandler<Req, Resp>) found;
    shape = HandlerShape.of(found);
    advance(Phase.HANDLING); // unless cancelled meanwhile: the handler then sees the cancel
    requestCodec =
        new MessageCodec<>(
            handler.requestMarshaller(), "request", -1, server.maxReceiveMessageLength());
    responseCodec =
        new MessageCodec<>(
            handler.responseMarshaller(), "response", server.maxSendMessageLength(), -1);
    if (shape.responseStreaming()) {
      OutboundStream<Resp> out = new OutboundStream<>(context, new ResponseSink());
      outbound = out;
      if (shape.writer()) {
        WriteQueue<Resp> queue = new WriteQueue<>(context);
        writes = queue;
        queue.subscribe(out);
      }
    }
    if (shape.requestStreaming()) {
      InboundStream<Req> stream = new InboundStream<>(context, new RequestSource());
      stream.holdSubscriber(); // until the handler has returned, see handlerReturned
      requests = stream;
      invoke(null);
    } else {
      call.request(2); // two, to notice a client that sends more than one
    }
  }

  private void handleRequest(InputStream message) {
    InboundStream<Req> stream = requests;
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
    if (handler == null) {
      advance(Phase.LOOKUP_HALF_CLOSED); // the lookup is still running; lookedUp replays it
      return;
    }
    InboundStream<Req> stream = requests;
    if (stream != null) {
      stream.complete();
    } else if (received == 0) {
      closeWith(Status.INTERNAL.withDescription("Half-closed without a request"));
    } else {
      invoke(single);
    }
  }

  private void handleCancel() {
    CancellationException reason = new CancellationException("The RPC was cancelled");
    endStreams(reason);
    headers.fail(reason); // no-op if they were sent
    cancelHandlerStage();
    release();
  }

  /** The server is stopping and the grace period is over: end this RPC now. Any thread. */
  void cancelForShutdown() {
    context.execute(
        () -> {
          if (phase.ended()) {
            return;
          }
          closeWith(Status.UNAVAILABLE.withDescription("Cancelling all calls"));
          advance(Phase.CANCELLED);
          cancelHandlerStage();
        });
  }

  private void release() {
    releaseSlot();
    if (released.compareAndSet(false, true)) {
      try {
        servicerContext.fireDoneCallbacks();
      } finally {
        server.release(this); // after the done callbacks: stop() completes once they have run
      }
    }
  }

  private void releaseSlot() {
    if (slotReleased.compareAndSet(false, true)) {
      server.releaseSlot();
    }
  }

  /**
   * Runs the handler outside the context (on the current executor thread, once the current task has
   * returned) and hands what it returned back to the context. The handler may block on its own RPC
   * (wait for a {@code read()} or a {@code write()}) because the context goes on serving transport
   * events meanwhile; were the handler a task of the context, such a wait would never end. A
   * request subscriber, though, gets its first signal only once the handler has returned (see
   * {@link #handlerReturned}).
   */
  private void invoke(Req request) {
    RpcMethodHandler<Req, Resp> h = handler;
    HandlerShape s = shape;
    Runnable run =
        () -> {
          Object result = null;
          Throwable failure = null;
          Context previous = grpcContext.attach();
          try {
            result = s.call(h, request, requests, servicerContext);
            if (result instanceof Flow.Publisher<?> publisher) {
              // Subscribe at once, on this thread, as a direct call would: a hot publisher
              // (SubmissionPublisher fed by another thread) drops what it emits before then.
              // The stream hops onto the context itself, and cancels the subscription if the
              // RPC has ended meanwhile.
              @SuppressWarnings("unchecked")
              Flow.Publisher<Resp> responses = (Flow.Publisher<Resp>) publisher;
              responses.subscribe(outbound);
            }
          } catch (Throwable t) {
            failure = t;
          } finally {
            grpcContext.detach(previous);
          }
          Object returned = result;
          Throwable thrown = failure;
          context.executeHere(() -> handlerReturned(s, returned, thrown));
        };
    // The handler runs on this thread once it has left the context: no hop unless it blocks.
    context.runDetached(run);
  }

  /** The handler returned {@code result} or threw {@code failure}. On the context. */
  @SuppressWarnings("unchecked")
  private void handlerReturned(HandlerShape s, Object result, Throwable failure) {
    InboundStream<Req> in = requests;
    if (in != null) {
      // Request signals start now: a subscriber that maps requests onto the response publisher
      // finds it subscribed to. (read() was never held: a handler may block on it.)
      in.releaseSubscriber();
    }
    if (failure != null) {
      handlerFailed(failure);
      return;
    }
    if (result == null) {
      handlerFailed(new NullPointerException("Handler returned null"));
      return;
    }
    switch (s) {
      case UNARY_UNARY, STREAM_UNARY -> respondWith((CompletionStage<Resp>) result);
      case UNARY_STREAM, STREAM_STREAM -> {} // invoke() subscribed the response stream to it
      case UNARY_STREAM_WRITER, STREAM_STREAM_WRITER -> writeUntil((CompletionStage<?>) result);
    }
  }

  private void respondWith(CompletionStage<Resp> stage) {
    if (!keepHandlerStage(stage)) {
      return;
    }
    if (stage instanceof CompletableFuture<Resp> future && future.isDone()) {
      finishCompleted(future); // the common synchronous handler: no extra hop
    } else {
      whenHandlerStageDone(stage, this::finishUnary);
    }
  }

  private void writeUntil(CompletionStage<?> stage) {
    if (keepHandlerStage(stage)) {
      whenHandlerStageDone(stage, ignored -> writes.doneWriting()); // the status follows the last
    }
  }

  /**
   * Keeps the stage the handler returned, to cancel it with the RPC.
   *
   * @return whether the RPC waits for it: false if the RPC was cancelled while the handler ran
   */
  private boolean keepHandlerStage(CompletionStage<?> stage) {
    handlerStage = stage;
    if (phase == Phase.CANCELLED) {
      cancelHandlerStage();
      return false;
    }
    return true;
  }

  /** Once {@code stage} completes, hands its value to {@code then} on the context. */
  private <T> void whenHandlerStageDone(CompletionStage<T> stage, Consumer<? super T> then) {
    stage.whenComplete(
        (value, error) ->
            context.execute(
                () -> {
                  if (error != null) {
                    handlerFailed(error);
                  } else {
                    then.accept(value);
                  }
                }));
  }

  private void finishCompleted(CompletableFuture<Resp> done) {
    Resp value;
    try {
      value = done.join();
    } catch (CompletionException | CancellationException e) {
      handlerFailed(e);
      return;
    }
    finishUnary(value);
  }

  private void finishUnary(Resp value) {
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

  private void handlerFailed(Throwable error) {
    Throwable t = Statuses.unwrap(error);
    if (outcome.isAborted() || phase.ended()) {
      return; // abort sent the status, or there is no one to send one to
    }
    logger.log(Level.WARNING, "Handler of " + method + " failed", t);
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
    advance(Phase.CLOSED);
    // The reason is made only for streams to end: a unary RPC has none, and filling in an
    // exception's stack trace for every RPC was the largest allocation of a unary call.
    if (hasStreams()) {
      endStreams(
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
      logger.log(Level.WARNING, "Closing " + method + " failed", e);
    }
  }

  private boolean hasStreams() {
    return outbound != null || writes != null || requests != null;
  }

  private void endStreams(Throwable reason) {
    OutboundStream<Resp> out = outbound;
    if (out != null) {
      out.cancel();
    }
    WriteQueue<Resp> queue = writes;
    if (queue != null) {
      queue.abort(reason);
    }
    InboundStream<Req> in = requests;
    if (in != null) {
      in.fail(reason);
    }
  }

  private void cancelHandlerStage() {
    if (handlerStage instanceof CompletableFuture<?> future) {
      future.cancel(false);
    }
  }

  @Override
  public String toString() {
    return "ServerRpc[" + method + ", " + phase + "]";
  }

  /** Where request demand goes. */
  private final class RequestSource implements InboundStream.Source {
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
  }

  /** Where responses from the handler's publisher or write queue go. */
  private final class ResponseSink implements OutboundStream.Sink<Resp> {
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
        WriteQueue<Resp> queue = writes;
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
