package io.github.grpcaio.core.internal.server;

/**
 * Where a server RPC ({@link ServerRpc}) is in its life. A phase only moves forward, in the order
 * declared ({@link ServerRpc} changes it in one place, by compare-and-set): {@code CANCELLED} may
 * follow any phase, {@code CLOSED} any but {@code CANCELLED}, and nothing follows {@code
 * CANCELLED}.
 */
enum ServerPhase {
  /** The handler is being looked up (through the interceptors); nothing is requested yet. */
  LOOKUP,
  /** Still looking up, and the client has half-closed: binding the handler replays it. */
  LOOKUP_HALF_CLOSED,
  /** The handler is bound: requests flow, and it runs. */
  HANDLING,
  /** The handler called {@code abort()}: the ending is fixed, and its close is on the way. */
  ABORTED,
  /** The status was handed to grpc-java: nothing more is sent. */
  CLOSED,
  /** The client cancelled, the deadline passed or the server stopped: nothing more is sent. */
  CANCELLED;

  /** Whether {@code next} comes after this phase. */
  boolean canAdvanceTo(ServerPhase next) {
    return next.compareTo(this) > 0;
  }

  /** Whether nothing more goes to the transport. */
  boolean ended() {
    return this == CLOSED || this == CANCELLED;
  }

  /** Whether the outcome is fixed: what {@code ServicerContext.done()} says. */
  boolean done() {
    return compareTo(ABORTED) >= 0;
  }
}
