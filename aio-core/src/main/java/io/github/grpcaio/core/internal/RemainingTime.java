package io.github.grpcaio.core.internal;

import io.grpc.Deadline;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The {@code timeRemaining()} of calls and servicer contexts, from a grpc-java deadline. */
final class RemainingTime {

  private RemainingTime() {}

  /**
   * Returns the time left before {@code deadline}, never negative.
   *
   * @param deadline the deadline, or null for none
   * @return the time left, empty without a deadline
   */
  static Optional<Duration> until(Deadline deadline) {
    if (deadline == null) {
      return Optional.empty();
    }
    return Optional.of(Duration.ofNanos(Math.max(0, deadline.timeRemaining(TimeUnit.NANOSECONDS))));
  }
}
