package io.github.grpcaio.core.server;

import io.github.grpcaio.testkit.Transport;
import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.netty.NettyChannelBuilder;

/** Plain grpc-java channels to an aio server's port, for grpc-java clients. */
final class GrpcJavaChannels {

  private GrpcJavaChannels() {}

  /**
   * Opens a grpc-java channel of {@code transport} to {@code target}, as {@link Transport#bind}
   * returned it. The caller shuts it down.
   */
  static ManagedChannel open(
      Transport transport, String target, ClientInterceptor... interceptors) {
    return switch (transport) {
      case IN_PROCESS -> InProcessChannelBuilder.forName(target).intercept(interceptors).build();
      case NETTY ->
          NettyChannelBuilder.forTarget(target).usePlaintext().intercept(interceptors).build();
    };
  }
}
