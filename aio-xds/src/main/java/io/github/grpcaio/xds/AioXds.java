package io.github.grpcaio.xds;

import io.github.grpcaio.ChannelCredentials;
import io.github.grpcaio.GrpcServerBuilderFactory;
import io.github.grpcaio.ServerCredentials;
import io.github.grpcaio.ServerOptions;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.TlsChannelCredentials;
import io.grpc.TlsServerCredentials;
import io.grpc.xds.XdsChannelCredentials;
import io.grpc.xds.XdsServerBuilder;
import io.grpc.xds.XdsServerCredentials;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * xDS for aio channels and servers, on grpc-java's {@code grpc-xds}.
 *
 * <p>Clients: with this module on the class path, a channel on an {@code xds:///name} target takes
 * its backends, load balancing, routes, timeouts and retries from the control plane that the xDS
 * bootstrap names (grpc-java reads it from the {@code GRPC_XDS_BOOTSTRAP} file or the {@code
 * GRPC_XDS_BOOTSTRAP_CONFIG} text, or the {@code io.grpc.xds.bootstrap} and {@code
 * io.grpc.xds.bootstrapConfig} system properties). A plaintext channel ({@code insecureChannel})
 * needs nothing from this class; {@link #channelCredentials} lets the control plane choose the
 * channel's security, with a fallback.
 *
 * <p>Servers: {@link #serverBuilderFactory()} in {@link
 * ServerOptions.Builder#grpcServerBuilderFactory} makes every TCP port of an aio server an
 * xDS-managed one (grpc-java's {@code XdsServerBuilder}): its listener, routes and security come
 * from the control plane, the aio handlers stay as they are. See {@code docs/scale-out.md}.
 */
public final class AioXds {

  private AioXds() {}

  /**
   * xDS channel credentials, as Python's {@code grpc.xds_channel_credentials(fallback)}: the
   * control plane's security settings where it sends some, else {@code fallback}.
   *
   * @param fallback TLS ({@link ChannelCredentials#ssl}) or grpc-java credentials ({@link
   *     ChannelCredentials#fromGrpc})
   * @return credentials for {@code secureChannel}
   * @throws IllegalArgumentException if {@code fallback} is local or composite credentials, or a
   *     PEM in it is malformed
   */
  public static ChannelCredentials channelCredentials(ChannelCredentials fallback) {
    return ChannelCredentials.fromGrpc(XdsChannelCredentials.create(grpcFallback(fallback)));
  }

  /**
   * xDS channel credentials whose fallback is plaintext: the control plane's security settings
   * where it sends some, else no security.
   *
   * @return credentials for {@code secureChannel}
   */
  public static ChannelCredentials insecureChannelCredentials() {
    return ChannelCredentials.fromGrpc(
        XdsChannelCredentials.create(InsecureChannelCredentials.create()));
  }

  /**
   * xDS server credentials, as Python's {@code grpc.xds_server_credentials(fallback)}: the control
   * plane's security settings where it sends some, else {@code fallback}. For {@code addSecurePort}
   * of a server whose options have {@link #serverBuilderFactory()}.
   *
   * @param fallback {@link ServerCredentials#insecure()}, TLS with one key and certificate chain
   *     ({@link ServerCredentials#ssl}) or grpc-java credentials ({@link
   *     ServerCredentials#fromGrpc})
   * @return server credentials
   * @throws IllegalArgumentException if {@code fallback} is local credentials or TLS with more than
   *     one key, or a PEM in it is malformed
   */
  public static ServerCredentials serverCredentials(ServerCredentials fallback) {
    return ServerCredentials.fromGrpc(XdsServerCredentials.create(grpcFallback(fallback)));
  }

  /**
   * The server builder factory of xDS-managed servers: each TCP port is grpc-java's {@code
   * XdsServerBuilder.forAddress}, on the address the port names (nothing is bound elsewhere). See
   * {@link #serverBuilderFactory(Consumer)}.
   *
   * @return a factory for {@link ServerOptions.Builder#grpcServerBuilderFactory}
   */
  public static GrpcServerBuilderFactory serverBuilderFactory() {
    return serverBuilderFactory(builder -> {});
  }

  /**
   * The server builder factory of xDS-managed servers, with code that configures each {@code
   * XdsServerBuilder} (a bootstrap of its own with {@code overrideBootstrapForTest}, a drain grace
   * time, an LDS resource name resolver).
   *
   * <p>Adding a port waits until the control plane has sent that port's listener, as grpc-java's
   * {@code XdsServer.start()} does. If the control plane reports the listener missing or invalid,
   * or cannot be reached, first, adding the port fails with {@link java.io.UncheckedIOException}
   * instead of waiting on. Once it serves, the port follows the control plane's updates: it stops
   * accepting connections while the control plane has no valid listener for it, and serves again
   * when it has one. (A port that failed this way keeps a reference to grpc-netty-shaded's shared
   * event loops: grpc-java's Netty server takes it when built and a server that never started does
   * not give it back.) The listener's address in the control plane is grpc-java's name for the
   * port: {@code 0.0.0.0} and the port number, or port 0 for any port; the port itself listens on
   * the address given to {@code addInsecurePort}/{@code addSecurePort} only.
   *
   * @param configurer configures each builder; it must not set an {@code xdsServingStatusListener},
   *     which this factory sets (after it runs)
   * @return a factory for {@link ServerOptions.Builder#grpcServerBuilderFactory}
   */
  public static GrpcServerBuilderFactory serverBuilderFactory(
      Consumer<? super XdsServerBuilder> configurer) {
    Objects.requireNonNull(configurer, "configurer");
    return (address, credentials) -> {
      XdsServerBuilder builder = XdsServerBuilder.forAddress(address, credentials);
      configurer.accept(builder);
      return new XdsPort(builder);
    };
  }

  private static io.grpc.ChannelCredentials grpcFallback(ChannelCredentials fallback) {
    Objects.requireNonNull(fallback, "fallback");
    if (fallback instanceof ChannelCredentials.GrpcJava grpc) {
      return grpc.credentials();
    }
    if (fallback instanceof ChannelCredentials.Ssl ssl) {
      TlsChannelCredentials.Builder tls = TlsChannelCredentials.newBuilder();
      try {
        if (ssl.rootCertificates() != null) {
          tls.trustManager(new ByteArrayInputStream(ssl.rootCertificates()));
        }
        if (ssl.privateKey() != null && ssl.certificateChain() != null) {
          tls.keyManager(
              new ByteArrayInputStream(ssl.certificateChain()),
              new ByteArrayInputStream(ssl.privateKey()));
        }
      } catch (IOException | IllegalArgumentException e) {
        throw new IllegalArgumentException("Malformed PEM in the TLS fallback: " + e, e);
      }
      return tls.build();
    }
    throw new IllegalArgumentException(
        "xDS channel credentials fall back to TLS (ChannelCredentials.ssl) or grpc-java"
            + " credentials (ChannelCredentials.fromGrpc), not "
            + fallback.getClass().getSimpleName());
  }

  private static io.grpc.ServerCredentials grpcFallback(ServerCredentials fallback) {
    Objects.requireNonNull(fallback, "fallback");
    if (fallback instanceof ServerCredentials.Insecure) {
      return InsecureServerCredentials.create();
    }
    if (fallback instanceof ServerCredentials.GrpcJava grpc) {
      return grpc.credentials();
    }
    if (fallback instanceof ServerCredentials.Ssl ssl && ssl.keyCertificatePairs().size() == 1) {
      ServerCredentials.KeyCertificatePair pair = ssl.keyCertificatePairs().get(0);
      TlsServerCredentials.Builder tls = TlsServerCredentials.newBuilder();
      try {
        tls.keyManager(
            new ByteArrayInputStream(pair.certificateChain()),
            new ByteArrayInputStream(pair.privateKey()));
        if (ssl.rootCertificates() != null) {
          tls.trustManager(new ByteArrayInputStream(ssl.rootCertificates()));
          tls.clientAuth(
              ssl.requireClientAuth()
                  ? TlsServerCredentials.ClientAuth.REQUIRE
                  : TlsServerCredentials.ClientAuth.OPTIONAL);
        }
      } catch (IOException | IllegalArgumentException e) {
        throw new IllegalArgumentException("Malformed PEM in the TLS fallback: " + e, e);
      }
      return tls.build();
    }
    throw new IllegalArgumentException(
        "xDS server credentials fall back to ServerCredentials.insecure(), TLS with one key"
            + " (ServerCredentials.ssl) or grpc-java credentials (ServerCredentials.fromGrpc),"
            + " not "
            + fallback);
  }
}
