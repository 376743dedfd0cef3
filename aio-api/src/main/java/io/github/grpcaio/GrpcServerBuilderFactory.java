package io.github.grpcaio;

import java.net.InetSocketAddress;

/**
 * Makes the grpc-java server builder for each TCP port of an aio server, in place of the Netty
 * builder the library makes itself: the seam through which an integration supplies a server builder
 * of its own, such as grpc-java's xDS-managed {@code XdsServerBuilder} (module {@code aio-xds}).
 * Set it with {@link ServerOptions.Builder#grpcServerBuilderFactory}.
 *
 * <p>The library then configures the builder it gets as it would its own (its handlers, executor,
 * interceptors, message encodings and size limits, the connection settings of {@link
 * ServerOptions}, then {@link ServerOptions.Builder#grpcBuilder}) through {@link
 * io.grpc.ServerBuilder}'s methods, builds and starts it. In-process ports are not affected.
 */
@FunctionalInterface
public interface GrpcServerBuilderFactory {

  /**
   * Makes the builder of one port. Called on the thread that adds the port ({@code addInsecurePort}
   * or {@code addSecurePort}), once per port.
   *
   * @param address the address to listen on, as the port's address string names it (a wildcard
   *     address only where that string names one)
   * @param credentials the port's credentials: {@code InsecureServerCredentials} for {@code
   *     addInsecurePort}, those given to {@link ServerCredentials#fromGrpc} for {@code
   *     addSecurePort}
   * @return a new builder that listens on {@code address}, not built yet
   */
  io.grpc.ServerBuilder<?> newBuilder(
      InetSocketAddress address, io.grpc.ServerCredentials credentials);
}
