package io.github.grpcaio.examples.aio;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.StatusCode;
import io.github.grpcaio.examples.CapturedOutput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class UnaryCallWithTimeoutTest {

  @Test
  void run_timeoutShorterThanTheServer_deadlineExceededOnBothSides() throws Exception {
    CapturedOutput out = new CapturedOutput();

    UnaryCallWithTimeout.Result result = UnaryCallWithTimeout.run(out.stream());

    assertThat(result.reply()).isEqualTo("Hello, patient!");
    assertThat(result.timedOut()).isEqualTo(StatusCode.DEADLINE_EXCEEDED);
    assertThat(result.cancelledOnServer()).isEqualTo("impatient");
    assertThat(out.lines())
        .containsExactly(
            "with a 5 s timeout: Hello, patient!",
            "with a 250 ms timeout: request timed out (DEADLINE_EXCEEDED)",
            "the server saw the RPC for 'impatient' cancelled");
  }
}
