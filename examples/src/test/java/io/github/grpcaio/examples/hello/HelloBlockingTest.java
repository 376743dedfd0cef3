package io.github.grpcaio.examples.hello;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.core.GrpcAio;
import io.github.grpcaio.examples.CapturedOutput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class HelloBlockingTest {

  @Test
  void run_allFourKindsInBlockingStyle_printsEachResult() throws Exception {
    CapturedOutput out = new CapturedOutput();

    HelloBlocking.Result result = HelloBlocking.run(out.stream());

    // Java 17 has no virtual threads: the handler ran on the server's executor, as documented.
    String thread =
        GrpcAio.virtualThreadExecutor().isPresent() ? "virtual thread" : "platform thread";
    assertThat(result.unary()).isEqualTo("Hello, world! (on a " + thread + ")");
    assertThat(result.serverStreaming())
        .containsExactly("Hello, world! (1/3)", "Hello, world! (2/3)", "Hello, world! (3/3)");
    assertThat(result.clientStreaming()).isEqualTo("Hello, Alice, Bob and Carol!");
    assertThat(result.bidi()).containsExactly("Hello, Alice!", "Hello, Bob!", "Hello, Carol!");
    assertThat(out.lines())
        .hasSize(6)
        .containsSubsequence(
            "unary: Hello, world! (on a " + thread + ")",
            "client streaming: Hello, Alice, Bob and Carol!",
            "bidi: Hello, Alice! | Hello, Bob! | Hello, Carol!",
            "server: stopped");
  }
}
