package io.github.grpcaio.core.internal.security;

import io.github.grpcaio.ChannelCredentials;
import io.github.grpcaio.ServerCredentials;
import io.github.grpcaio.core.internal.ListenAddress;
import io.github.grpcaio.core.internal.UnixSockets;
import io.grpc.Grpc;
import io.grpc.ManagedChannelBuilder;
import io.grpc.ManagedChannelRegistry;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import java.net.SocketAddress;

/**
 * Turns aio credentials into grpc-java Netty transport settings: TLS through {@link TlsContexts},
 * local credentials as plaintext restricted to loopback or Unix sockets (see {@link
 * LocalAddresses}), grpc-java credentials as grpc-java's Netty builders take them. Every check runs
 * here, before anything is bound or connected.
 */
public final class SecureTransports {

  private SecureTransports() {}

  /**
   * Checks a secure channel's credentials against its target and returns a Netty channel builder
   * for them. grpc-java credentials that this Netty transport refuses go to the transport
   * grpc-java's channel registry finds for them: grpc-java's xDS credentials, for one, work only on
   * the shaded Netty of {@code grpc-netty-shaded}.
   *
   * @param target the channel's target
   * @param credentials the channel credentials (composites allowed)
   * @return the builder with its transport security set (TLS, plaintext on loopback for local
   *     credentials, or grpc-java's credentials), not yet configured with the channel's options
   * @throws IllegalArgumentException if a PEM is malformed, local credentials are given a target
   *     their type does not cover (see {@link LocalAddresses}), or no grpc-java transport takes its
   *     credentials
   */
  public static ManagedChannelBuilder<?> forChannel(String target, ChannelCredentials credentials) {
    ChannelCredentials transport = ChannelSecurity.transport(credentials);
    if (transport instanceof ChannelCredentials.Ssl ssl) {
      return NettyChannelBuilder.forTarget(target).sslContext(TlsContexts.forClient(ssl));
    }
    if (transport instanceof ChannelCredentials.GrpcJava grpc) {
      return forGrpcCredentials(target, grpc.credentials());
    }
    ChannelCredentials.Local local = (ChannelCredentials.Local) transport;
    LocalAddresses.checkTarget(local.type(), target);
    return NettyChannelBuilder.forTarget(target).usePlaintext();
  }

  /**
   * This library's Netty transport if it takes {@code credentials}, else the transport of
   * grpc-java's channel registry that does.
   */
  private static ManagedChannelBuilder<?> forGrpcCredentials(
      String target, io.grpc.ChannelCredentials credentials) {
    try {
      return NettyChannelBuilder.forTarget(target, credentials);
    } catch (IllegalArgumentException refused) { // "Unsupported credential type"
      try {
        return Grpc.newChannelBuilder(target, credentials);
      } catch (ManagedChannelRegistry.ProviderNotFoundException none) { // no transport takes them
        refused.addSuppressed(none);
        throw refused;
      }
    }
  }

  /**
   * A Netty server builder for a secure port.
   *
   * @param address the address to listen on, TCP or Unix socket
   * @param credentials TLS, local or grpc-java credentials
   * @return the builder, on the epoll transport for a Unix socket, not yet configured with the
   *     server's options
   * @throws IllegalArgumentException if the address is malformed, a PEM is malformed, local
   *     credentials are given an address their type does not cover (see {@link LocalAddresses}),
   *     grpc-java refuses its credentials, or a Unix socket needs the native transport and it is
   *     not available
   * @throws java.io.UncheckedIOException if a file that is not a socket is at a Unix socket's path
   */
  public static NettyServerBuilder forServer(String address, ServerCredentials credentials) {
    SocketAddress socketAddress = ListenAddress.parseAny(address);
    NettyServerBuilder builder;
    if (credentials instanceof ServerCredentials.Ssl ssl) {
      builder = NettyServerBuilder.forAddress(socketAddress).sslContext(TlsContexts.forServer(ssl));
    } else if (credentials instanceof ServerCredentials.GrpcJava grpc) {
      builder = NettyServerBuilder.forAddress(socketAddress, grpc.credentials());
    } else {
      ServerCredentials.Local local = (ServerCredentials.Local) credentials;
      LocalAddresses.checkListenAddress(local.type(), address, socketAddress);
      builder =
          NettyServerBuilder.forAddress(socketAddress).addTransportFilter(AuthContexts.LOCAL_PORT);
    }
    return UnixSockets.forServer(builder, socketAddress, address);
  }
}
