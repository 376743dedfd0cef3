package io.github.grpcaio.core.internal.server;

import io.grpc.ServerCall;
import io.grpc.Status;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code maximumConcurrentRpcs}: how many RPCs hold a place, and the refusal of one over the limit,
 * as Python answers it. Thread-safe.
 */
final class ConcurrencyLimit {

  private final Integer limit; // null: no limit
  private final AtomicInteger holding = new AtomicInteger(); // atomic: any thread

  /**
   * Creates the limit.
   *
   * @param limit the most RPCs at a time, or empty for no limit
   */
  ConcurrencyLimit(Optional<Integer> limit) {
    this.limit = limit.orElse(null);
  }

  /**
   * Gives {@code call} a place, or closes it with {@code RESOURCE_EXHAUSTED "Concurrent RPC limit
   * exceeded!"} if none is free.
   *
   * @return whether it got one; if so, {@link #release()} must be called once when it ends
   */
  boolean admit(ServerCall<?, ?> call) {
    if (limit != null && holding.incrementAndGet() > limit) {
      holding.decrementAndGet();
      call.close(
          Status.RESOURCE_EXHAUSTED.withDescription("Concurrent RPC limit exceeded!"),
          new io.grpc.Metadata());
      return false;
    }
    return true;
  }

  /** Frees the place of an admitted call. */
  void release() {
    if (limit != null) {
      holding.decrementAndGet();
    }
  }
}
