package io.github.grpcaio;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * How a secure server port authenticates itself and, optionally, its clients: Python's {@code
 * grpc.ssl_server_credentials}, {@code local_server_credentials} and {@code
 * insecure_server_credentials}. Pass them to {@link Server#addSecurePort(String,
 * ServerCredentials)}.
 */
public sealed interface ServerCredentials
    permits ServerCredentials.Ssl,
        ServerCredentials.Local,
        ServerCredentials.Insecure,
        ServerCredentials.GrpcJava {

  /**
   * TLS credentials, as {@code grpc.ssl_server_credentials(pairs, root_certificates,
   * require_client_auth)}.
   *
   * @param keyCertificatePairs one or more PEM private key / certificate chain pairs
   * @param rootCertificates PEM roots that client certificates must chain to, or null
   * @param requireClientAuth whether a client without a valid certificate is refused (mutual TLS)
   * @return TLS server credentials
   * @throws IllegalArgumentException if no pair is given, or client auth is required without roots
   */
  static ServerCredentials ssl(
      List<KeyCertificatePair> keyCertificatePairs,
      byte[] rootCertificates,
      boolean requireClientAuth) {
    return new Ssl(keyCertificatePairs, rootCertificates, requireClientAuth);
  }

  /**
   * Credentials for local connections only, as {@code grpc.local_server_credentials()}. The port's
   * address must suit the type: a Unix socket ({@code unix:path}, {@code unix-abstract:name}) for
   * {@link LocalConnectionType#UDS}, a loopback address ({@code 127.0.0.1:0}, {@code [::1]:0}) for
   * {@link LocalConnectionType#LOCAL_TCP}; any other is refused with an {@code
   * IllegalArgumentException} when the port is added.
   *
   * @param type UDS or loopback TCP
   * @return local server credentials
   */
  static ServerCredentials local(LocalConnectionType type) {
    return new Local(type);
  }

  /**
   * No security at all, as {@code grpc.insecure_server_credentials()}.
   *
   * @return insecure server credentials
   */
  static ServerCredentials insecure() {
    return new Insecure();
  }

  /**
   * grpc-java server credentials ({@code TlsServerCredentials}, {@code InsecureServerCredentials},
   * ...), used as they are: the port is bound with {@code NettyServerBuilder.forAddress(address,
   * credentials)}. Handlers see the TLS peer in their auth context as with {@link #ssl}.
   * Credentials grpc-java's Netty server does not support make {@code addSecurePort} throw {@link
   * IllegalArgumentException} ("Unsupported credential type: ...") before anything is bound.
   *
   * @param credentials the grpc-java credentials
   * @return server credentials
   * @throws NullPointerException if {@code credentials} is null
   */
  static ServerCredentials fromGrpc(io.grpc.ServerCredentials credentials) {
    return new GrpcJava(credentials);
  }

  /**
   * A PEM private key and the certificate chain that goes with it.
   *
   * @param privateKey PEM private key
   * @param certificateChain PEM certificate chain
   */
  @SuppressWarnings("ArrayRecordComponent") // equals and hashCode compare the contents
  record KeyCertificatePair(byte[] privateKey, byte[] certificateChain) {
    /**
     * Checks and copies the PEM material.
     *
     * @param privateKey PEM private key
     * @param certificateChain PEM certificate chain
     */
    public KeyCertificatePair {
      privateKey = Objects.requireNonNull(privateKey, "privateKey").clone();
      certificateChain = Objects.requireNonNull(certificateChain, "certificateChain").clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof KeyCertificatePair p
          && Arrays.equals(privateKey, p.privateKey)
          && Arrays.equals(certificateChain, p.certificateChain);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(privateKey) + Arrays.hashCode(certificateChain);
    }

    @Override
    public String toString() {
      return "KeyCertificatePair[chainBytes=" + certificateChain.length + "]";
    }
  }

  /**
   * TLS server credentials.
   *
   * @param keyCertificatePairs the server's keys and chains
   * @param rootCertificates roots for client certificates, or null
   * @param requireClientAuth whether clients must present a valid certificate
   */
  @SuppressWarnings("ArrayRecordComponent") // equals and hashCode compare the contents
  record Ssl(
      List<KeyCertificatePair> keyCertificatePairs,
      byte[] rootCertificates,
      boolean requireClientAuth)
      implements ServerCredentials {
    /**
     * Validates and copies the parts.
     *
     * @param keyCertificatePairs the server's keys and chains
     * @param rootCertificates roots for client certificates, or null
     * @param requireClientAuth whether clients must present a valid certificate
     * @throws IllegalArgumentException if no pair is given, or client auth is required without
     *     roots
     */
    public Ssl {
      keyCertificatePairs = List.copyOf(keyCertificatePairs);
      if (keyCertificatePairs.isEmpty()) {
        throw new IllegalArgumentException("At least one key/certificate pair is required");
      }
      if (requireClientAuth && rootCertificates == null) {
        throw new IllegalArgumentException(
            "requireClientAuth needs rootCertificates to verify client certificates with");
      }
      rootCertificates = rootCertificates == null ? null : rootCertificates.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Ssl s
          && keyCertificatePairs.equals(s.keyCertificatePairs)
          && Arrays.equals(rootCertificates, s.rootCertificates)
          && requireClientAuth == s.requireClientAuth;
    }

    @Override
    public int hashCode() {
      return Objects.hash(
          keyCertificatePairs, Arrays.hashCode(rootCertificates), requireClientAuth);
    }

    @Override
    public String toString() {
      return "ServerCredentials.Ssl[pairs="
          + keyCertificatePairs.size()
          + ", clientRoots="
          + (rootCertificates != null)
          + ", requireClientAuth="
          + requireClientAuth
          + "]";
    }
  }

  /**
   * Local server credentials.
   *
   * @param type the kind of local connection
   */
  record Local(LocalConnectionType type) implements ServerCredentials {
    /**
     * Checks the type.
     *
     * @param type the kind of local connection
     */
    public Local {
      Objects.requireNonNull(type, "type");
    }
  }

  /**
   * grpc-java server credentials, see {@link #fromGrpc}.
   *
   * @param credentials the grpc-java credentials
   */
  record GrpcJava(io.grpc.ServerCredentials credentials) implements ServerCredentials {
    /**
     * Checks the credentials.
     *
     * @param credentials the grpc-java credentials
     */
    public GrpcJava {
      Objects.requireNonNull(credentials, "credentials");
    }
  }

  /** Insecure server credentials. */
  record Insecure() implements ServerCredentials {}
}
