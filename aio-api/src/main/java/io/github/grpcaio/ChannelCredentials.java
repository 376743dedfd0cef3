package io.github.grpcaio;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * How a secure channel authenticates the server and, optionally, itself: Python's {@code
 * grpc.ssl_channel_credentials}, {@code local_channel_credentials} and {@code
 * composite_channel_credentials}. Pass them to {@code GrpcAio.secureChannel}.
 *
 * <p>These are plain values: certificates and keys are PEM-encoded bytes, copied on the way in.
 * {@code toString()} never prints key material.
 */
public sealed interface ChannelCredentials
    permits ChannelCredentials.Ssl,
        ChannelCredentials.Local,
        ChannelCredentials.Composite,
        ChannelCredentials.GrpcJava {

  /** TLS that trusts the JDK's default roots and presents no client certificate. */
  static ChannelCredentials ssl() {
    return new Ssl(null, null, null);
  }

  /**
   * TLS credentials, as {@code grpc.ssl_channel_credentials(root_certificates, private_key,
   * certificate_chain)}. Giving a key and chain enables mutual TLS.
   *
   * @param rootCertificates PEM roots to trust, or null for the JDK's defaults
   * @param privateKey the client's PEM private key, or null
   * @param certificateChain the client's PEM certificate chain, or null
   * @throws IllegalArgumentException if only one of key and chain is given
   */
  static ChannelCredentials ssl(
      byte[] rootCertificates, byte[] privateKey, byte[] certificateChain) {
    return new Ssl(rootCertificates, privateKey, certificateChain);
  }

  /**
   * Credentials for a connection that never leaves the machine (loopback TCP), as {@code
   * grpc.local_channel_credentials()}. They count as secure, so call credentials are allowed.
   *
   * @return local credentials of type {@link LocalConnectionType#LOCAL_TCP}
   */
  static ChannelCredentials local() {
    return new Local(LocalConnectionType.LOCAL_TCP);
  }

  /**
   * Local credentials of the given connection type. The channel's target must suit it: a Unix
   * socket target ({@code unix:path}, {@code unix-abstract:name}) for {@link
   * LocalConnectionType#UDS}, a loopback one ({@code localhost}, {@code 127.0.0.1}, {@code [::1]})
   * for {@link LocalConnectionType#LOCAL_TCP}; any other is refused with an {@code
   * IllegalArgumentException} when the channel is made.
   *
   * @param type UDS or loopback TCP
   */
  static ChannelCredentials local(LocalConnectionType type) {
    return new Local(type);
  }

  /**
   * Channel credentials with call credentials attached to every call, as {@code
   * grpc.composite_channel_credentials}.
   *
   * @param channelCredentials the transport credentials
   * @param callCredentials one or more call credentials, applied in order
   */
  static ChannelCredentials composite(
      ChannelCredentials channelCredentials, CallCredentials... callCredentials) {
    return new Composite(channelCredentials, List.of(callCredentials));
  }

  /**
   * grpc-java channel credentials ({@code TlsChannelCredentials}, {@code
   * InsecureChannelCredentials}, grpc-java composites, ...), used as they are: the Netty channel is
   * built with {@code NettyChannelBuilder.forTarget(target, credentials)}. They may be composed
   * with aio call credentials by {@link #composite}. Credentials grpc-java's Netty channel does not
   * support make {@code secureChannel} throw {@link IllegalArgumentException} ("Unsupported
   * credential type: ...").
   *
   * <p>The channel counts as secure, so aio call credentials are allowed on it; they are then
   * applied only over a connection that grpc-java reports private and integral (TLS), as
   * grpc-java's own call credentials require, and otherwise fail the call with {@code
   * UNAUTHENTICATED}.
   *
   * @param credentials the grpc-java credentials
   * @return channel credentials
   * @throws NullPointerException if {@code credentials} is null
   */
  static ChannelCredentials fromGrpc(io.grpc.ChannelCredentials credentials) {
    return new GrpcJava(credentials);
  }

  /**
   * TLS channel credentials.
   *
   * @param rootCertificates PEM roots, or null for the JDK's defaults
   * @param privateKey PEM client key, or null
   * @param certificateChain PEM client chain, or null
   */
  @SuppressWarnings("ArrayRecordComponent") // equals and hashCode compare the contents
  record Ssl(byte[] rootCertificates, byte[] privateKey, byte[] certificateChain)
      implements ChannelCredentials {
    /**
     * Validates and copies the PEM material.
     *
     * @param rootCertificates PEM roots, or null for the JDK's defaults
     * @param privateKey PEM client key, or null
     * @param certificateChain PEM client chain, or null
     * @throws IllegalArgumentException if only one of key and chain is given
     */
    public Ssl {
      if ((privateKey == null) != (certificateChain == null)) {
        throw new IllegalArgumentException(
            "privateKey and certificateChain must be given together (mutual TLS) or not at all");
      }
      rootCertificates = rootCertificates == null ? null : rootCertificates.clone();
      privateKey = privateKey == null ? null : privateKey.clone();
      certificateChain = certificateChain == null ? null : certificateChain.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Ssl s
          && Arrays.equals(rootCertificates, s.rootCertificates)
          && Arrays.equals(privateKey, s.privateKey)
          && Arrays.equals(certificateChain, s.certificateChain);
    }

    @Override
    public int hashCode() {
      return Objects.hash(
          Arrays.hashCode(rootCertificates),
          Arrays.hashCode(privateKey),
          Arrays.hashCode(certificateChain));
    }

    @Override
    public String toString() {
      return "ChannelCredentials.Ssl[customRoots="
          + (rootCertificates != null)
          + ", clientCertificate="
          + (certificateChain != null)
          + "]";
    }
  }

  /**
   * Local channel credentials.
   *
   * @param type the kind of local connection
   */
  record Local(LocalConnectionType type) implements ChannelCredentials {
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
   * grpc-java channel credentials, see {@link #fromGrpc}.
   *
   * @param credentials the grpc-java credentials
   */
  record GrpcJava(io.grpc.ChannelCredentials credentials) implements ChannelCredentials {
    /**
     * Checks the credentials.
     *
     * @param credentials the grpc-java credentials
     */
    public GrpcJava {
      Objects.requireNonNull(credentials, "credentials");
    }
  }

  /**
   * Channel credentials combined with call credentials.
   *
   * @param channelCredentials the transport credentials
   * @param callCredentials the call credentials, in order
   */
  record Composite(ChannelCredentials channelCredentials, List<CallCredentials> callCredentials)
      implements ChannelCredentials {
    /**
     * Checks and copies the parts.
     *
     * @param channelCredentials the transport credentials
     * @param callCredentials the call credentials, in order
     */
    public Composite {
      Objects.requireNonNull(channelCredentials, "channelCredentials");
      callCredentials = List.copyOf(callCredentials);
    }
  }
}
