package io.github.grpcaio.examples.aio;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.Metadata;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.examples.CapturedOutput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class CallMetadataAndStatusTest {

  @Test
  void run_metadataBothWays_clientSeesHeadersTrailersAndStatus() throws Exception {
    CapturedOutput out = new CapturedOutput();

    CallMetadataAndStatus.Result result = CallMetadataAndStatus.run(out.stream());

    assertThat(result.reply()).isEqualTo("Hello, you!");
    assertThat(result.initialMetadata()).isEqualTo(Metadata.of("server-name", "greeter-1"));
    assertThat(result.trailingMetadata()).isEqualTo(Metadata.of("greetings-served", "1"));
    assertThat(result.code()).isEqualTo(StatusCode.OK);
    // The server put the client's metadata into the details: it arrived.
    assertThat(result.details()).isEqualTo("greeted example-client");
    assertThat(out.lines())
        .containsExactly(
            "response: Hello, you!",
            "initial metadata: Metadata(('server-name', 'greeter-1'))",
            "trailing metadata: Metadata(('greetings-served', '1'))",
            "code: OK, details: greeted example-client");
  }
}
