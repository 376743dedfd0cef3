package io.github.grpcaio.core.internal;

import io.grpc.Deadline;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The deadline a client call really has, and the {@code timeRemaining()} of calls and servicer
 * contexts, from a grpc-java deadline.
 */
public final class RemainingTime {

  private RemainingTime() {}

  /**
   * Returns the time left before {@code deadline}, never negative.
   *
   * @param deadline the deadline, or null for none
   * @return the time left, empty without a deadline
   */
  public static Optional<Duration> until(Deadline deadline) {
    if (deadline == null) {
      return Optional.empty();
    }
    return Optional.of(Duration.ofNanos(Math.max(0, deadline.timeRemaining(TimeUnit.NANOSECONDS))));
  }

  /**
   * Returns the deadline a call made now really has: its own, or the one of the {@link
   * io.grpc.Context} it is made in (a server handler's RPC) when that comes first, as grpc-java
   * applies it.
   *
   * @param own the call's own deadline, or null for none
   * @param caller the context the call is made in
   * @return the earlier of the two, or null for none
   */
  public static Deadline effective(Deadline own, io.grpc.Context caller) {
    Deadline inherited = caller.getDeadline();
    return inherited != null && (own == null || inherited.isBefore(own)) ? inherited : own;
  }
}
