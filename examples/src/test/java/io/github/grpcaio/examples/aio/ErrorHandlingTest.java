package io.github.grpcaio.examples.aio;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.examples.CapturedOutput;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ErrorHandlingTest {

  @Test
  void run_abortedCalls_reportedByStatusCode() throws Exception {
    CapturedOutput out = new CapturedOutput();

    List<String> outcomes = ErrorHandling.run(out.stream());

    assertThat(outcomes)
        .containsExactly(
            "ok: Hello, Alice!",
            "invalid argument: name must not be empty",
            "not found: no user named Mallory",
            "NOT_FOUND: no user named Eve");
    assertThat(out.lines())
        .containsExactly(
            "'Alice' -> ok: Hello, Alice!",
            "'' -> invalid argument: name must not be empty",
            "'Mallory' -> not found: no user named Mallory",
            "'Eve' -> NOT_FOUND: no user named Eve");
  }
}
