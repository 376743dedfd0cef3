package io.github.grpcaio.core.internal.client;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.github.grpcaio.Metadata;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.UsageError;
import io.github.grpcaio.core.internal.ConfinedTo;
import io.github.grpcaio.core.internal.FieldHandles;
import io.github.grpcaio.core.internal.GrpcMetadata;
import io.github.grpcaio.core.internal.MessageCodec;
import io.github.grpcaio.core.internal.ReceivedMetadata;
import io.github.grpcaio.core.internal.Statuses;
import io.github.grpcaio.core.internal.stream.InboundStream;
import io.github.grpcaio.core.internal.stream.OutboundStream;
import io.github.grpcaio.core.internal.stream.SerializingExecutor;
import io.github.grpcaio.core.internal.stream.WriteQueue;
import io.grpc.ClientCall;
import io.grpc.Status;
import io.grpc.StatusException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * The client engine: one class drives grpc-java's {@link ClientCall} for all four RPC kinds. The
 * kinds ({@link CallKind}) differ only in the request source ({@link RequestSource}: one message, a
 * publisher, or a {@link WriteQueue}) and the response sink (a {@link CallFuture} or an {@link
 * InboundStream}). This class implements the methods of all four call interfaces; each call class
 * only declares the interface of its kind, which exposes the matching ones.
 *
 * <p>Threading: {@link #context} is grpc-java's executor for the call ({@code
 * CallOptions.withExecutor}), so grpc-java calls the listener methods in a task of the context,
 * having hopped once per burst of events; each one is handled there at once, or queued behind the
 * RPC's waiting work ({@link SerializingExecutor#runNow}; a grpc-java interceptor may also call
 * from another thread). The context is where all state lives and all user code runs.
 *
 * <p>Outcome: the first of a local decision ({@link #cancel()}, a (de)serializer failure, a failed
 * request publisher, channel close) and the server's status wins, by compare-and-set on {@link
 * #decided}; {@link #done()} is true from then on. A local decision cancels the grpc-java call,
 * whose {@code onClose} then completes everything with the decided status.
 *
 * @param <Req> the request type
 * @param <Resp> the response type
 */
abstract class ClientRpc<Req, Resp> extends AbstractClientCall<Resp> {

  static final String LOCALLY_CANCELLED = "Locally cancelled by application!";

  /** How an RPC ended or is going to end. */
  private record Outcome(Status status, boolean local) {}

  /**
   * Everything known once the RPC has ended: its status and, converted when asked, its trailers.
   */
  private static final class Result extends ReceivedMetadata {
    final Status status;

    Result(Status status, io.grpc.Metadata trailers) {
      super(trailers);
      this.status = status;
    }
  }

  private static final Outcome LOCAL_CANCEL =
      new Outcome(Status.CANCELLED.withDescription(LOCALLY_CANCELLED), true);

  // The outcome of most calls, shared (grpc-java hands over its Status.OK singleton).
  private static final Outcome REMOTE_OK = new Outcome(Status.OK, false);

  private static final VarHandle DECIDED =
      FieldHandles.of(MethodHandles.lookup(), "decided", Outcome.class);

  private final AioChannel channel;
  private final ClientCall<InputStream, InputStream> call; // thread-safe for request/cancel
  private final MessageCodec<Req> requestCodec;
  private final MessageCodec<Resp> responseCodec;
  // As grpc-java delivered them (null: the call ended without), converted when asked: most calls
  // never look.
  private final CompletableFuture<io.grpc.Metadata> headers = new CompletableFuture<>();
  private final CompletableFuture<Result> closed = new CompletableFuture<>();
  private static final VarHandle ACCESSORS =
      FieldHandles.of(MethodHandles.lookup(), "accessors", AccessorFutures.class);

  // Thread-safe; derived from the above. Made by the first accessor asked for (see accessors()).
  @SuppressWarnings("unused") // accessed through ACCESSORS
  private volatile AccessorFutures accessors;

  @SuppressWarnings("unused") // accessed through DECIDED; written once
  private volatile Outcome decided;

  // grpc-java's ClientCall is thread-safe only for request(): start, sendMessage, halfClose and
  // cancel are serialized by this lock, as cancel() may come from any thread while the context
  // sends. It is held only around those non-blocking calls (whose listener only hops), never
  // around user code. It also orders start and cancel: a call is visible to its channel's close
  // (which cancels it) before it starts, and must not be cancelled before start(). The lock is the
  // call's grpc-java listener, made with the call and locked by nothing else (grpc-java never
  // synchronizes on a listener), so that it costs no object of its own.
  private final Listener listener = new Listener();
  private final Object callLock = listener;

  @GuardedBy("callLock")
  private boolean started;

  private final InboundStream<Resp> responses; // for a streaming response, else null
  private final WriteQueue<Req> writes; // for requests from WRITES, else null

  private final OutboundStream<Req> outbound; // null for a unary request

  @ConfinedTo("context")
  private Resp single; // the unary response

  @ConfinedTo("context")
  private int received;

  /**
   * Creates the engine; {@code start*} then starts the RPC.
   *
   * @param method the method, its channel and codecs
   * @param prepared the grpc-java call (not started), the context and the deadline
   * @param source where the requests come from, which must fit the method's kind
   */
  ClientRpc(ClientMethod<Req, Resp> method, PreparedCall prepared, RequestSource source) {
    super(CallKind.of(method.descriptor.getType()), prepared.context(), prepared.deadline());
    if (kind.streamingRequest() == (source == RequestSource.MESSAGE)) {
      throw new IllegalArgumentException(kind + " call with requests from " + source);
    }
    this.channel = method.channel;
    this.call = prepared.call();
    this.requestCodec = method.requestCodec;
    this.responseCodec = method.responseCodec;
    this.responses =
        kind.streamingResponse() ? new InboundStream<>(context, new ResponseSource()) : null;
    this.writes =
        source == RequestSource.WRITES ? new WriteQueue<>(context, WriteQueue.HALF_CLOSED) : null;
    this.outbound =
        kind.streamingRequest() ? new OutboundStream<>(context, new RequestSink()) : null;
  }

  /**
   * Starts an RPC with one request, serialized on the calling thread.
   *
   * @param request the request
   * @param metadata the headers to send
   */
  final void startUnary(Req request, io.grpc.Metadata metadata) {
    if (!startCall(metadata)) {
      return;
    }
    if (!kind.streamingResponse()) {
      call.request(2); // two, to notice a server that sends more than one
    }
    InputStream stream;
    try {
      stream = requestCodec.encodeReplayable(request);
    } catch (StatusException e) {
      failLocally(e.getStatus());
      return;
    }
    synchronized (callLock) {
      if (decided == null) { // else cancelled meanwhile: onClose reports it
        call.sendMessage(stream);
        call.halfClose();
      }
    }
  }

  /**
   * Starts an RPC with a request stream, and subscribes to the request publisher on the calling
   * thread before returning.
   *
   * @param requests the request publisher, or null to use {@link #writes}
   * @param metadata the headers to send
   */
  final void startStreaming(Flow.Publisher<? extends Req> requests, io.grpc.Metadata metadata) {
    if (!startCall(metadata)) {
      return;
    }
    if (!kind.streamingResponse()) {
      call.request(2);
    }
    Flow.Publisher<? extends Req> source = requests != null ? requests : writes;
    // Subscribe now, on the caller's thread, before call() returns, as a direct call would: a hot
    // publisher (a SubmissionPublisher fed right after call()) drops what it emits while it has no
    // subscriber. The outbound stream hops onto the context itself and requests nothing until the
    // transport is ready, so subscribing early buffers nothing.
    try {
      source.subscribe(outbound);
    } catch (Throwable t) {
      failLocally(requestStreamFailed(t));
    }
  }

  /**
   * Starts the grpc-java call, unless the outcome was decided first (the channel was closed while
   * the call was being made): then the call is never started, and its end is reported as if
   * grpc-java had closed it.
   *
   * @return true if the call was started
   */
  private boolean startCall(io.grpc.Metadata metadata) {
    synchronized (callLock) {
      Outcome outcome = decided;
      if (outcome != null) {
        context.execute(() -> handleClose(outcome.status, new io.grpc.Metadata()));
        return false;
      }
      call.start(listener, metadata);
      started = true;
      return true;
    }
  }

  /**
   * grpc-java's listener. grpc-java calls it in a task of the context, so each event is handled at
   * once when nothing else of the RPC waits in the context's queue, else queued behind it (see
   * {@link SerializingExecutor#runNow}); a grpc-java interceptor calling from another thread always
   * queues.
   */
  private final class Listener extends ClientCall.Listener<InputStream> {
    // What onClose received, handed to the context with the event (grpc-java closes a call once):
    // the event then needs no object of its own when it is handled at once.
    private Status closeStatus;
    private io.grpc.Metadata closeTrailers;

    @Override
    public void onHeaders(io.grpc.Metadata metadata) {
      context.runNowOrQueue(ClientRpc::handleHeaders, ClientRpc.this, metadata);
    }

    @Override
    public void onMessage(InputStream message) {
      context.runNowOrQueue(ClientRpc::handleMessage, ClientRpc.this, message);
    }

    @Override
    public void onReady() {
      if (outbound != null) {
        context.runNowOrQueue((rpc, ignored) -> rpc.outbound.onReady(), ClientRpc.this, null);
      }
    }

    @Override
    public void onClose(Status status, io.grpc.Metadata trailers) {
      closeStatus = status;
      closeTrailers = trailers;
      context.runNowOrQueue(ClientRpc::handleClose, ClientRpc.this, this);
    }
  }

  /** The accessor futures, made by the first caller: most calls never ask. Any thread. */
  private AccessorFutures accessors() {
    return FieldHandles.getOrMake(ACCESSORS, this, AccessorFutures::new);
  }

  // ---- on the context ----

  private void handleHeaders(io.grpc.Metadata metadata) {
    headers.complete(metadata);
  }

  private void handleClose(Listener closed) {
    handleClose(closed.closeStatus, closed.closeTrailers);
  }

  private void handleMessage(InputStream message) {
    Outcome outcome = decided;
    if ((outcome != null && outcome.local) || (responses != null && responses.isClosed())) {
      MessageCodec.discard(message);
      return;
    }
    Resp value;
    try {
      value = responseCodec.decode(message);
    } catch (StatusException e) {
      failLocally(e.getStatus());
      return;
    }
    if (responses != null) {
      responses.onMessage(value);
    } else if (received++ == 0) {
      single = value;
    } else {
      failLocally(
          Status.INTERNAL.withDescription(
              "More than one responses received for unary or client-streaming call"));
    }
  }

  /**
   * grpc-java's client words the deadline it enforced its own way ({@code "CallOptions deadline
   * exceeded after 0.300s. Name resolution delay ..."}, {@code "ClientCall started after
   * CallOptions deadline was exceeded ..."}); gRPC's other clients, Python's included, say {@code
   * "Deadline Exceeded"}. Once this call's deadline has passed, a {@code DEADLINE_EXCEEDED} says
   * that too (the error's debug string keeps grpc-java's words); one a server sent earlier keeps
   * its details.
   */
  private Status commonDeadlineDetails(Status status) {
    if (status.getCode() != Status.Code.DEADLINE_EXCEEDED
        || deadline == null
        || !deadline.isExpired()) {
      return status;
    }
    return Statuses.DEADLINE_EXCEEDED.withCause(status.getCause());
  }

  @SuppressWarnings("ReferenceEquality") // the very singleton: any other OK status keeps its own
  private void handleClose(Status grpcStatus, io.grpc.Metadata grpcTrailers) {
    Outcome remote = grpcStatus == Status.OK ? REMOTE_OK : new Outcome(grpcStatus, false);
    Outcome outcome = (Outcome) DECIDED.compareAndExchange(this, null, remote);
    if (outcome == null) {
      outcome = remote;
    }
    Status status = outcome.status;
    Status heard = status; // as grpc-java worded it (explained): the error's debug string
    if (!outcome.local && status.isOk() && !kind.streamingResponse() && received == 0) {
      status = Status.INTERNAL.withDescription("No value received for unary call");
      heard = status;
    } else if (!outcome.local) {
      heard = channel.explainTransportFailure(status, headers.isDone());
      status = commonDeadlineDetails(heard);
    }
    Result result = new Result(status, grpcTrailers);
    headers.complete(null); // no-op if the headers arrived

    Throwable error = null;
    if (!status.isOk()) {
      if (outcome.local && status.getCode() == Status.Code.CANCELLED) {
        CancellationException cancel = new CancellationException(Statuses.details(status));
        cancel.initCause(status.getCause());
        error = cancel;
      } else {
        error =
            Statuses.toError(status, heard, GrpcMetadata.fromGrpc(headers.join()), result.get());
      }
    }
    if (outbound != null) {
      outbound.cancel();
    }
    if (writes != null) {
      writes.abort(error != null ? error : new UsageError("RPC already finished."));
    }
    try {
      closed.complete(result);
      fireDoneCallbacks();
      if (responses != null) {
        if (error == null) {
          responses.complete();
        } else {
          responses.fail(error);
        }
      } else if (error == null) {
        response.succeed(single);
      } else {
        response.fail(error);
      }
    } finally {
      // Last: the channel's close completes once every call has ended, the user code that runs at
      // the end (done callbacks, dependents of the response and of code(), the stream's terminal
      // signal) included; and whatever that code throws, the close is not left waiting.
      channel.untrack(this);
    }
  }

  /**
   * Decides the outcome locally, if nothing was decided yet, and cancels the grpc-java call. Any
   * thread.
   *
   * @param status the status to report
   * @return true if this decided the outcome
   */
  final boolean failLocally(Status status) {
    return decideLocally(new Outcome(status, true));
  }

  private boolean decideLocally(Outcome outcome) {
    if (!DECIDED.compareAndSet(this, null, outcome)) {
      return false;
    }
    synchronized (callLock) {
      if (started) {
        call.cancel(Statuses.details(outcome.status), outcome.status.getCause());
      } // else startCall() sees the outcome and reports it instead of starting
    }
    return true;
  }

  private static Status requestStreamFailed(Throwable t) {
    return Status.CANCELLED
        .withDescription("Request stream failed: " + Statuses.describe(t))
        .withCause(t);
  }

  // ---- Call ----

  @Override
  public final CompletableFuture<Metadata> initialMetadata() {
    return accessors()
        .get(AccessorFutures.INITIAL_METADATA, f -> f.derive(headers, GrpcMetadata::fromGrpc));
  }

  @Override
  public final CompletableFuture<Metadata> trailingMetadata() {
    return accessors()
        .get(AccessorFutures.TRAILING_METADATA, f -> f.derive(closed, ReceivedMetadata::get));
  }

  @Override
  public final CompletableFuture<StatusCode> code() {
    return accessors()
        .get(AccessorFutures.CODE, f -> f.derive(closed, r -> Statuses.code(r.status)));
  }

  @Override
  public final CompletableFuture<String> details() {
    return accessors()
        .get(AccessorFutures.DETAILS, f -> f.derive(closed, r -> Statuses.details(r.status)));
  }

  @Override
  public final CompletableFuture<String> debugErrorString() {
    return accessors()
        .get(
            AccessorFutures.DEBUG_ERROR_STRING,
            f -> f.derive(closed, r -> Statuses.debugString(r.status)));
  }

  @Override
  public final boolean cancel() {
    return decideLocally(LOCAL_CANCEL);
  }

  @Override
  public final boolean cancelled() {
    Outcome outcome = decided;
    return outcome != null && outcome.local && outcome.status.getCode() == Status.Code.CANCELLED;
  }

  @Override
  public final boolean done() {
    return decided != null;
  }

  // ---- the methods of the kinds; each call class exposes those of its kind ----

  /** Subscribes to the responses of a streaming-response kind. */
  public final void subscribe(Flow.Subscriber<? super Resp> subscriber) {
    responses.subscribe(subscriber);
  }

  /** Reads the next response of a streaming-response kind; empty at the end. */
  public final CompletableFuture<Optional<Resp>> read() {
    return responses.read();
  }

  /** Reads the next response of a streaming-response kind into {@code result}. */
  public final void readInto(CompletableFuture<Optional<Resp>> result) {
    responses.readInto(result);
  }

  /** Writes a request of a stream-request kind made without a publisher. */
  public final CompletableFuture<Void> write(Req request) {
    return writeQueue().write(request);
  }

  /** Half-closes a stream-request kind made without a publisher, after its writes. */
  public final CompletableFuture<Void> doneWriting() {
    return writeQueue().doneWriting();
  }

  private WriteQueue<Req> writeQueue() {
    if (writes == null) {
      throw new UsageError(WriteQueue.PUBLISHER_GIVEN);
    }
    return writes;
  }

  @Override
  public String toString() {
    Outcome outcome = decided;
    boolean callStarted;
    synchronized (callLock) {
      callStarted = started;
    }
    return getClass().getSimpleName()
        + "[started="
        + callStarted
        + ", closed="
        + closed.isDone()
        + ", call="
        + call
        + ", "
        + (outcome == null
            ? "active"
            : outcome.status.getCode() + (outcome.local ? " (local)" : ""))
        + "]";
  }

  /** Where response demand goes. */
  private final class ResponseSource implements InboundStream.Source {
    @Override
    public void request(int count) {
      call.request(count);
    }

    @Override
    public void cancel() {
      ClientRpc.this.cancel(); // cancelling the subscription cancels the RPC
    }
  }

  /** Where requests from the publisher or the write queue go. */
  private final class RequestSink implements OutboundStream.Sink<Req> {
    @Override
    public boolean byteWindow() {
      return channel.byteWindow();
    }

    @Override
    public boolean isReady() {
      return decided == null && call.isReady();
    }

    @Override
    public void send(Req message) {
      if (decided != null) {
        return;
      }
      InputStream stream;
      try {
        stream = requestCodec.encodeReplayable(message);
      } catch (StatusException e) {
        failLocally(e.getStatus());
        return;
      }
      synchronized (callLock) {
        if (decided != null) {
          return; // cancelled meanwhile
        }
        call.sendMessage(stream);
      }
      if (writes != null) {
        writes.onSent();
      }
    }

    @Override
    public void complete() {
      if (decided != null) {
        return;
      }
      synchronized (callLock) {
        if (decided != null) {
          return; // cancelled meanwhile
        }
        call.halfClose();
      }
      if (writes != null) {
        writes.onHalfClosed();
      }
    }

    @Override
    public void fail(Throwable error) {
      failLocally(requestStreamFailed(error));
    }
  }
}
