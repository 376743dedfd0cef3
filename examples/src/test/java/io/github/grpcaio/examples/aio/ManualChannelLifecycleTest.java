package io.github.grpcaio.examples.aio;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.ChannelConnectivity;
import io.github.grpcaio.examples.CapturedOutput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ManualChannelLifecycleTest {

  @Test
  void run_closeWithGrace_refusesNewCallsAndLetsTheRunningOneFinish() throws Exception {
    CapturedOutput out = new CapturedOutput();

    ManualChannelLifecycle.Result result = ManualChannelLifecycle.run(out.stream());

    assertThat(result.reply()).isEqualTo("Hello, you!");
    assertThat(result.stateAfterClose()).isEqualTo(ChannelConnectivity.SHUTDOWN);
    assertThat(result.callAfterClose()).isEqualTo("Channel is closed.");
    assertThat(result.replyDuringClose()).isEqualTo("Hello, Bob!");
    assertThat(out.lines())
        .containsExactly(
            "Greeter client received: Hello, you!",
            "after close, the channel is SHUTDOWN",
            "a call on the closed channel raised UsageError: Channel is closed.",
            "a call in flight during close(grace) received: Hello, Bob!");
  }
}
