package io.github.grpcaio.examples.hello;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.examples.CapturedOutput;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class HelloWorldTest {

  @Test
  void run_allFourKinds_printsEachResult() throws Exception {
    CapturedOutput out = new CapturedOutput();

    HelloWorld.Result result = HelloWorld.run(out.stream());

    assertThat(result.unary()).isEqualTo("Hello, world!");
    assertThat(result.serverStreaming())
        .containsExactly("Hello, world! (1/3)", "Hello, world! (2/3)", "Hello, world! (3/3)");
    assertThat(result.clientStreaming()).isEqualTo("Hello, Alice, Bob and Carol!");
    assertThat(result.bidi()).containsExactly("Hello, Alice!", "Hello, Bob!", "Hello, Carol!");
    assertThat(out.lines())
        .hasSize(6)
        .containsSubsequence(
            "unary: Hello, world!",
            "server streaming: Hello, world! (1/3) | Hello, world! (2/3) | Hello, world! (3/3)",
            "client streaming: Hello, Alice, Bob and Carol!",
            "bidi: Hello, Alice! | Hello, Bob! | Hello, Carol!",
            "server: stopped");
    assertThat(out.lines().get(0)).matches("server: listening on 127\\.0\\.0\\.1:\\d+");
  }

  @Test
  void run_whenDone_leavesNoNonDaemonThread() throws Exception {
    Set<Thread> before = Thread.getAllStackTraces().keySet();

    HelloWorld.run(new CapturedOutput().stream());

    // A non-daemon thread left behind would keep `java HelloWorld` (and exec:java) from exiting.
    assertThat(Thread.getAllStackTraces().keySet())
        .filteredOn(t -> !before.contains(t) && t.isAlive() && !t.isDaemon())
        .isEmpty();
  }
}
