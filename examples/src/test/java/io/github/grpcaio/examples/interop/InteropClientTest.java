package io.github.grpcaio.examples.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.Channel;
import io.github.grpcaio.ChannelOptions;
import io.github.grpcaio.core.GrpcAio;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The aio {@link InteropClient} against grpc-java's interop server ({@code TestServiceServer} of
 * grpc-interop-testing 1.79.0, in its own JVM) on 127.0.0.1: every case in one run of the client.
 *
 * <p>The cases run twice against the same server: on the library's own channel, and on a grpc-java
 * Netty channel wrapped by {@code GrpcAio.wrapChannel} (owned, so closing it shuts it down).
 *
 * <p>{@code TestServiceServer} takes {@code --port=0} but does not say which port it got, so the
 * test picks a free port by binding a socket to 127.0.0.1:0 and closing it just before starting the
 * server. Another process could take the port in between; then the server cannot bind and exits, or
 * something else answers, and the test starts over with a new port (three attempts).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InteropClientTest {

  /**
   * The cases; grpc-java's server does not check {@code expect_compressed}, so the compression
   * cases run without the feature probe (see {@link #grpcJavaServerDoesNotSupportTheProbe}).
   */
  static List<String> cases() {
    return InteropClient.ALL_CASES.stream()
        .map(c -> c.startsWith("client_compressed_") ? c + "_noprobe" : c)
        .toList();
  }

  private PeerProcess server;
  private String output;
  private String wrappedOutput;
  private int wrappedFailed;
  private String probeOutput;
  private int failed;

  @BeforeAll
  void runClientAgainstGrpcJavaServer() throws Exception {
    int port = startServer();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      failed = InteropClient.run("127.0.0.1", port, cases(), out);
    }
    output = bytes.toString(StandardCharsets.UTF_8);
    bytes.reset();
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      InteropClient.run("127.0.0.1", port, List.of("client_compressed_unary"), out);
    }
    probeOutput = bytes.toString(StandardCharsets.UTF_8);
    bytes.reset();
    ManagedChannel grpcChannel =
        NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Channel wrapped = GrpcAio.wrapChannel(grpcChannel, ChannelOptions.DEFAULT, true)) {
      wrappedFailed = InteropClient.run(wrapped, cases(), out);
    }
    wrappedOutput = bytes.toString(StandardCharsets.UTF_8);
    assertThat(grpcChannel.isShutdown()).as("the owned grpc-java channel is shut down").isTrue();
  }

  @AfterAll
  void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  private int startServer() throws Exception {
    String log = "";
    for (int attempt = 1; attempt <= 3; attempt++) {
      int port = freePort();
      PeerProcess peer =
          PeerProcess.start(
              "io.grpc.testing.integration.TestServiceServer",
              "--port=" + port,
              "--use_tls=false",
              "--address_type=IPV4");
      if (awaitListening(peer, port, Duration.ofSeconds(20))) {
        server = peer;
        return port;
      }
      log = peer.output();
      peer.close();
    }
    throw new AssertionError("grpc-java's TestServiceServer did not start:\n" + log);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** Waits for the server's "Server started" line and a connection to its port. */
  private static boolean awaitListening(PeerProcess peer, int port, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline && peer.isAlive()) {
      if (peer.output().contains("Server started")) {
        try (Socket socket = new Socket()) {
          socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
          return true;
        } catch (IOException notYet) {
          // not listening yet
        }
      }
      Thread.sleep(50);
    }
    return false;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void aioClientPassesAgainstGrpcJavaServer(String testCase) {
    assertThat(output.lines().toList())
        .as("InteropClient output:\n%s\ngrpc-java server output:\n%s", output, server.output())
        .contains("PASS " + testCase);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void aioClientOnAWrappedGrpcJavaChannelPassesAgainstGrpcJavaServer(String testCase) {
    assertThat(wrappedOutput.lines().toList())
        .as(
            "InteropClient output:\n%s\ngrpc-java server output:\n%s",
            wrappedOutput, server.output())
        .contains("PASS " + testCase);
  }

  /**
   * Pins the peer's limit that makes the {@code _noprobe} variants necessary: grpc-java's {@code
   * TestServiceServer} accepts an uncompressed request that expects compression. When this fails,
   * grpc-java gained the check, and the probe cases can run against it.
   */
  @Test
  void grpcJavaServerDoesNotSupportTheProbe() {
    assertThat(probeOutput.lines().toList())
        .as(probeOutput)
        .containsExactly(
            "FAIL client_compressed_unary: java.lang.AssertionError: status OK () instead of"
                + " INVALID_ARGUMENT",
            "0 passed, 1 failed");
  }

  @Test
  void runEndsWithTheCounts() {
    assertThat(output.strip().lines().reduce((a, b) -> b).orElse(""))
        .as("InteropClient output:\n%s", output)
        .isEqualTo(cases().size() + " passed, 0 failed");
    assertThat(failed).isZero();
    assertThat(wrappedOutput.strip().lines().reduce((a, b) -> b).orElse(""))
        .as("InteropClient output on the wrapped channel:\n%s", wrappedOutput)
        .isEqualTo(cases().size() + " passed, 0 failed");
    assertThat(wrappedFailed).isZero();
  }
}
