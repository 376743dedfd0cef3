package io.github.grpcaio.core.internal;

import io.github.grpcaio.ChannelCredentials;
import io.github.grpcaio.ServerCredentials;
import io.grpc.netty.GrpcSslContexts;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;

/**
 * Builds the Netty {@link SslContext}s of TLS credentials, with grpc-java's settings ({@link
 * GrpcSslContexts}: HTTP/2 ALPN, gRPC's cipher suites) and the JDK's TLS provider.
 *
 * <p>Every PEM is read here, when the channel or port is created, so a malformed one fails at once
 * with an {@link IllegalArgumentException} naming it, never later in a handshake.
 */
public final class TlsContexts {

  private TlsContexts() {}

  /**
   * The client side of {@code ChannelCredentials.ssl(...)}: trusts the given roots (or the JDK's),
   * presents the given certificate, if any, for mutual TLS. The server's name is checked by
   * grpc-java against the channel's authority (the target's host, or {@code defaultAuthority}).
   *
   * @param ssl the credentials
   * @return the context
   * @throws IllegalArgumentException if a PEM is malformed
   */
  public static SslContext forClient(ChannelCredentials.Ssl ssl) {
    SslContextBuilder builder = GrpcSslContexts.configure(SslContextBuilder.forClient(), jdk());
    if (ssl.rootCertificates() != null) {
      builder.trustManager(
          Pem.certificates(ssl.rootCertificates(), "rootCertificates")
              .toArray(X509Certificate[]::new));
    }
    if (ssl.privateKey() != null) {
      PrivateKey key = Pem.privateKey(ssl.privateKey(), "privateKey");
      List<X509Certificate> chain = Pem.certificates(ssl.certificateChain(), "certificateChain");
      builder.keyManager(key, chain.toArray(X509Certificate[]::new));
    }
    return build(builder, "client");
  }

  /**
   * The server side of {@code ServerCredentials.ssl(...)}. With several key/certificate pairs the
   * JDK picks, per connection, the one whose certificate matches the name the client asked for
   * (SNI) and its key type. Client certificates are requested and verified against the roots only
   * when {@code requireClientAuth} is set, as in gRPC ({@code
   * GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY}, else {@code
   * GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE}).
   *
   * @param ssl the credentials
   * @return the context
   * @throws IllegalArgumentException if a PEM is malformed
   */
  public static SslContext forServer(ServerCredentials.Ssl ssl) {
    List<ServerCredentials.KeyCertificatePair> pairs = ssl.keyCertificatePairs();
    SslContextBuilder builder;
    if (pairs.size() == 1) {
      PrivateKey key =
          Pem.privateKey(pairs.get(0).privateKey(), "keyCertificatePairs[0].privateKey");
      List<X509Certificate> chain =
          Pem.certificates(
              pairs.get(0).certificateChain(), "keyCertificatePairs[0].certificateChain");
      builder = SslContextBuilder.forServer(key, chain.toArray(X509Certificate[]::new));
    } else {
      builder = SslContextBuilder.forServer(keyManagers(pairs));
    }
    GrpcSslContexts.configure(builder, jdk());
    X509Certificate[] roots =
        ssl.rootCertificates() == null
            ? null
            : Pem.certificates(ssl.rootCertificates(), "rootCertificates")
                .toArray(X509Certificate[]::new);
    if (ssl.requireClientAuth()) {
      builder.trustManager(roots).clientAuth(ClientAuth.REQUIRE);
    } else {
      builder.clientAuth(ClientAuth.NONE);
    }
    return build(builder, "server");
  }

  private static KeyManagerFactory keyManagers(List<ServerCredentials.KeyCertificatePair> pairs) {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      char[] password = new char[0];
      for (int i = 0; i < pairs.size(); i++) {
        PrivateKey key =
            Pem.privateKey(pairs.get(i).privateKey(), "keyCertificatePairs[" + i + "].privateKey");
        List<X509Certificate> chain =
            Pem.certificates(
                pairs.get(i).certificateChain(), "keyCertificatePairs[" + i + "].certificateChain");
        store.setKeyEntry("pair-" + i, key, password, chain.toArray(X509Certificate[]::new));
      }
      // PKIX (not SunX509) chooses among several entries by the SNI name and key type.
      KeyManagerFactory factory = KeyManagerFactory.getInstance("PKIX");
      factory.init(store, password);
      return factory;
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalArgumentException(
          "keyCertificatePairs could not be loaded: " + e.getMessage(), e);
    }
  }

  private static SslProvider jdk() {
    return SslProvider.JDK;
  }

  private static SslContext build(SslContextBuilder builder, String side) {
    try {
      return builder.build();
    } catch (SSLException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "The TLS " + side + " credentials are unusable: " + e.getMessage(), e);
    }
  }
}
