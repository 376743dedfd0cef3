package io.github.grpcaio.core.internal.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class ServerPhaseTest {

  @Test
  void canAdvanceTo_onlyLaterPhases() {
    for (ServerPhase from : ServerPhase.values()) {
      for (ServerPhase to : ServerPhase.values()) {
        assertThat(from.canAdvanceTo(to)).as(from + " -> " + to).isEqualTo(to.compareTo(from) > 0);
      }
    }
  }

  @Test
  void cancelled_followsEveryOtherPhase_andNothingFollowsIt() {
    for (ServerPhase from : EnumSet.complementOf(EnumSet.of(ServerPhase.CANCELLED))) {
      assertThat(from.canAdvanceTo(ServerPhase.CANCELLED)).as(from.toString()).isTrue();
    }

    for (ServerPhase to : ServerPhase.values()) {
      assertThat(ServerPhase.CANCELLED.canAdvanceTo(to)).as(to.toString()).isFalse();
    }
  }

  @Test
  void ended_isClosedOrCancelled_done_isFromAbortedOn() {
    EnumSet<ServerPhase> ended = EnumSet.noneOf(ServerPhase.class);
    EnumSet<ServerPhase> done = EnumSet.noneOf(ServerPhase.class);

    for (ServerPhase phase : ServerPhase.values()) {
      if (phase.ended()) {
        ended.add(phase);
      }
      if (phase.done()) {
        done.add(phase);
      }
    }

    assertThat(ended).containsExactly(ServerPhase.CLOSED, ServerPhase.CANCELLED);
    assertThat(done)
        .containsExactly(ServerPhase.ABORTED, ServerPhase.CLOSED, ServerPhase.CANCELLED);
  }
}
