package io.github.grpcaio.examples.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.core.GrpcAio;
import io.github.grpcaio.examples.interop.proto.TestServiceAio;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * grpc-java's interop client ({@code TestServiceClient} of grpc-interop-testing 1.79.0, in its own
 * JVM) against the aio {@link InteropService} exported with {@code GrpcAio.bindService} into a
 * plain grpc-java Netty server on 127.0.0.1: every case of {@link InteropServerTest#cases()}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InteropExportedServerTest {

  private Server server;
  private InteropClientRuns clients;

  @BeforeAll
  void startServerAndClients() throws Exception {
    server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .addService(GrpcAio.bindService(TestServiceAio.handler(new InteropService())))
            .build()
            .start();
    int port = ((InetSocketAddress) server.getListenSockets().get(0)).getPort();
    clients = InteropClientRuns.start(port, InteropServerTest.cases());
  }

  @AfterAll
  void stop() throws Exception {
    if (clients != null) {
      clients.close();
    }
    if (server != null) {
      server.shutdown();
      if (!server.awaitTermination(10, TimeUnit.SECONDS)) {
        server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.github.grpcaio.examples.interop.InteropServerTest#cases")
  void grpcJavaClientPassesAgainstExportedAioService(String testCase) throws Exception {
    assertThat(clients.result(testCase))
        .as("grpc-java TestServiceClient --test_case=%s (exit code, output)", testCase)
        .startsWith("0\n")
        .contains("Test completed.");
  }
}
