package io.github.grpcaio.core.internal.stream;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DemandTest {

  @Test
  void add_saturatesAtMaxValue_whichIsNeverConsumed() {
    Demand demand = new Demand();

    demand.add(Long.MAX_VALUE - 1);
    demand.add(10);
    demand.consumeOne();

    assertThat(demand.get()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void consumeOne_countsDown_andStopsAtZero() {
    Demand demand = new Demand();
    demand.add(2);

    demand.consumeOne();
    demand.consumeOne();
    demand.consumeOne();

    assertThat(demand.get()).isZero();
  }
}
