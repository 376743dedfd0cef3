package io.github.grpcaio.examples.aio;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.examples.CapturedOutput;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ConcurrentRequestsTest {

  @Test
  void run_serverWaitsForAllRequests_everyCallAnsweredInOrder() throws Exception {
    CapturedOutput out = new CapturedOutput();

    List<String> replies = ConcurrentRequests.run(out.stream());

    // The server answers only once every request has arrived, so this also shows concurrency.
    assertThat(replies)
        .containsExactlyElementsOf(
            IntStream.range(0, ConcurrentRequests.REQUESTS)
                .mapToObj(i -> "Hello, user" + i + "!")
                .toList());
    assertThat(out.lines())
        .containsExactly(
            "started 20 calls", "received 20 replies: Hello, user0! ... Hello, user19!");
  }
}
