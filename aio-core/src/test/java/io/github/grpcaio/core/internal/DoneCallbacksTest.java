package io.github.grpcaio.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DoneCallbacksTest {

  @Test
  void fire_runsEachCallbackOnceInOrder_andLaterFiresDoNothing() {
    DoneCallbacks<String> callbacks = new DoneCallbacks<>();
    List<String> calls = new ArrayList<>();
    callbacks.add(v -> calls.add("a:" + v));
    callbacks.add(v -> calls.add("b:" + v));

    callbacks.fire("x");
    callbacks.fire("y");

    assertThat(calls).containsExactly("a:x", "b:x");
  }

  @Test
  void add_afterFire_runsAtOnceOnTheAddingThread() {
    DoneCallbacks<String> callbacks = new DoneCallbacks<>();
    callbacks.fire("x");
    List<String> calls = new ArrayList<>();

    callbacks.add(v -> calls.add(Thread.currentThread().getName() + ":" + v));

    assertThat(calls).containsExactly(Thread.currentThread().getName() + ":x");
  }

  @Test
  void callbackThatThrows_doesNotStopTheOthers() {
    DoneCallbacks<String> callbacks = new DoneCallbacks<>();
    List<String> calls = new ArrayList<>();
    callbacks.add(
        v -> {
          throw new IllegalStateException("boom (expected by the test)");
        });
    callbacks.add(calls::add);

    callbacks.fire("x");

    assertThat(calls).containsExactly("x");
  }

  /** An owner keeping its callbacks in a field of its own, as the call objects do. */
  static final class Owner {
    static final java.lang.invoke.VarHandle CALLBACKS =
        FieldHandles.of(java.lang.invoke.MethodHandles.lookup(), "callbacks", DoneCallbacks.class);

    @SuppressWarnings("unused") // accessed through CALLBACKS
    volatile DoneCallbacks<Owner> callbacks;
  }

  @Test
  void addTo_beforeFireIn_runsThenWithTheOwner_afterFireIn_runsAtOnce_andFireInActsOnce() {
    Owner owner = new Owner();
    List<String> ran = new ArrayList<>();

    DoneCallbacks.<Owner>addTo(Owner.CALLBACKS, owner, o -> ran.add("before " + (o == owner)));
    assertThat(ran).isEmpty();
    DoneCallbacks.fireIn(Owner.CALLBACKS, owner);
    DoneCallbacks.fireIn(Owner.CALLBACKS, owner);
    DoneCallbacks.<Owner>addTo(Owner.CALLBACKS, owner, o -> ran.add("after " + (o == owner)));

    assertThat(ran).containsExactly("before true", "after true");
  }

  @Test
  void addTo_anOwnerFiredBeforeAnyAdd_runsAtOnce_andMakesNothing() {
    Owner owner = new Owner();
    List<String> ran = new ArrayList<>();

    DoneCallbacks.fireIn(Owner.CALLBACKS, owner);
    Object firedMarker = owner.callbacks;
    DoneCallbacks.<Owner>addTo(Owner.CALLBACKS, owner, o -> ran.add("late"));

    assertThat(ran).containsExactly("late");
    assertThat(owner.callbacks).isSameAs(firedMarker); // still the shared marker: no object made
  }

  @Test
  void addTo_racingFireIn_runsEveryCallbackExactlyOnce() throws Exception {
    java.util.concurrent.ExecutorService threads =
        java.util.concurrent.Executors.newFixedThreadPool(3);
    try {
      for (int round = 0; round < 2_000; round++) {
        Owner owner = new Owner();
        java.util.concurrent.atomic.AtomicInteger runs =
            new java.util.concurrent.atomic.AtomicInteger();
        StartingGate gate = new StartingGate();
        List<java.util.concurrent.Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
          done.add(
              gate.run(
                  threads,
                  () -> {
                    for (int i = 0; i < 10; i++) {
                      DoneCallbacks.<Owner>addTo(
                          Owner.CALLBACKS, owner, o -> runs.incrementAndGet());
                    }
                  }));
        }
        done.add(gate.run(threads, () -> DoneCallbacks.fireIn(Owner.CALLBACKS, owner)));
        gate.open();
        for (java.util.concurrent.Future<?> f : done) {
          f.get(5, java.util.concurrent.TimeUnit.SECONDS);
        }
        assertThat(runs.get()).isEqualTo(20);
      }
    } finally {
      threads.shutdownNow();
    }
  }
}
