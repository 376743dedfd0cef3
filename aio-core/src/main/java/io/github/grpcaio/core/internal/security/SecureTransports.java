package io.github.grpcaio.core.internal.security;

import io.github.grpcaio.ChannelCredentials;
import io.github.grpcaio.ServerCredentials;
import io.github.grpcaio.core.internal.ListenAddress;
import io.grpc.netty.NettyServerBuilder;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;

/**
 * Turns aio credentials into grpc-java Netty transport settings: TLS through {@link TlsContexts},
 * local credentials as plaintext restricted to loopback (see {@link LocalAddresses}). Every check
 * runs here, before anything is bound or connected.
 */
public final class SecureTransports {

  private SecureTransports() {}

  /**
   * Checks a secure channel's credentials against its target and returns its TLS context.
   *
   * @param target the channel's target
   * @param credentials the channel credentials (composites allowed)
   * @return the TLS context, or null for local credentials (plaintext on loopback)
   * @throws IllegalArgumentException if a PEM is malformed, or local credentials are given a
   *     non-loopback target or the UDS type
   */
  public static SslContext forChannel(String target, ChannelCredentials credentials) {
    ChannelCredentials transport = ChannelSecurity.transport(credentials);
    if (transport instanceof ChannelCredentials.Ssl ssl) {
      return TlsContexts.forClient(ssl);
    }
    ChannelCredentials.Local local = (ChannelCredentials.Local) transport;
    LocalAddresses.checkType(local.type());
    LocalAddresses.checkTarget(target);
    return null;
  }

  /**
   * A Netty server builder for a secure port.
   *
   * @param address the address to listen on
   * @param credentials TLS or local credentials
   * @return the builder, not yet configured with the server's options
   * @throws IllegalArgumentException if the address is malformed, a PEM is malformed, or local
   *     credentials are given a non-loopback address or the UDS type
   */
  public static NettyServerBuilder forServer(String address, ServerCredentials credentials) {
    if (credentials instanceof ServerCredentials.Local local) {
      LocalAddresses.checkType(local.type());
    }
    InetSocketAddress socketAddress = ListenAddress.parse(address);
    if (credentials instanceof ServerCredentials.Ssl ssl) {
      return NettyServerBuilder.forAddress(socketAddress).sslContext(TlsContexts.forServer(ssl));
    }
    LocalAddresses.checkListenAddress(address, socketAddress);
    return NettyServerBuilder.forAddress(socketAddress).addTransportFilter(AuthContexts.LOCAL_PORT);
  }
}
