package io.github.grpcaio.examples.aio;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.examples.CapturedOutput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class GenericApiWithoutStubsTest {

  @Test
  void run_callsTheMethodByName() throws Exception {
    CapturedOutput out = new CapturedOutput();

    String message = GenericApiWithoutStubs.run(out.stream());

    assertThat(message).isEqualTo("Hello, generic!");
    assertThat(out.lines()).contains("by name: Hello, generic!");
  }
}
