package io.github.grpcaio.examples.aio;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.examples.CapturedOutput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ChannelInTryWithResourcesTest {

  @Test
  void run_callInsideTheBlock_receivesTheGreeting() throws Exception {
    CapturedOutput out = new CapturedOutput();

    String reply = ChannelInTryWithResources.run(out.stream());

    assertThat(reply).isEqualTo("Hello, you!");
    assertThat(out.lines()).containsExactly("Greeter client received: Hello, you!");
  }
}
