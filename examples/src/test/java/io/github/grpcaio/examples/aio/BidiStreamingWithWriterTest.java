package io.github.grpcaio.examples.aio;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.StatusCode;
import io.github.grpcaio.examples.CapturedOutput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class BidiStreamingWithWriterTest {

  @Test
  void run_writerTaskAndReader_oneReplyPerRequestInOrder() throws Exception {
    CapturedOutput out = new CapturedOutput();

    BidiStreamingWithWriter.Result result = BidiStreamingWithWriter.run(out.stream());

    assertThat(result.replies())
        .containsExactly("Hello, Alice!", "Hello, Bob!", "Hello, Carol!", "Hello, Dave!");
    assertThat(result.code()).isEqualTo(StatusCode.OK);
    assertThat(out.lines())
        .containsExactly(
            "received: Hello, Alice!",
            "received: Hello, Bob!",
            "received: Hello, Carol!",
            "received: Hello, Dave!",
            "status: OK");
  }
}
