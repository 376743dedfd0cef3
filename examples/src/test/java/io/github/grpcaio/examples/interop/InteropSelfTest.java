package io.github.grpcaio.examples.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.examples.interop.InteropServer.Running;
import io.github.grpcaio.testkit.Await;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The aio interop client against the aio interop server, in this JVM, on 127.0.0.1. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InteropSelfTest {

  private Running server;

  @BeforeAll
  void start() throws Exception {
    server = InteropServer.start(0);
  }

  @AfterAll
  void stop() throws Exception {
    Await.result(server.server().stop(Duration.ofSeconds(1)), Duration.ofSeconds(10));
  }

  private String run(List<String> cases) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      InteropClient.run("127.0.0.1", server.port(), cases, out);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void everyCasePasses() {
    String output = run(InteropClient.ALL_CASES);
    assertThat(output.lines().toList())
        .as(output)
        .containsAll(InteropClient.ALL_CASES.stream().map(c -> "PASS " + c).toList())
        .endsWith(InteropClient.ALL_CASES.size() + " passed, 0 failed");
  }

  @Test
  void theCasesWithoutTheProbePassToo() {
    List<String> cases = InteropClientTest.cases();
    String output = run(cases);
    assertThat(output.lines().toList())
        .as(output)
        .containsAll(cases.stream().map(c -> "PASS " + c).toList())
        .endsWith(cases.size() + " passed, 0 failed");
  }

  @Test
  void testCaseFlag() {
    assertThat(InteropClient.cases("all")).isEqualTo(InteropClient.ALL_CASES).hasSize(18);
    assertThat(InteropClient.cases("empty_unary,large_unary"))
        .containsExactly("empty_unary", "large_unary");
    assertThat(run(List.of("no_such_case")).lines().toList())
        .first()
        .asString()
        .startsWith("FAIL no_such_case: java.lang.IllegalArgumentException");
  }
}
