package io.github.grpcaio.core.internal.security;

import io.github.grpcaio.ChannelCredentials;
import io.github.grpcaio.ServerCredentials;
import io.grpc.netty.GrpcSslContexts;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.DelegatingSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

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
      Pem.checkPair(key, chain, "privateKey", "certificateChain");
      builder.keyManager(key, chain.toArray(X509Certificate[]::new));
    }
    return build(builder, "client");
  }

  /**
   * The server side of {@code ServerCredentials.ssl(...)}. With several key/certificate pairs the
   * server picks, per connection, the first whose certificate names the host the client asked for
   * (SNI) among those whose key fits ({@link ServerNameKeyManager}). Client certificates are
   * requested and verified against the roots only when {@code requireClientAuth} is set, as in gRPC
   * ({@code GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY}, else {@code
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
      Pair pair = read(pairs.get(0), 0);
      builder = SslContextBuilder.forServer(pair.key(), pair.chain());
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
    SslContext context = build(builder, "server");
    return pairs.size() == 1 ? context : new RecordingServerName(context);
  }

  /**
   * Makes the JDK record the name a client asks for (SNI), which it does only when the engine has
   * an SNI matcher; the key manager then picks the pair whose certificate matches that name.
   */
  private static final class RecordingServerName extends DelegatingSslContext {
    private static final List<SNIMatcher> ANY_NAME = List.of(SNIHostName.createSNIMatcher(".*"));

    RecordingServerName(SslContext context) {
      super(context);
    }

    @Override
    protected void initEngine(SSLEngine engine) {
      SSLParameters parameters = engine.getSSLParameters();
      parameters.setSNIMatchers(ANY_NAME);
      engine.setSSLParameters(parameters);
    }
  }

  private static ServerNameKeyManager keyManagers(
      List<ServerCredentials.KeyCertificatePair> pairs) {
    List<ServerNameKeyManager.Entry> entries = new ArrayList<>();
    for (int i = 0; i < pairs.size(); i++) {
      Pair pair = read(pairs.get(i), i);
      entries.add(new ServerNameKeyManager.Entry(pair.key(), pair.chain()));
    }
    return new ServerNameKeyManager(entries);
  }

  @SuppressWarnings("ArrayRecordComponent") // never compared; the array is what the API takes
  private record Pair(PrivateKey key, X509Certificate[] chain) {}

  private static Pair read(ServerCredentials.KeyCertificatePair pair, int i) {
    String keyName = "keyCertificatePairs[" + i + "].privateKey";
    String chainName = "keyCertificatePairs[" + i + "].certificateChain";
    PrivateKey key = Pem.privateKey(pair.privateKey(), keyName);
    List<X509Certificate> chain = Pem.certificates(pair.certificateChain(), chainName);
    Pem.checkPair(key, chain, keyName, chainName);
    return new Pair(key, chain.toArray(X509Certificate[]::new));
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
