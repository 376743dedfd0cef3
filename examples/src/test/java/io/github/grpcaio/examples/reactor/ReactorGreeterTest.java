package io.github.grpcaio.examples.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.examples.CapturedOutput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ReactorGreeterTest {

  @Test
  void run_allFourKinds_throughReactor_printsEachResult() throws Exception {
    CapturedOutput out = new CapturedOutput();

    ReactorGreeter.Result result = ReactorGreeter.run(out.stream());

    assertThat(result.unary()).isEqualTo("Hello, world!");
    assertThat(result.serverStreaming())
        .containsExactly("Hello, world! (1/3)", "Hello, world! (2/3)", "Hello, world! (3/3)");
    assertThat(result.firstOnly()).isEqualTo("Hello, world! (1/3)");
    assertThat(result.clientStreaming()).isEqualTo("Hello, Alice, Bob, Carol!");
    assertThat(result.bidi()).containsExactly("Hello, Alice!", "Hello, Bob!", "Hello, Carol!");
    assertThat(out.lines())
        .hasSize(7)
        .containsSubsequence(
            "unary: Hello, world!",
            "server streaming: Hello, world! (1/3) | Hello, world! (2/3) | Hello, world! (3/3)",
            "first only: Hello, world! (1/3)",
            "client streaming: Hello, Alice, Bob, Carol!",
            "bidi: Hello, Alice! | Hello, Bob! | Hello, Carol!",
            "server: stopped");
  }
}
