package io.github.grpcaio.core.internal;

import java.time.Duration;

/**
 * The one conversion of a {@link Duration} (a timeout, a grace, a keepalive setting, a wait) to
 * nanoseconds. {@link Duration#toNanos()} throws {@link ArithmeticException} beyond about 292
 * years; here such a duration saturates to {@link Long#MAX_VALUE} nanoseconds, which grpc-java and
 * the JDK's schedulers treat as "for ever", and a hugely negative one to {@link Long#MIN_VALUE}, an
 * instant long past.
 */
public final class Durations {

  private Durations() {}

  /**
   * Returns {@code duration} in nanoseconds, saturated instead of overflowing.
   *
   * @param duration the duration
   * @return its nanoseconds, or {@link Long#MAX_VALUE} / {@link Long#MIN_VALUE} if it does not fit
   */
  public static long toNanos(Duration duration) {
    try {
      return duration.toNanos();
    } catch (ArithmeticException e) {
      return duration.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }
}
