package io.github.grpcaio.core.internal.client;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.github.grpcaio.Call;
import io.github.grpcaio.CallOptions;
import io.github.grpcaio.ClientCallDetails;
import io.github.grpcaio.Metadata;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.UsageError;
import io.github.grpcaio.core.internal.AioRuntime;
import io.github.grpcaio.core.internal.Durations;
import io.github.grpcaio.core.internal.GrpcMetadata;
import io.github.grpcaio.core.internal.RemainingTime;
import io.github.grpcaio.core.internal.RpcScope;
import io.github.grpcaio.core.internal.Statuses;
import io.github.grpcaio.core.internal.stream.PresubscribedPublisher;
import io.grpc.Deadline;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The call a caller gets when its channel has interceptors of the call's kind, as Python's {@code
 * InterceptedCall}: a view of the call the interceptor chain will return, usable at once.
 *
 * <p>Lifecycle: <em>pending</em> while the chain runs (not {@link #done()}, not {@link
 * #cancelled()}); then <em>decided</em>, once, either with the chain's call (everything then
 * delegates to it) or with a failure: the exception the chain failed with, or a {@link
 * CancellationException} after {@link #cancel()}, kept by a {@link ChainDecision}; everything that
 * follows it (done callbacks, the response future, forwarding what the caller did meanwhile) runs
 * on this call's {@link #context}, in that order.
 *
 * <p>What the caller does while the chain runs is forwarded by {@link ChainForwarding} once it is
 * decided (the methods of all four kinds are here; each subclass declares the interface of its
 * kind, which exposes the matching ones).
 *
 * <p>A failed chain maps to a status for {@link #code()} and {@link #details()} as {@link
 * ChainFailureStatus} says. The response future and stream subscribers get the exception itself,
 * unchanged.
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
abstract class InterceptedCall<Req, Resp, C extends Call> extends AbstractClientCall<Resp> {

  /**
   * Starts one real call of the kind, for the innermost continuation.
   *
   * @param <Req> the request type
   * @param <Resp> the response type
   * @param <A> the request argument type
   * @param <C> the call type of the kind
   */
  @FunctionalInterface
  interface DirectCall<Req, Resp, A, C> {
    C start(ClientMethod<Req, Resp> method, CallOptions options, A request);
  }

  private final ClientMethod<Req, Resp> method;
  // The caller's context, captured when the call was made: its io.grpc.Context (the
  // callerContext), and the values of the channel's propagators. Immutable.
  private final RpcScope callerScope;
  private final io.grpc.Context callerContext;
  // Registered on callerContext until decided; runs on context.
  private final io.grpc.Context.CancellationListener onCallerCancelled = this::callerCancelled;
  private final ChainDecision<C> decision = new ChainDecision<>();
  // Completed with the outcome once decided, on the context; the accessors derive from it.
  private final CompletableFuture<ChainDecision.Outcome<C>> decided = new CompletableFuture<>();
  private final AccessorFutures accessors = new AccessorFutures(); // thread-safe; from decided
  private final ChainForwarding<Req, Resp, C> forwarding;

  @GuardedBy("this")
  private CompletionStage<C> chainStage;

  @GuardedBy("this")
  private ScheduledFuture<?> deadlineTimer;

  /**
   * Creates the call; {@code start} then runs the chain.
   *
   * @param method the method called, with its channel
   * @param options the caller's options, for the deadline
   * @param source where the caller's requests come from
   */
  InterceptedCall(ClientMethod<Req, Resp> method, CallOptions options, RequestSource source) {
    this(method, options, source, method.channel.captureScope());
  }

  private InterceptedCall(
      ClientMethod<Req, Resp> method,
      CallOptions options,
      RequestSource source,
      RpcScope callerScope) {
    super(
        CallKind.of(method.descriptor.getType()),
        method.channel.newContext(callerScope),
        deadlineOf(Objects.requireNonNull(options, "options"), callerScope.grpcContext()));
    this.method = method;
    this.forwarding = new ChainForwarding<>(kind, source, decision);
    this.callerScope = callerScope;
    this.callerContext = callerScope.grpcContext();
  }

  /** As for a direct call: the caller's context deadline applies if it comes first. */
  private static Deadline deadlineOf(CallOptions options, io.grpc.Context callerContext) {
    Deadline own =
        options
            .timeout()
            .map(t -> Deadline.after(Durations.toNanos(t), TimeUnit.NANOSECONDS))
            .orElse(null);
    return RemainingTime.effective(own, callerContext);
  }

  /**
   * Registers this call with the channel and runs the chain of a unary-request kind.
   *
   * @throws UsageError if the channel is closed
   */
  final <I> void start(
      List<I> interceptors,
      InterceptorChain.Link<I, Req, C> link,
      Req request,
      CallOptions caller,
      DirectCall<Req, Resp, Req, C> direct) {
    run(new InterceptorChain<>(interceptors, link), caller, request, direct);
  }

  /**
   * Registers this call with the channel and runs the chain of a stream-request kind.
   *
   * @param requests the caller's request publisher, or null to write
   * @throws UsageError if the channel is closed
   */
  final <I> void startStreaming(
      List<I> interceptors,
      InterceptorChain.Link<I, Flow.Publisher<Req>, C> link,
      Flow.Publisher<? extends Req> requests,
      CallOptions caller,
      DirectCall<Req, Resp, Flow.Publisher<Req>, C> direct) {
    InterceptorChain<I, Flow.Publisher<Req>, C> chain = new InterceptorChain<>(interceptors, link);
    // Handed to the chain in place of the caller's publisher, and subscribed to below, before
    // call() returns, as without interceptors: a hot publisher fed right after call() keeps its
    // items for the real call, however late the chain makes it.
    PresubscribedPublisher<Req> early =
        requests == null ? null : new PresubscribedPublisher<>(requests);
    run(chain, caller, early, direct);
    if (early != null) {
      early.subscribeNow();
      addDoneCallback(ignored -> early.abandon()); // nobody subscribed: release it
    }
  }

  /**
   * Registers this call with the channel, which cancels it if closed while the chain runs, and runs
   * the chain on a task of the channel's executor.
   */
  private <I, A> void run(
      InterceptorChain<I, A, C> chain,
      CallOptions caller,
      A request,
      DirectCall<Req, Resp, A, C> direct) {
    InterceptorChain.Step<A, C> terminal =
        (details, r) ->
            attempt(() -> direct.start(method.renamed(details.method()), optionsOf(details), r));
    AioChannel channel = method.channel;
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
    channel
        .newContext(callerScope)
        .execute(
            () -> {
              if (decision.isDecided()) {
                return; // cancelled before the chain started
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
                cancelledMeanwhile = decision.isDecided();
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
  private CompletionStage<C> attempt(Supplier<C> starter) {
    if (decision.isDecided()) {
      return CompletableFuture.failedFuture(cancelledError());
    }
    C call;
    // The innermost continuation may be invoked on any thread: make the real call in the caller's
    // context, where grpc-java picks up its deadline and cancellation.
    RpcScope.Attachment attached = callerScope.attach();
    try {
      call = starter.get();
    } finally {
      attached.close();
    }
    if (!decision.addAttempt(call)) {
      call.cancel();
      return CompletableFuture.failedFuture(cancelledError());
    }
    return CompletableFuture.completedFuture(call);
  }

  /** Turns details into the options of a real call. */
  private static CallOptions optionsOf(ClientCallDetails details) {
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
    if (!decision.decide(new ChainDecision.Outcome<>(error == null ? call : null, error))) {
      if (call != null) {
        call.cancel(); // cancelled meanwhile: end the call the chain came back with
      }
      return;
    }
    settle();
  }

  /** Runs what follows the decision: callbacks, queued actions, the response. On the context. */
  private void settle() {
    ChainDecision.Outcome<C> outcome = decision.now();
    ScheduledFuture<?> timer;
    synchronized (this) {
      timer = deadlineTimer;
    }
    if (timer != null) {
      timer.cancel(false);
    }
    callerContext.removeListener(onCallerCancelled);
    decided.complete(outcome);
    if (outcome.call() != null) {
      outcome.call().addDoneCallback(ignored -> fireDoneCallbacks());
    } else {
      fireDoneCallbacks();
    }
    decision.drain();
    if (response != null) {
      if (outcome.call() != null) {
        forwarding
            .responseOf(outcome.call())
            .whenComplete(
                (value, error) -> {
                  if (error != null) {
                    response.fail(Statuses.unwrap(error));
                  } else {
                    response.succeed(value);
                  }
                });
      } else {
        response.fail(outcome.failure());
      }
    }
    // Last, so that the channel's close waits for what ran above; a call the chain came back with
    // is tracked on its own until it has ended.
    method.channel.untrack(this);
  }

  private static CancellationException cancelledError() {
    return new CancellationException(ClientRpc.LOCALLY_CANCELLED);
  }

  /** The caller's deadline passed: a chain still running ends with DEADLINE_EXCEEDED. */
  private void deadlineExpired() {
    failPending(
        Statuses.toError(Statuses.DEADLINE_EXCEEDED, GrpcMetadata.EMPTY, GrpcMetadata.EMPTY));
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
    if (!decision.decide(new ChainDecision.Outcome<>(null, failure))) {
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

  // ---- the methods of the kinds; each subclass exposes those of its kind ----

  /** Subscribes to the responses of a streaming-response kind, once decided. */
  public final void subscribe(Flow.Subscriber<? super Resp> subscriber) {
    forwarding.subscribe(subscriber);
  }

  /** Reads the next response of a streaming-response kind, once decided. */
  public final CompletableFuture<Optional<Resp>> read() {
    return forwarding.read();
  }

  /** Writes a request of a stream-request kind made without a publisher, once decided. */
  public final CompletableFuture<Void> write(Req request) {
    return forwarding.write(request);
  }

  /** Half-closes a stream-request kind made without a publisher, after its writes. */
  public final CompletableFuture<Void> doneWriting() {
    return forwarding.doneWriting();
  }

  // ---- Call ----

  @Override
  public final CompletableFuture<Metadata> initialMetadata() {
    return fromDecision(
        AccessorFutures.INITIAL_METADATA,
        Call::initialMetadata,
        ChainFailureStatus::initialMetadata);
  }

  @Override
  public final CompletableFuture<Metadata> trailingMetadata() {
    return fromDecision(
        AccessorFutures.TRAILING_METADATA,
        Call::trailingMetadata,
        ChainFailureStatus::trailingMetadata);
  }

  @Override
  public final CompletableFuture<StatusCode> code() {
    return fromDecision(AccessorFutures.CODE, Call::code, ChainFailureStatus::code);
  }

  @Override
  public final CompletableFuture<String> details() {
    return fromDecision(AccessorFutures.DETAILS, Call::details, ChainFailureStatus::details);
  }

  @Override
  public final CompletableFuture<String> debugErrorString() {
    return fromDecision(
        AccessorFutures.DEBUG_ERROR_STRING,
        Call::debugErrorString,
        ChainFailureStatus::debugErrorString);
  }

  /** The accessor's future: the chain's call's, or one derived from the chain's failure. */
  private <T> CompletableFuture<T> fromDecision(
      int accessor, Function<Call, CompletableFuture<T>> ofCall, Function<Throwable, T> ofFailure) {
    return accessors.get(
        accessor,
        f ->
            f.derive(
                decided.thenCompose(
                    d ->
                        d.call() != null
                            ? ofCall.apply(d.call())
                            : CompletableFuture.completedFuture(ofFailure.apply(d.failure()))),
                Function.identity()));
  }

  @Override
  public final boolean cancel() {
    ChainDecision.Outcome<C> outcome = decision.now();
    if (outcome == null) {
      if (failPending(cancelledError())) {
        return true;
      }
      outcome = decision.now();
    }
    return outcome.call() != null && outcome.call().cancel();
  }

  @Override
  public final boolean cancelled() {
    ChainDecision.Outcome<C> outcome = decision.now();
    if (outcome == null) {
      return false;
    }
    return outcome.call() != null
        ? outcome.call().cancelled()
        : outcome.failure() instanceof CancellationException;
  }

  @Override
  public final boolean done() {
    ChainDecision.Outcome<C> outcome = decision.now();
    return outcome != null && (outcome.call() == null || outcome.call().done());
  }

  @Override
  public String toString() {
    ChainDecision.Outcome<C> outcome = decision.now();
    return getClass().getSimpleName()
        + "["
        + (outcome == null
            ? "interceptors running"
            : outcome.call() != null ? "call=" + outcome.call() : "failed=" + outcome.failure())
        + "]";
  }
}
