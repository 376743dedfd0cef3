package io.github.grpcaio.xds.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.grpcaio.Server;
import io.github.grpcaio.ServerOptions;
import io.github.grpcaio.core.GrpcAio;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.xds.AioXds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An xDS-managed port whose control plane cannot be reached fails at once instead of waiting for a
 * listener for ever.
 *
 * <p>No thread-leak check here: grpc-java's Netty server takes its share of the shared event loops
 * when it is built, and a server that never started gives it back on no shutdown, so the xDS server
 * that never got a listener keeps grpc-netty-shaded's shared event loops alive in this JVM.
 */
class XdsPortFailureTest {

  @Test
  void anXdsManagedPortFailsInsteadOfWaitingWhenTheControlPlaneCannotBeReached()
      throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    Map<String, ?> unreachable =
        Map.of(
            "xds_servers",
            List.of(
                Map.of(
                    "server_uri", "127.0.0.1:" + closedPort,
                    "channel_creds", List.of(Map.of("type", "insecure")),
                    "server_features", List.of("xds_v3"))),
            "node",
            Map.of("id", "aio-xds-tests-unreachable"),
            "server_listener_resource_name_template",
            MeshConfig.SERVER_LISTENER_TEMPLATE);
    Server server =
        GrpcAio.server(
            ServerOptions.builder()
                .grpcServerBuilderFactory(
                    AioXds.serverBuilderFactory(
                        builder -> builder.overrideBootstrapForTest(unreachable)))
                .build());
    try {
      Throwable failure =
          assertTimeoutPreemptively(
              Duration.ofSeconds(10),
              () -> catchThrowable(() -> server.addInsecurePort("127.0.0.1:0")));

      assertThat(failure)
          .isInstanceOf(UncheckedIOException.class)
          .cause()
          .hasMessageContaining("The xDS control plane gave no valid listener");
    } finally {
      Await.result(server.stop(Duration.ZERO));
    }
  }
}
