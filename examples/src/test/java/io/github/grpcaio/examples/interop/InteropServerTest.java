package io.github.grpcaio.examples.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.examples.interop.InteropServer.Running;
import io.github.grpcaio.testkit.Await;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * grpc-java's interop client ({@code TestServiceClient} of grpc-interop-testing 1.79.0, in its own
 * JVM) against the aio {@link InteropServer} on 127.0.0.1, every case ({@link InteropClientRuns}).
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

  private Running server;
  private InteropClientRuns clients;

  @BeforeAll
  void startServerAndClients() throws Exception {
    server = InteropServer.start(0);
    clients = InteropClientRuns.start(server.port(), cases());
  }

  @AfterAll
  void stop() throws Exception {
    if (clients != null) {
      clients.close();
    }
    if (server != null) {
      Await.result(server.server().stop(Duration.ofSeconds(1)), Duration.ofSeconds(10));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void grpcJavaClientPassesAgainstAioServer(String testCase) throws Exception {
    String result = clients.result(testCase);
    assertThat(result)
        .as("grpc-java TestServiceClient --test_case=%s (exit code, output)", testCase)
        .startsWith("0\n")
        .contains("Test completed.");
  }
}
