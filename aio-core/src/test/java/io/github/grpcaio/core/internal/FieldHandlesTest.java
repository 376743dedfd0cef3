package io.github.grpcaio.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FieldHandlesTest {

  /** An owner with a field made on first use. */
  static final class Owner {
    static final VarHandle VALUE = FieldHandles.of(MethodHandles.lookup(), "value", Object.class);

    @SuppressWarnings("unused") // accessed through VALUE
    volatile Object value;
  }

  @Test
  void getOrMake_makesOnTheFirstCallOnly() {
    Owner owner = new Owner();
    AtomicInteger made = new AtomicInteger();

    Object first = FieldHandles.getOrMake(Owner.VALUE, owner, () -> made.incrementAndGet());
    Object second = FieldHandles.getOrMake(Owner.VALUE, owner, () -> made.incrementAndGet());

    assertThat(first).isEqualTo(1).isSameAs(second).isSameAs(owner.value);
    assertThat(made).hasValue(1);
  }

  @Test
  void getOrMake_racingThreads_allGetTheOneValueSet() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      for (int round = 0; round < 1_000; round++) {
        Owner owner = new Owner();
        StartingGate gate = new StartingGate();
        List<Future<Object>> got = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
          got.add(
              gate.submit(threads, () -> FieldHandles.getOrMake(Owner.VALUE, owner, Object::new)));
        }
        gate.open();
        for (Future<Object> future : got) {
          assertThat(future.get(5, TimeUnit.SECONDS)).isNotNull().isSameAs(owner.value);
        }
      }
    } finally {
      threads.shutdownNow();
    }
  }
}
