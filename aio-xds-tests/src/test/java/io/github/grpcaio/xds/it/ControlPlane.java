package io.github.grpcaio.xds.it;

import io.envoyproxy.controlplane.cache.v3.SimpleCache;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.controlplane.server.V3DiscoveryServer;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An xDS management server in the test JVM: the Envoy project's java-control-plane serving
 * aggregated discovery (ADS) from a snapshot cache, on 127.0.0.1 and a port of the system's
 * choosing. Every client and server of the test is one node group, so one snapshot configures them
 * all.
 */
final class ControlPlane implements AutoCloseable {

  private static final String GROUP = "aio-xds-tests";

  private final SimpleCache<String> cache = new SimpleCache<>(node -> GROUP);
  private final AtomicInteger version = new AtomicInteger();
  private final Server server;

  ControlPlane() {
    V3DiscoveryServer discovery = new V3DiscoveryServer(cache);
    try {
      server =
          NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
              .addService(discovery.getAggregatedDiscoveryServiceImpl())
              .build()
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The xDS bootstrap of the test's clients and servers, as grpc-java reads it from {@code
   * GRPC_XDS_BOOTSTRAP_CONFIG} (here its system property, {@code io.grpc.xds.bootstrapConfig}).
   */
  String bootstrap() {
    int port = ((InetSocketAddress) server.getListenSockets().get(0)).getPort();
    return """
        {
          "xds_servers": [{
            "server_uri": "127.0.0.1:%d",
            "channel_creds": [{"type": "insecure"}],
            "server_features": ["xds_v3"]
          }],
          "node": {"id": "aio-xds-tests", "cluster": "aio-xds-tests"},
          "server_listener_resource_name_template": "%s"
        }
        """
        .formatted(port, MeshConfig.SERVER_LISTENER_TEMPLATE);
  }

  /** Replaces the configuration every node sees with {@code mesh}. */
  void update(MeshConfig mesh) {
    Snapshot snapshot =
        Snapshot.create(
            mesh.clusters(),
            mesh.endpoints(),
            mesh.listeners(),
            List.of(),
            List.of(),
            Integer.toString(version.incrementAndGet()));
    cache.setSnapshot(GROUP, snapshot);
  }

  @Override
  public void close() {
    server.shutdownNow();
    try {
      server.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
