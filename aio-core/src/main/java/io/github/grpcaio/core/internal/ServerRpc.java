package io.github.grpcaio.core.internal;

import io.github.grpcaio.AbortError;
import io.github.grpcaio.Compression;
import io.github.grpcaio.GenericRpcHandler;
import io.github.grpcaio.HandlerCallDetails;
import io.github.grpcaio.Metadata;
import io.github.grpcaio.RpcMethodHandler;
import io.github.grpcaio.ServerInterceptor;
import io.github.grpcaio.ServicerContext;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.UsageError;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Grpc;
import io.grpc.ServerCall;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.inprocess.InProcessSocketAddress;
import java.io.InputStream;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The server engine and the {@link ServicerContext} of one RPC: it chooses the handler, drives
 * grpc-java's {@link ServerCall} for all four kinds and decides the final status.
 *
 * <p>Shapes: the request side is one message (requested two at a time, to notice extras) or an
 * {@link InboundStream}; the response side is a stage (one message), a publisher pulled by an
 * {@link OutboundStream}, or a {@link WriteQueue} behind {@code context.write()} pulled the same
 * way.
 *
 * <p>Threading: grpc-java calls the listener on transport threads; each event hops onto {@link
 * #context}, where all state below lives unless marked otherwise and where callbacks (subscriber
 * signals, future dependents, done callbacks) run. The handler itself runs outside the context, so
 * that it may block on its own RPC: the executor thread leaves the context before calling it
 * ({@link SerializingExecutor#runDetached}) and comes back with what it returned ({@link
 * SerializingExecutor#executeHere}), which costs no thread hop unless the handler blocked. The
 * {@link ServicerContext} methods may be called from any thread and hop likewise.
 *
 * @param <Req> the request type (Object until the handler is bound)
 * @param <Resp> the response type
 */
final class ServerRpc<Req, Resp> extends ServerCall.Listener<InputStream>
    implements ServicerContext<Req, Resp> {

  private static final Logger logger = Logger.getLogger(ServerRpc.class.getName());

  /** How an RPC ends: its status and trailing metadata. */
  private record Ending(Status status, Metadata trailers) {}

  private final AioServer server;
  private final ServerCall<InputStream, InputStream> call;
  private final io.grpc.Metadata grpcHeaders;
  private final Context grpcContext; // carries the deadline and cancellation of grpc-java
  private final Deadline deadline;
  private final String method;
  private final SerializingExecutor context;
  private final DoneCallbacks<ServicerContext<Req, Resp>> callbacks = new DoneCallbacks<>();
  private final ResponseCompression compression;

  // Thread-safe state.
  private volatile Metadata invocationMetadata = GrpcMetadata.EMPTY;
  private volatile boolean cancelled;
  private volatile boolean finished; // status sent or cancelled
  private volatile StatusCode code;
  private volatile String details;
  private volatile Metadata trailingMetadata = GrpcMetadata.EMPTY;
  // The status and trailers abort() sent, fixed when it was called: whatever the handler does
  // afterwards, the RPC ends with them. Null until abort() is called.
  private final AtomicReference<Ending> aborted = new AtomicReference<>();
  private final AtomicBoolean released = new AtomicBoolean();
  private final AtomicBoolean slotReleased = new AtomicBoolean();
  // Initial metadata claimed for sending: null = not yet; written by sendInitialMetadata or the
  // first write() or message, whichever comes first.
  private final AtomicReference<Metadata> headersClaim = new AtomicReference<>();
  // Completes once the claimed headers were handed to the transport; fails if the RPC was
  // cancelled first.
  private final CompletableFuture<Void> headersSentFuture = new CompletableFuture<>();
  private volatile InboundStream<Req> requests; // set once when bound
  private final Compression requestCompression;
  private volatile WriteQueue<Resp> writes; // set once when bound
  private volatile OutboundStream<Resp> outbound; // set once when bound

  @ConfinedTo("context")
  private RpcMethodHandler<Req, Resp> handler;

  @ConfinedTo("context")
  private MessageCodec<Req> requestCodec;

  @ConfinedTo("context")
  private MessageCodec<Resp> responseCodec;

  @ConfinedTo("context")
  private Req single;

  @ConfinedTo("context")
  private int received;

  @ConfinedTo("context")
  private boolean headersSent;

  @ConfinedTo("context")
  private boolean closed; // close() was called on the grpc-java call

  @ConfinedTo("context")
  private CompletionStage<?> handlerStage;

  @ConfinedTo("context")
  private boolean halfClosedEarly; // half-closed before the handler was bound

  ServerRpc(
      AioServer server,
      ServerCall<InputStream, InputStream> call,
      io.grpc.Metadata headers,
      Executor executor) {
    this.server = server;
    this.call = call;
    this.grpcHeaders = headers;
    this.requestCompression = MessageEncodings.declaredBy(headers);
    this.grpcContext = Context.current();
    this.deadline = grpcContext.getDeadline();
    this.method = "/" + call.getMethodDescriptor().getFullMethodName();
    this.context = new SerializingExecutor(executor);
    this.compression = new ResponseCompression(server.defaultCompression());
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
    cancelled = true;
    finished = true;
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

  // ---- on the context ----

  private void lookup() {
    Metadata metadata = GrpcMetadata.fromGrpc(grpcHeaders);
    invocationMetadata = metadata;
    if (cancelled) {
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
    if (closed || cancelled) {
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
    if (halfClosedEarly) {
      handleHalfClose();
    }
  }

  @SuppressWarnings("unchecked")
  private void bind(RpcMethodHandler<?, ?> found) {
    handler = (RpcMethodHandler<Req, Resp>) found;
    requestCodec =
        new MessageCodec<>(
            handler.requestMarshaller(), "request", -1, server.maxReceiveMessageLength());
    responseCodec =
        new MessageCodec<>(
            handler.responseMarshaller(), "response", server.maxSendMessageLength(), -1);
    if (handler.responseStreaming()) {
      OutboundStream<Resp> out = new OutboundStream<>(context, new ResponseSink());
      outbound = out;
      if (handler.unaryStreamWriter() != null || handler.streamStreamWriter() != null) {
        WriteQueue<Resp> queue = new WriteQueue<>(context);
        writes = queue;
        queue.subscribe(out);
      }
    }
    if (handler.requestStreaming()) {
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
    if (closed || cancelled || (stream != null && stream.isClosed())) {
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
    if (closed || cancelled) {
      return;
    }
    if (handler == null) {
      halfClosedEarly = true; // the lookup is still running; lookedUp replays it
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
    headersSentFuture.completeExceptionally(reason); // no-op if they were sent
    closed = true;
    cancelHandlerStage();
    release();
  }

  /** The server is stopping and the grace period is over: end this RPC now. Any thread. */
  void cancelForShutdown() {
    context.execute(
        () -> {
          if (closed || cancelled) {
            return;
          }
          closeWith(Status.UNAVAILABLE.withDescription("Cancelling all calls"));
          cancelled = true;
          cancelHandlerStage();
        });
  }

  private void release() {
    finished = true;
    releaseSlot();
    if (released.compareAndSet(false, true)) {
      try {
        callbacks.fire(this);
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
    Runnable run =
        () -> {
          Object result = null;
          Throwable failure = null;
          Context previous = grpcContext.attach();
          try {
            result = callHandler(h, request);
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
          context.executeHere(() -> handlerReturned(h, returned, thrown));
        };
    // The handler runs on this thread once it has left the context: no hop unless it blocks.
    context.runDetached(run);
  }

  private Object callHandler(RpcMethodHandler<Req, Resp> h, Req request) throws Exception {
    if (h.unaryUnary() != null) {
      return h.unaryUnary().handle(request, this);
    } else if (h.unaryStream() != null) {
      return h.unaryStream().handle(request, this);
    } else if (h.unaryStreamWriter() != null) {
      return h.unaryStreamWriter().handle(request, this);
    } else if (h.streamUnary() != null) {
      return h.streamUnary().handle(requests, this);
    } else if (h.streamStream() != null) {
      return h.streamStream().handle(requests, this);
    } else {
      return h.streamStreamWriter().handle(requests, this);
    }
  }

  /** The handler returned {@code result} or threw {@code failure}. On the context. */
  @SuppressWarnings("unchecked")
  private void handlerReturned(RpcMethodHandler<Req, Resp> h, Object result, Throwable failure) {
    InboundStream<Req> in = requests;
    if (in != null) {
      // Request signals start now: a subscriber that maps requests onto the response publisher
      // finds it subscribed to. (read() was never held: a handler may block on it.)
      in.releaseSubscriber();
    }
    if (failure != null) {
      handlerFailed(failure);
    } else if (h.unaryUnary() != null || h.streamUnary() != null) {
      respondWith((CompletionStage<Resp>) result);
    } else if (h.unaryStream() != null || h.streamStream() != null) {
      streamFrom((Flow.Publisher<Resp>) result);
    } else {
      writeUntil((CompletionStage<?>) result);
    }
  }

  private void respondWith(CompletionStage<Resp> stage) {
    if (stage == null) {
      handlerFailed(new NullPointerException("Handler returned null"));
      return;
    }
    handlerStage = stage;
    if (cancelled) {
      cancelHandlerStage(); // cancelled while the handler ran
      return;
    }
    if (stage instanceof CompletableFuture<Resp> future && future.isDone()) {
      finishUnary(future); // the common synchronous handler: no extra hop
    } else {
      stage.whenComplete(
          (value, error) ->
              context.execute(
                  () -> {
                    if (error != null) {
                      handlerFailed(error);
                    } else {
                      finishUnary(value);
                    }
                  }));
    }
  }

  private void finishUnary(CompletableFuture<Resp> done) {
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
    if (closed || cancelled) {
      return;
    }
    StatusCode set = code;
    if (set != null && set != StatusCode.OK) {
      closeWithContextStatus(); // a non-OK code discards the response
      return;
    }
    if (value == null) {
      handlerFailed(new NullPointerException("Handler completed with a null response"));
      return;
    }
    if (sendResponse(value)) {
      closeWithContextStatus();
    }
  }

  private void streamFrom(Flow.Publisher<Resp> publisher) {
    if (publisher == null) {
      handlerFailed(new NullPointerException("Handler returned null"));
    } // else invoke() subscribed the response stream to it already
  }

  private void writeUntil(CompletionStage<?> stage) {
    if (stage == null) {
      handlerFailed(new NullPointerException("Handler returned null"));
      return;
    }
    handlerStage = stage;
    if (cancelled) {
      cancelHandlerStage(); // cancelled while the handler ran
      return;
    }
    stage.whenComplete(
        (ignored, error) ->
            context.execute(
                () -> {
                  if (error != null) {
                    handlerFailed(error);
                  } else {
                    writes.doneWriting(); // the status follows the last write
                  }
                }));
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
    if (headersSent) {
      return;
    }
    headersSent = true;
    Metadata claimed = headersClaim.get();
    if (claimed == null) {
      headersClaim.compareAndSet(null, GrpcMetadata.EMPTY);
      claimed = headersClaim.get();
    }
    compression.applyTo(call);
    call.sendHeaders(GrpcMetadata.toGrpc(claimed));
    headersSentFuture.complete(null);
  }

  private void handlerFailed(Throwable error) {
    Throwable t = Statuses.unwrap(error);
    if (aborted.get() != null || closed || cancelled) {
      return; // abort sent the status, or there is no one to send one to
    }
    logger.log(Level.WARNING, "Handler of " + method + " failed", t);
    StatusCode set = code;
    if (set != null && set != StatusCode.OK) {
      closeWithContextStatus(); // an earlier non-OK code wins over UNKNOWN
    } else {
      closeWith(Status.UNKNOWN.withDescription("Unexpected " + Statuses.describe(t)));
    }
  }

  private void closeWithContextStatus() {
    StatusCode set = code;
    Status status = Statuses.toStatus(set == null ? StatusCode.OK : set);
    String d = details;
    closeWith(d == null || d.isEmpty() ? status : status.withDescription(d));
  }

  /**
   * Ends the RPC with {@code status} and the trailing metadata set, unless it has ended; after
   * {@link #abort}, with the status and trailers abort() fixed, whatever the caller asks.
   */
  private void closeWith(Status status) {
    if (closed || cancelled) {
      return;
    }
    Ending abort = aborted.get();
    Status finalStatus = abort != null ? abort.status() : status;
    Metadata trailers = abort != null ? abort.trailers() : trailingMetadata;
    closed = true;
    finished = true;
    // The reason is made only for streams to end: a unary RPC has none, and filling in an
    // exception's stack trace for every RPC was the largest allocation of a unary call.
    if (hasStreams()) {
      endStreams(
          aborted.get() != null
              ? new AbortError("Locally aborted.")
              : new CancellationException("The RPC has ended"));
    }
    try {
      if (headersClaim.get() != null) {
        sendHeadersIfNeeded(); // claimed headers go out before the status, as in Python
      }
      releaseSlot(); // before the client can see the status
      call.close(finalStatus, GrpcMetadata.toGrpc(trailers));
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

  // ---- ServicerContext: any thread ----

  @Override
  public CompletableFuture<Optional<Req>> read() {
    InboundStream<Req> stream = requests;
    if (stream == null) {
      throw new UsageError("read() is only for methods with a request stream");
    }
    return stream.read();
  }

  @Override
  public CompletableFuture<Void> write(Resp message) {
    Objects.requireNonNull(message, "message");
    WriteQueue<Resp> queue = writes;
    if (queue == null) {
      throw new UsageError(
          outbound == null
              ? "write() is only for methods with a response stream"
              : "write() is not allowed when the handler returns a publisher");
    }
    // The first write claims the headers now, so that a later sendInitialMetadata fails however
    // soon the message goes out.
    headersClaim.compareAndSet(null, GrpcMetadata.EMPTY);
    return queue.write(message);
  }

  @Override
  public CompletableFuture<Void> sendInitialMetadata(Metadata initialMetadata) {
    Objects.requireNonNull(initialMetadata, "initialMetadata");
    if (!headersClaim.compareAndSet(null, initialMetadata.copy().readOnly())) {
      throw new UsageError("Send initial metadata failed: already sent");
    }
    context.execute(
        () -> {
          if (!closed && !cancelled) {
            sendHeadersIfNeeded();
          } else {
            // Claimed before the end: closeWith sent them (or handleCancel failed the future).
            // Claimed after the end: too late, nothing will send them.
            headersSentFuture.completeExceptionally(new CancellationException("The RPC has ended"));
          }
        });
    return headersSentFuture.copy();
  }

  @Override
  public AbortError abort(StatusCode code, String details) {
    return abort(code, details, null);
  }

  @Override
  public AbortError abort(StatusCode code, String details, Metadata trailingMetadata) {
    Objects.requireNonNull(code, "code");
    if (code == StatusCode.OK) {
      throw new UsageError("abort() needs a non-OK status code; OK is not allowed");
    }
    String d = details != null && !details.isEmpty() ? details : this.details;
    Metadata trailers =
        trailingMetadata != null && !trailingMetadata.isEmpty()
            ? trailingMetadata.copy().readOnly()
            : this.trailingMetadata;
    Status status = Statuses.toStatus(code);
    Ending ending =
        new Ending(d == null || d.isEmpty() ? status : status.withDescription(d), trailers);
    if (!aborted.compareAndSet(null, ending)) {
      throw new UsageError("Abort already called!");
    }
    this.code = code;
    this.details = d;
    this.trailingMetadata = trailers;
    finished = true; // the outcome is fixed: done() from now on, as after closeWith
    context.execute(() -> closeWith(ending.status()));
    throw new AbortError("Locally aborted.");
  }

  @Override
  public void setTrailingMetadata(Metadata trailingMetadata) {
    this.trailingMetadata = Objects.requireNonNull(trailingMetadata).copy().readOnly();
  }

  @Override
  public Metadata trailingMetadata() {
    return trailingMetadata;
  }

  @Override
  public Metadata invocationMetadata() {
    return invocationMetadata;
  }

  @Override
  public Compression requestCompression() {
    return requestCompression;
  }

  @Override
  public void setCode(StatusCode code) {
    this.code = Objects.requireNonNull(code, "code");
  }

  @Override
  public void setDetails(String details) {
    this.details = Objects.requireNonNull(details, "details");
  }

  @Override
  public Optional<StatusCode> code() {
    return Optional.ofNullable(code);
  }

  @Override
  public Optional<String> details() {
    return Optional.ofNullable(details);
  }

  @Override
  public void setCompression(Compression compression) {
    this.compression.set(compression, headersClaim.get() != null);
  }

  @Override
  public void disableNextMessageCompression() {
    compression.disableNext();
  }

  @Override
  public String peer() {
    return formatPeer(call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
  }

  static String formatPeer(SocketAddress address) {
    if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
      String host = inet.getAddress().getHostAddress();
      return inet.getAddress() instanceof Inet6Address
          ? "ipv6:[" + host + "]:" + inet.getPort()
          : "ipv4:" + host + ":" + inet.getPort();
    }
    if (address instanceof InProcessSocketAddress inProcess) {
      return "inprocess:" + inProcess.getName();
    }
    return String.valueOf(address);
  }

  @Override
  public List<byte[]> peerIdentities() {
    return AuthContexts.of(call.getAttributes()).identities();
  }

  @Override
  public Optional<String> peerIdentityKey() {
    return AuthContexts.of(call.getAttributes()).identityKey();
  }

  @Override
  public Map<String, List<byte[]>> authContext() {
    return AuthContexts.of(call.getAttributes()).context();
  }

  @Override
  public Optional<Duration> timeRemaining() {
    return RemainingTime.until(deadline);
  }

  @Override
  public boolean cancelled() {
    return cancelled;
  }

  @Override
  public boolean done() {
    return finished;
  }

  @Override
  public void addDoneCallback(Consumer<? super ServicerContext<Req, Resp>> callback) {
    callbacks.add(callback);
  }

  @Override
  public String toString() {
    return "ServicerContext[" + method + (finished ? ", done" : "") + "]";
  }

  /** Where request demand goes. */
  private final class RequestSource implements InboundStream.Source {
    @Override
    public void request(int count) {
      if (!closed && !cancelled) {
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
      return !closed && !cancelled && call.isReady();
    }

    @Override
    public void send(Resp message) {
      if (closed || cancelled) {
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
      closeWithContextStatus();
    }

    @Override
    public void fail(Throwable error) {
      handlerFailed(error);
    }
  }
}
