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
}
