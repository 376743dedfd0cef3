package io.github.grpcaio.examples.interop;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * grpc-java's interop client ({@code TestServiceClient}, in a {@link PeerProcess}) run against a
 * plaintext server on 127.0.0.1, one JVM per case. The client runs one case per invocation, so the
 * JVMs start up front, three at a time, and each test awaits its own result.
 */
final class InteropClientRuns implements AutoCloseable {

  /** How long one case may take once its JVM runs. */
  static final Duration CASE_TIMEOUT = Duration.ofSeconds(30);

  private final ExecutorService launcher = Executors.newFixedThreadPool(3);
  private final Map<String, Future<String>> results = new ConcurrentHashMap<>();

  private InteropClientRuns() {}

  /**
   * Starts running every case against {@code 127.0.0.1:port}.
   *
   * @param cases the cases, as grpc-java's client names them
   */
  static InteropClientRuns start(int port, List<String> cases) {
    InteropClientRuns runs = new InteropClientRuns();
    for (String testCase : cases) {
      runs.results.put(testCase, runs.launcher.submit(() -> runClient(port, testCase)));
    }
    return runs;
  }

  /** Runs one case; returns "exit code\noutput". */
  private static String runClient(int port, String testCase) throws Exception {
    try (PeerProcess client =
        PeerProcess.start(
            "io.grpc.testing.integration.TestServiceClient",
            "--server_host=127.0.0.1",
            "--server_port=" + port,
            "--test_case=" + testCase,
            "--use_tls=false")) {
      int exit = client.await(CASE_TIMEOUT);
      return exit + "\n" + client.output();
    }
  }

  /**
   * Waits for one case, within a bound that covers the cases queued before it.
   *
   * @return its exit code, a newline, and its output
   */
  String result(String testCase) throws Exception {
    return results.get(testCase).get(CASE_TIMEOUT.toSeconds() * 3, TimeUnit.SECONDS);
  }

  /** Stops the clients still running. */
  @Override
  public void close() throws InterruptedException {
    launcher.shutdownNow();
    launcher.awaitTermination(10, TimeUnit.SECONDS);
  }
}
