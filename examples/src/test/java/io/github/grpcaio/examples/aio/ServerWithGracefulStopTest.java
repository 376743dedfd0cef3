package io.github.grpcaio.examples.aio;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.StatusCode;
import io.github.grpcaio.examples.CapturedOutput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ServerWithGracefulStopTest {

  @Test
  void run_stopWithGrace_refusesNewRpcsAndLetsTheRunningOneFinish() throws Exception {
    CapturedOutput out = new CapturedOutput();

    ServerWithGracefulStop.Result result = ServerWithGracefulStop.run(out.stream());

    assertThat(result.waitWhileServing()).isTrue(); // timed out: still serving
    assertThat(result.inFlightReplies()).containsExactly("Hello, Alice!", "Hello, Carol!");
    assertThat(result.inFlightCode()).isEqualTo(StatusCode.OK);
    assertThat(result.newCallDuringStop()).isEqualTo(StatusCode.UNAVAILABLE);
    assertThat(result.waitAfterStop()).isFalse(); // terminated
    assertThat(out.lines().get(0))
        .matches("server: serving helloworld\\.Greeter on 127\\.0\\.0\\.1:\\d+");
    assertThat(out.lines().subList(1, out.lines().size()))
        .containsExactly(
            "waitForTermination(100 ms) while serving: true",
            "in flight: Hello, Alice!",
            "server: stopping, grace 5 s",
            "a new call during the stop: UNAVAILABLE",
            "in flight: Hello, Carol!",
            "in flight: ended with OK",
            "server: stopped; waitForTermination(1 s): false");
  }
}
