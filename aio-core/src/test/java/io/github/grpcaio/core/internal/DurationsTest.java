package io.github.grpcaio.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

  @Test
  void toNanos_fitting_isExact() {
    assertThat(Durations.toNanos(Duration.ofMillis(1500))).isEqualTo(1_500_000_000L);
    assertThat(Durations.toNanos(Duration.ofNanos(-7))).isEqualTo(-7);
  }

  @Test
  void toNanos_tooLong_saturates() {
    assertThat(Durations.toNanos(Duration.ofSeconds(Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE);
    assertThat(Durations.toNanos(Duration.ofDays(300 * 365))).isEqualTo(Long.MAX_VALUE);
    assertThat(Durations.toNanos(Duration.ofSeconds(Long.MIN_VALUE))).isEqualTo(Long.MIN_VALUE);
  }
}
