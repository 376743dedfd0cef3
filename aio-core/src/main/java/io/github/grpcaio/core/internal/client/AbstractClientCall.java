package io.github.grpcaio.core.internal.client;

import io.github.grpcaio.Call;
import io.github.grpcaio.core.internal.ConfinedTo;
import io.github.grpcaio.core.internal.DoneCallbacks;
import io.github.grpcaio.core.internal.FieldHandles;
import io.github.grpcaio.core.internal.RemainingTime;
import io.github.grpcaio.core.internal.stream.SerializingExecutor;
import io.grpc.Deadline;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * What every client call has, made directly ({@link ClientRpc}) or behind interceptors ({@link
 * InterceptedCall}): its kind, context, deadline, done callbacks and, for a unary-response kind,
 * its response future.
 *
 * @param <Resp> the response type
 */
abstract class AbstractClientCall<Resp> implements Call {

  /** The kind of RPC, from the method's type. */
  final CallKind kind;

  /** The call's context: the fields marked {@link ConfinedTo} are confined to it. */
  final SerializingExecutor context;

  /** The response of a unary-response kind, else null. Thread-safe. */
  final CallFuture<Resp> response;

  private static final VarHandle CALLBACKS =
      FieldHandles.of(MethodHandles.lookup(), "callbacks", DoneCallbacks.class);

  // Fired once the call has ended; made by the first addDoneCallback (see DoneCallbacks.addTo).
  @SuppressWarnings("unused") // accessed through CALLBACKS
  private volatile DoneCallbacks<Call> callbacks;

  /** The deadline, or null for none. Immutable. */
  final Deadline deadline;

  AbstractClientCall(CallKind kind, SerializingExecutor context, Deadline deadline) {
    this.kind = kind;
    this.context = context;
    this.deadline = deadline;
    this.response = kind.streamingResponse() ? null : new CallFuture<>(this);
  }

  /**
   * The response future, for the kinds with a single response; each call class exposes it only
   * through the interface of its kind.
   *
   * @return the response
   */
  public final CompletableFuture<Resp> response() {
    return response;
  }

  @Override
  public final Optional<Duration> timeRemaining() {
    return RemainingTime.until(deadline);
  }

  @Override
  public final void addDoneCallback(Consumer<? super Call> callback) {
    DoneCallbacks.<Call>addTo(CALLBACKS, this, callback);
  }

  /** Runs the done callbacks: the call has ended. Only the first call has an effect. */
  final void fireDoneCallbacks() {
    DoneCallbacks.<Call>fireIn(CALLBACKS, this);
  }

  /**
   * Tells whether the calling thread runs a task of this call's context (its done callbacks, the
   * dependents of its futures). Any thread.
   *
   * @return true on this call's context
   */
  final boolean runsOnCurrentThread() {
    return context.isCurrent();
  }
}
