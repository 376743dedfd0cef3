package io.github.grpcaio.examples.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.examples.interop.InteropServer.Running;
import io.github.grpcaio.testkit.Await;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * grpc-java's interop client ({@code TestServiceClient} of grpc-interop-testing 1.79.0, in its own
 * JVM) against the aio {@link InteropServer} on 127.0.0.1, every case. The client runs one case per
 * invocation, so the JVMs start up front, three at a time, and each test awaits its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InteropServerTest {

  /** The cases, as grpc-java's client names them. */
  static List<String> cases() {
    return List.of(
        "empty_unary",
        "large_unary",
        "client_streaming",
        "server_streaming",
        "ping_pong",
        "empty_stream",
        "cancel_after_begin",
        "cancel_after_first_response",
        "timeout_on_sleeping_server",
        "custom_metadata",
        "status_code_and_message",
        "special_status_message",
        "unimplemented_method",
        "unimplemented_service",
        // With the expect_compressed feature probe: InteropService checks requestCompression().
        "client_compressed_unary",
        "server_compressed_unary",
        "client_compressed_streaming",
        "server_compressed_streaming");
  }

  private static final Duration CASE_TIMEOUT = Duration.ofSeconds(30);

  private Running server;
  private ExecutorService launcher;
  private final Map<String, Future<String>> results = new ConcurrentHashMap<>();

  @BeforeAll
  void startServerAndClients() throws Exception {
    server = InteropServer.start(0);
    launcher = Executors.newFixedThreadPool(3);
    for (String testCase : cases()) {
      results.put(testCase, launcher.submit(() -> runClient(testCase)));
    }
  }

  @AfterAll
  void stop() throws Exception {
    if (launcher != null) {
      launcher.shutdownNow();
      launcher.awaitTermination(10, TimeUnit.SECONDS);
    }
    if (server != null) {
      Await.result(server.server().stop(Duration.ofSeconds(1)), Duration.ofSeconds(10));
    }
  }

  /** Runs one case; returns "exit code\noutput". */
  private String runClient(String testCase) throws Exception {
    try (PeerProcess client =
        PeerProcess.start(
            "io.grpc.testing.integration.TestServiceClient",
            "--server_host=127.0.0.1",
            "--server_port=" + server.port(),
            "--test_case=" + testCase,
            "--use_tls=false")) {
      int exit = client.await(CASE_TIMEOUT);
      return exit + "\n" + client.output();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void grpcJavaClientPassesAgainstAioServer(String testCase) throws Exception {
    String result = results.get(testCase).get(CASE_TIMEOUT.toSeconds() * 3, TimeUnit.SECONDS);
    assertThat(result)
        .as("grpc-java TestServiceClient --test_case=%s (exit code, output)", testCase)
        .startsWith("0\n")
        .contains("Test completed.");
  }
}
