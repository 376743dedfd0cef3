package io.github.grpcaio.examples.aio;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.StatusCode;
import io.github.grpcaio.examples.CapturedOutput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ServerStreamingCancellationTest {

  @Test
  void run_cancelAfterFiveReplies_cancelledLocallyAndOnTheServer() throws Exception {
    CapturedOutput out = new CapturedOutput();

    ServerStreamingCancellation.Result result = ServerStreamingCancellation.run(out.stream());

    assertThat(result.received())
        .containsExactly(
            "Hello, you! #1",
            "Hello, you! #2",
            "Hello, you! #3",
            "Hello, you! #4",
            "Hello, you! #5");
    assertThat(result.cancelReturned()).isTrue();
    assertThat(result.cancelled()).isTrue();
    assertThat(result.code()).isEqualTo(StatusCode.CANCELLED);
    assertThat(result.details()).isEqualTo("Locally cancelled by application!");
    assertThat(result.serverSawCancel()).isTrue();
    assertThat(out.lines())
        .endsWith(
            "received: Hello, you! #5",
            "cancel() returned true, cancelled() is true",
            "code: CANCELLED, details: Locally cancelled by application!",
            "read() after cancel(): CancellationException",
            "the server's handler saw cancelled(): true");
  }
}
