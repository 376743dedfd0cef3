package io.github.grpcaio.protobuf;

import io.github.grpcaio.testkit.Transport;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** Plain grpc-java on the other side of an aio channel or server, on a test {@link Transport}. */
final class GrpcJavaPeer {

  private GrpcJavaPeer() {}

  /** A started grpc-java server and the target that reaches it; close shuts it down. */
  record Hosted(Server server, String target) implements AutoCloseable {
    @Override
    public void close() throws InterruptedException {
      server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  /** Starts a grpc-java server of {@code transport} (Netty: 127.0.0.1, a free port). */
  static Hosted serve(Transport transport, ServerServiceDefinition service) throws IOException {
    if (transport == Transport.IN_PROCESS) {
      String name = "grpc-java-" + UUID.randomUUID();
      return new Hosted(
          InProcessServerBuilder.forName(name).addService(service).build().start(), name);
    }
    Server server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .addService(service)
            .build()
            .start();
    int port = ((InetSocketAddress) server.getListenSockets().get(0)).getPort();
    return new Hosted(server, "127.0.0.1:" + port);
  }

  /** A grpc-java channel of {@code transport} to {@code target}; the caller shuts it down. */
  static ManagedChannel channel(Transport transport, String target) {
    return transport.grpcChannelBuilder(target).build();
  }
}
