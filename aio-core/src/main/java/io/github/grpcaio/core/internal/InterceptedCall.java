package io.github.grpcaio.core.internal;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.github.grpcaio.AioRpcError;
import io.github.grpcaio.Call;
import io.github.grpcaio.CallOptions;
import io.github.grpcaio.ClientCallDetails;
import io.github.grpcaio.Metadata;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.UsageError;
import io.grpc.Deadline;
import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The call a caller gets when its channel has interceptors of the call's kind, as Python's {@code
 * InterceptedCall}: a view of the call the interceptor chain will return, usable at once.
 *
 * <p>Lifecycle: <em>pending</em> while the chain runs (not {@link #done()}, not {@link
 * #cancelled()}); then <em>decided</em>, once, either with the chain's call (everything then
 * delegates to it) or with a failure: the exception the chain failed with, or a {@link
 * CancellationException} after {@link #cancel()}. Deciding is a compare-and-set under {@code this};
 * everything that follows it (done callbacks, the response future, forwarding what the caller did
 * meanwhile) runs on this call's {@link #context}, in that order.
 *
 * <p>What the caller does while the chain runs is queued in order and forwarded when it is decided:
 * subscribers, reads, writes and half-close go to the chain's call in the order they were made
 * (each future completing when the chain's call completes its own), or fail with the failure.
 * Nothing else is buffered: a write's future completes only once the chain's call has sent it.
 *
 * <p>A failed chain maps to a status for {@link #code()} and {@link #details()}: an {@link
 * AioRpcError} to its code, details and metadata; a {@link CancellationException} to {@code
 * CANCELLED}; any other exception to {@code UNKNOWN} with details {@code "Unexpected <class>:
 * <message>"}. The response future and stream subscribers get the exception itself, unchanged.
 *
 * <p>Calls the chain started (each invocation of the innermost continuation) are cancelled if the
 * chain fails or this call is cancelled before it is decided, so none is left open; a chain call
 * that arrives after a cancel is cancelled too.
 *
 * <p>The caller's timeout bounds the chain too: a chain still running at the deadline ends with
 * {@code DEADLINE_EXCEEDED} (its stage and the calls it started are cancelled), whatever timeouts
 * the interceptors gave the calls they made. (Python lets such a chain run on.)
 *
 * <p>The caller's {@link io.grpc.Context} (current when the multi-callable was invoked, such as the
 * one a server handler runs in) is kept, so that an intercepted call behaves as a direct one: its
 * deadline counts as the caller's deadline when it comes first (in {@link #timeRemaining()} and the
 * {@link ClientCallDetails#timeout()} the interceptors see); the chain runs with it current, so a
 * call an interceptor makes itself inherits it too; every real call is made within it, whichever
 * thread invokes the innermost continuation, so grpc-java propagates its deadline and cancellation;
 * and its cancellation ends a chain still running, with the status a direct call would get ({@code
 * CANCELLED}, or {@code DEADLINE_EXCEEDED} for its deadline).
 *
 * <p>The channel tracks this call until it is decided: closing the channel cancels a chain still
 * running once the grace period is over, like any active call.
 *
 * <p>Threading: the chain starts on a task of the channel's executor (not on {@link #context}, so
 * that an interceptor that blocks does not hold up a cancel), so interceptors never run on the
 * caller's thread or on a transport thread; they may complete their stage from any thread. No lock
 * is held while user code runs.
 *
 * @param <Req> the request type
 * @param <Resp> the response type
 * @param <C> the call type of the kind
 */
abstract class InterceptedCall<Req, Resp, C extends Call> implements Call {

  /** The response of a unary-response kind, else null. */
  protected final CallFuture<Resp> response;

  private final AioChannel channel;
  private final SerializingExecutor context;
  private final io.grpc.Context callerContext; // current when the call was made; immutable
  private final Deadline deadline; // null for none; fixed when the call was made
  // Registered on callerContext until decided; runs on context.
  private final io.grpc.Context.CancellationListener onCallerCancelled = this::callerCancelled;
  private final DoneCallbacks<Call> callbacks = new DoneCallbacks<>();
  private final CompletableFuture<Decision<C>> decision = new CompletableFuture<>();
  private final AccessorFutures accessors = new AccessorFutures(); // thread-safe; from decision
  private final AtomicBoolean halfClosed = new AtomicBoolean();

  /** The outcome of the chain: exactly one of the fields is non-null. */
  private record Decision<C>(C call, Throwable failure) {}

  @GuardedBy("this")
  private Decision<C> decided; // null while pending

  @GuardedBy("this")
  private boolean drained; // every queued action ran; later ones run at once

  @GuardedBy("this")
  private List<Runnable> queued = new ArrayList<>();

  @GuardedBy("this")
  private final List<Call> attempts = new ArrayList<>();

  @GuardedBy("this")
  private CompletionStage<C> chainStage;

  @GuardedBy("this")
  private ScheduledFuture<?> deadlineTimer;

  /**
   * Creates the call; {@link #start} runs the chain.
   *
   * @param channel the channel, for its executor
   * @param options the caller's options, for the deadline
   * @param unaryResponse whether the kind has a single response
   */
  InterceptedCall(AioChannel channel, CallOptions options, boolean unaryResponse) {
    this.channel = channel;
    this.context = channel.newContext();
    this.callerContext = io.grpc.Context.current();
    Deadline own =
        options
            .timeout()
            .map(t -> Deadline.after(Durations.toNanos(t), TimeUnit.NANOSECONDS))
            .orElse(null);
    // As for a direct call: the caller's context deadline applies if it comes first.
    this.deadline = RemainingTime.effective(own, callerContext);
    this.response = unaryResponse ? new CallFuture<>(this) : null;
  }

  /**
   * Registers this call with the channel, which cancels it if closed while the chain runs, and runs
   * the chain on the context.
   *
   * @param chain the interceptors of the kind
   * @param method the method called
   * @param caller the caller's options
   * @param request the request argument
   * @param terminal starts one real call
   * @param <I> the interceptor type
   * @param <A> the request argument type
   * @throws UsageError if the channel is closed
   */
  final <I, A> void start(
      InterceptorChain<I, A, C> chain,
      ClientMethod<Req, Resp> method,
      CallOptions caller,
      A request,
      InterceptorChain.Step<A, C> terminal) {
    channel.track(this); // until decided; the chain's call is tracked on its own
    if (deadline != null) {
      // On the channel's executor: cancelling the chain's stage runs its dependents, user code.
      ScheduledFuture<?> timer =
          AioRuntime.schedule(
              this::deadlineExpired,
              Math.max(0, deadline.timeRemaining(TimeUnit.NANOSECONDS)),
              channel.executor());
      synchronized (this) {
        deadlineTimer = timer;
      }
    }
    // Runs at once on the context if the caller's context is already cancelled; a no-op for a
    // context that cannot be cancelled (the root one).
    callerContext.addListener(onCallerCancelled, context);
    // Not on the context: an interceptor that blocks must not hold up cancel() and the deadline,
    // whose outcome is settled there. With the caller's context current, as the call would be.
    callerContext
        .fixedContextExecutor(channel.newContext())
        .execute(
            () -> {
              synchronized (this) {
                if (decided != null) {
                  return; // cancelled before the chain started
                }
              }
              ClientCallDetails details =
                  new ClientCallDetails(
                      method.displayName(),
                      timeRemaining().orElse(null),
                      caller.metadata().orElse(null),
                      caller.credentials().orElse(null),
                      caller.waitForReady().orElse(null),
                      caller.compression().orElse(null));
              CompletionStage<C> stage = chain.run(details, request, terminal);
              boolean cancelledMeanwhile;
              synchronized (this) {
                chainStage = stage;
                // Only cancel(), the deadline or closing the channel decide before the chain ends.
                cancelledMeanwhile = decided != null;
              }
              if (cancelledMeanwhile) {
                InterceptorChain.cancelQuietly(stage);
              }
              stage.whenComplete(
                  (call, error) ->
                      context.execute(
                          () -> chainEnded(call, error == null ? null : Statuses.unwrap(error))));
            });
  }

  /**
   * Starts one real call for the innermost continuation, unless this call was decided.
   *
   * @param starter starts the call
   * @return a stage with the call, or failed with {@link CancellationException} if this call was
   *     decided (cancelled or failed) before
   */
  final CompletionStage<C> attempt(Supplier<C> starter) {
    synchronized (this) {
      if (decided != null) {
        return CompletableFuture.failedFuture(cancelledError());
      }
    }
    C call;
    // The innermost continuation may be invoked on any thread: make the real call in the caller's
    // context, where grpc-java picks up its deadline and cancellation.
    io.grpc.Context previous = callerContext.attach();
    try {
      call = starter.get();
    } finally {
      callerContext.detach(previous);
    }
    boolean late;
    synchronized (this) {
      late = decided != null;
      if (!late) {
        attempts.add(call);
      }
    }
    if (late) {
      call.cancel();
      return CompletableFuture.failedFuture(cancelledError());
    }
    return CompletableFuture.completedFuture(call);
  }

  /** Turns details into the options of a real call. */
  static CallOptions optionsOf(ClientCallDetails details) {
    CallOptions options =
        CallOptions.DEFAULT
            .withTimeout(details.timeout())
            .withMetadata(details.metadata())
            .withCredentials(details.credentials())
            .withCompression(details.compression());
    if (details.waitForReady() != null) {
      options = options.withWaitForReady(details.waitForReady());
    }
    return options;
  }

  // ---- deciding; on the context unless said otherwise ----

  private void chainEnded(C call, Throwable error) {
    if (error == null && call == null) {
      error = new NullPointerException("The client interceptor chain completed with a null call");
    }
    if (!decide(new Decision<>(error == null ? call : null, error))) {
      if (call != null) {
        call.cancel(); // cancelled meanwhile: end the call the chain came back with
      }
      return;
    }
    settle();
  }

  /** Decides the outcome if nothing was decided yet. Any thread. */
  private boolean decide(Decision<C> outcome) {
    List<Call> toCancel;
    synchronized (this) {
      if (decided != null) {
        return false;
      }
      decided = outcome;
      toCancel = outcome.failure != null ? new ArrayList<>(attempts) : List.of();
      attempts.clear();
    }
    for (Call call : toCancel) {
      call.cancel();
    }
    return true;
  }

  /** Runs what follows the decision: callbacks, queued actions, the response. On the context. */
  private void settle() {
    Decision<C> outcome;
    ScheduledFuture<?> timer;
    synchronized (this) {
      outcome = decided;
      timer = deadlineTimer;
    }
    if (timer != null) {
      timer.cancel(false);
    }
    callerContext.removeListener(onCallerCancelled);
    decision.complete(outcome);
    if (outcome.call != null) {
      outcome.call.addDoneCallback(ignored -> callbacks.fire(this));
    } else {
      callbacks.fire(this);
    }
    drain();
    if (response != null) {
      if (outcome.call != null) {
        responseOf(outcome.call)
            .whenComplete(
                (value, error) -> {
                  if (error != null) {
                    response.fail(Statuses.unwrap(error));
                  } else {
                    response.succeed(value);
                  }
                });
      } else {
        response.fail(outcome.failure);
      }
    }
    // Last, so that the channel's close waits for what ran above; a call the chain came back with
    // is tracked on its own until it has ended.
    channel.untrack(this);
  }

  private void drain() {
    while (true) {
      List<Runnable> batch;
      synchronized (this) {
        if (queued.isEmpty()) {
          drained = true;
          queued = null;
          return;
        }
        batch = queued;
        queued = new ArrayList<>();
      }
      for (Runnable action : batch) {
        action.run();
      }
    }
  }

  /**
   * The response future of the chain's call, for unary-response kinds.
   *
   * @param call the chain's call
   * @return its response
   */
  CompletableFuture<Resp> responseOf(C call) {
    throw new IllegalStateException("not a unary-response call");
  }

  // ---- forwarding what the caller does ----

  /**
   * Runs {@code onCall} with the chain's call, or {@code onFailure} with the chain's failure: at
   * once on the calling thread if everything queued before has been forwarded (exceptions then
   * propagate to the caller), else later on the context in the order queued (an exception thrown by
   * {@code onCall} then goes to {@code onFailure}).
   */
  final void whenDecided(Consumer<? super C> onCall, Consumer<Throwable> onFailure) {
    Decision<C> outcome;
    synchronized (this) {
      if (!drained) {
        queued.add(
            () -> {
              Decision<C> d = decisionNow();
              if (d.call != null) {
                try {
                  onCall.accept(d.call);
                } catch (Throwable t) {
                  onFailure.accept(t);
                }
              } else {
                onFailure.accept(d.failure);
              }
            });
        return;
      }
      outcome = decided;
    }
    if (outcome.call != null) {
      onCall.accept(outcome.call);
    } else {
      onFailure.accept(outcome.failure);
    }
  }

  /**
   * Applies {@code operation} to the chain's call once decided, returning a future for its result;
   * the chain's failure fails the future.
   */
  final <T> CompletableFuture<T> forward(Function<? super C, CompletableFuture<T>> operation) {
    Decision<C> outcome;
    synchronized (this) {
      outcome = drained ? decided : null;
    }
    if (outcome != null && outcome.call != null) {
      return operation.apply(outcome.call); // the common case once decided: the call's own future
    }
    CompletableFuture<T> result = new CompletableFuture<>();
    whenDecided(call -> relay(operation.apply(call), result), result::completeExceptionally);
    return result;
  }

  /**
   * Forwards a read like {@link #forward}, except that a read the caller gives up on (completes or
   * cancels its future) while the chain runs or before the chain's call has answered it takes no
   * message, which goes to the next read: the chain's read is then not made, or completes the
   * caller's future itself (or, on a call of another implementation, is cancelled).
   */
  final <T> CompletableFuture<Optional<T>> forwardRead(
      Function<? super C, CompletableFuture<Optional<T>>> read) {
    Decision<C> outcome;
    synchronized (this) {
      outcome = drained ? decided : null;
    }
    if (outcome != null && outcome.call != null) {
      return read.apply(outcome.call); // once decided: the call's own read
    }
    CompletableFuture<Optional<T>> result = new CompletableFuture<>();
    whenDecided(
        call -> {
          if (result.isDone()) {
            return; // given up on while the chain ran: read nothing
          }
          if (call instanceof ReadsInto<?> own) {
            // This library's call: it completes the caller's future itself, so that a message
            // goes to a read only if the caller has not given up on it, atomically.
            @SuppressWarnings("unchecked") // the chain's call has this call's response type
            ReadsInto<T> reader = (ReadsInto<T>) own;
            reader.readInto(result);
            return;
          }
          // Another implementation (an interceptor's wrapper): give up on its read too. A message
          // it took at the very moment the caller gave up is lost with it.
          CompletableFuture<Optional<T>> inner = read.apply(call);
          result.whenComplete((value, error) -> inner.cancel(false)); // no-op once inner is done
          relay(inner, result);
        },
        result::completeExceptionally);
    return result;
  }

  /** Completes {@code to} as {@code from} completes, with a wrapped error unwrapped. */
  private static <T> void relay(CompletionStage<? extends T> from, CompletableFuture<T> to) {
    from.whenComplete(
        (value, error) -> {
          if (error != null) {
            to.completeExceptionally(Statuses.unwrap(error));
          } else {
            to.complete(value);
          }
        });
  }

  private synchronized Decision<C> decisionNow() {
    return decided;
  }

  /**
   * Forwards a write: checks the style and the half-close at once, as an unintercepted call does,
   * then writes to the chain's call once decided.
   *
   * @throws UsageError if the call was made with a request publisher, or after doneWriting
   */
  final CompletableFuture<Void> forwardWrite(
      boolean writeMode, Object request, Function<? super C, CompletableFuture<Void>> write) {
    Objects.requireNonNull(request, "request");
    if (!writeMode) {
      throw new UsageError(InboundStream.MIXED_STYLES);
    }
    if (halfClosed.get()) {
      throw new UsageError(WriteQueue.HALF_CLOSED);
    }
    return forward(write);
  }

  /**
   * Forwards a half-close, after the writes made before it.
   *
   * @throws UsageError if the call was made with a request publisher
   */
  final CompletableFuture<Void> forwardDoneWriting(
      boolean writeMode, Function<? super C, CompletableFuture<Void>> doneWriting) {
    if (!writeMode) {
      throw new UsageError(InboundStream.MIXED_STYLES);
    }
    halfClosed.set(true);
    return forward(doneWriting);
  }

  private static CancellationException cancelledError() {
    return new CancellationException(ClientRpc.LOCALLY_CANCELLED);
  }

  // ---- Call ----

  @Override
  public final CompletableFuture<Metadata> initialMetadata() {
    return fromDecision(
        AccessorFutures.INITIAL_METADATA,
        Call::initialMetadata,
        InterceptedCall::initialMetadataOf);
  }

  @Override
  public final CompletableFuture<Metadata> trailingMetadata() {
    return fromDecision(
        AccessorFutures.TRAILING_METADATA,
        Call::trailingMetadata,
        InterceptedCall::trailingMetadataOf);
  }

  @Override
  public final CompletableFuture<StatusCode> code() {
    return fromDecision(AccessorFutures.CODE, Call::code, InterceptedCall::codeOf);
  }

  @Override
  public final CompletableFuture<String> details() {
    return fromDecision(AccessorFutures.DETAILS, Call::details, InterceptedCall::detailsOf);
  }

  @Override
  public final CompletableFuture<String> debugErrorString() {
    return fromDecision(
        AccessorFutures.DEBUG_ERROR_STRING,
        Call::debugErrorString,
        t -> t instanceof AioRpcError e ? e.debugErrorString() : detailsOf(t));
  }

  /** The accessor's future: the chain's call's, or one derived from the chain's failure. */
  private <T> CompletableFuture<T> fromDecision(
      int accessor, Function<Call, CompletableFuture<T>> ofCall, Function<Throwable, T> ofFailure) {
    return accessors.get(
        accessor,
        f ->
            f.derive(
                decision.thenCompose(
                    d ->
                        d.call != null
                            ? ofCall.apply(d.call)
                            : CompletableFuture.completedFuture(ofFailure.apply(d.failure))),
                Function.identity()));
  }

  static StatusCode codeOf(Throwable failure) {
    if (failure instanceof AioRpcError e) {
      return e.code();
    }
    return failure instanceof CancellationException ? StatusCode.CANCELLED : StatusCode.UNKNOWN;
  }

  static String detailsOf(Throwable failure) {
    if (failure instanceof AioRpcError e) {
      return e.details() == null ? "" : e.details();
    }
    if (failure instanceof CancellationException) {
      return failure.getMessage() == null ? ClientRpc.LOCALLY_CANCELLED : failure.getMessage();
    }
    return "Unexpected " + Statuses.describe(failure);
  }

  private static Metadata initialMetadataOf(Throwable failure) {
    return failure instanceof AioRpcError e && e.initialMetadata() != null
        ? e.initialMetadata()
        : GrpcMetadata.EMPTY;
  }

  private static Metadata trailingMetadataOf(Throwable failure) {
    return failure instanceof AioRpcError e && e.trailingMetadata() != null
        ? e.trailingMetadata()
        : GrpcMetadata.EMPTY;
  }

  @Override
  public final boolean cancel() {
    Decision<C> outcome;
    synchronized (this) {
      outcome = decided;
    }
    if (outcome == null) {
      if (failPending(cancelledError())) {
        return true;
      }
      outcome = decisionNow();
    }
    return outcome.call != null && outcome.call.cancel();
  }

  /** The caller's deadline passed: a chain still running ends with DEADLINE_EXCEEDED. */
  private void deadlineExpired() {
    failPending(
        Statuses.toError(
            Status.DEADLINE_EXCEEDED.withDescription("Deadline Exceeded"),
            GrpcMetadata.EMPTY,
            GrpcMetadata.EMPTY));
  }

  /**
   * Tells whether the calling thread runs a task of this call's context (its done callbacks when
   * the chain failed). Any thread.
   *
   * @return true on this call's context
   */
  final boolean runsOnCurrentThread() {
    return context.isCurrent();
  }

  /**
   * The caller's context was cancelled (or its deadline passed): a chain still running ends as a
   * direct call would. On the context.
   */
  private void callerCancelled(io.grpc.Context cancelled) {
    failPending(
        Statuses.toError(
            io.grpc.Contexts.statusFromCancelled(cancelled),
            GrpcMetadata.EMPTY,
            GrpcMetadata.EMPTY));
  }

  /**
   * Decides a pending chain's outcome with {@code failure}, cancels the chain's stage and settles.
   * Any thread.
   *
   * @return true if this decided the outcome
   */
  private boolean failPending(Throwable failure) {
    if (!decide(new Decision<>(null, failure))) {
      return false;
    }
    CompletionStage<C> stage;
    synchronized (this) {
      stage = chainStage;
    }
    if (stage != null) {
      InterceptorChain.cancelQuietly(stage); // best effort: tell the interceptors
    }
    context.execute(this::settle);
    return true;
  }

  @Override
  public final boolean cancelled() {
    Decision<C> outcome = decisionNow();
    if (outcome == null) {
      return false;
    }
    return outcome.call != null
        ? outcome.call.cancelled()
        : outcome.failure instanceof CancellationException;
  }

  @Override
  public final boolean done() {
    Decision<C> outcome = decisionNow();
    return outcome != null && (outcome.call == null || outcome.call.done());
  }

  @Override
  public final Optional<Duration> timeRemaining() {
    return RemainingTime.until(deadline);
  }

  @Override
  public final void addDoneCallback(Consumer<? super Call> callback) {
    callbacks.add(callback);
  }

  @Override
  public String toString() {
    Decision<C> outcome = decisionNow();
    return getClass().getSimpleName()
        + "["
        + (outcome == null
            ? "interceptors running"
            : outcome.call != null ? "call=" + outcome.call : "failed=" + outcome.failure)
        + "]";
  }
}
