package io.github.grpcaio.examples.interceptors;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.examples.CapturedOutput;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class RequestIdExampleTest {

  @Test
  void run_requestIdAbsent_isGeneratedAndTravels_chosenIdIsKept() throws Exception {
    CapturedOutput out = new CapturedOutput();

    List<RequestIdExample.Result> results = RequestIdExample.run(out.stream(), "chosen-42");

    String generated = results.get(0).requestId();
    assertThat(UUID.fromString(generated)).isNotNull(); // made up by the client interceptor
    assertThat(results.get(0).reply()).isEqualTo("Hello, you!");
    assertThat(results.get(1).requestId()).isEqualTo("chosen-42");
    // The server logged each RPC's lines with the id the client sent.
    assertThat(out.lines())
        .containsSubsequence(
            "server: [request_id=" + generated + "] start /helloworld.Greeter/SayHello",
            "server: [request_id=" + generated + "] greeting you",
            "client: Hello, you! [request_id=" + generated + "]")
        .containsSubsequence(
            "server: [request_id=chosen-42] start /helloworld.Greeter/SayHello",
            "server: [request_id=chosen-42] greeting me",
            "client: Hello, me! [request_id=chosen-42]");
  }
}
