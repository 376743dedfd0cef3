package io.github.grpcaio.core.server;

import io.github.grpcaio.testkit.Transport;
import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;

/** Plain grpc-java channels to an aio server's port, for grpc-java clients. */
final class GrpcJavaChannels {

  private GrpcJavaChannels() {}

  /**
   * Opens a grpc-java channel of {@code transport} to {@code target}, as {@link Transport#bind}
   * returned it. The caller shuts it down.
   */
  static ManagedChannel open(
      Transport transport, String target, ClientInterceptor... interceptors) {
    return transport.grpcChannelBuilder(target).intercept(interceptors).build();
  }
}
