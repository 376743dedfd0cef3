package io.github.grpcaio.examples.microservices;

import io.github.grpcaio.ChannelCredentials;
import io.github.grpcaio.ServerCredentials;
import io.github.grpcaio.examples.tls.Certificates;
import java.util.List;

/**
 * Mutual TLS between the two services, with certificates made at start-up: a certificate authority
 * issues one certificate to service 1 (for {@code localhost} and {@code 127.0.0.1}) and one to
 * service 2. Service 1 accepts only clients whose certificate chains to the authority; service 2
 * trusts only the authority, not the JDK's roots. Immutable.
 */
public final class MutualTls {

  private final Certificates authority;
  private final Certificates nameService;
  private final Certificates gateway;

  private MutualTls(Certificates authority, Certificates nameService, Certificates gateway) {
    this.authority = authority;
    this.nameService = nameService;
    this.gateway = gateway;
  }

  /**
   * Makes a new authority and the two certificates it issues.
   *
   * @return the certificates
   */
  public static MutualTls makeCertificates() {
    Certificates authority = Certificates.authority("microservices example CA");
    return new MutualTls(
        authority,
        authority.issue("name-service", "localhost", "127.0.0.1"),
        authority.issue("greeting-gateway", "greeting-gateway.example"));
  }

  /**
   * Returns service 1's server credentials: its certificate, and client certificates required.
   *
   * @return the credentials, for {@code server.addSecurePort}
   */
  public ServerCredentials nameServiceCredentials() {
    return ServerCredentials.ssl(
        List.of(
            new ServerCredentials.KeyCertificatePair(
                nameService.privateKeyPem(), nameService.certificatePem())),
        authority.certificatePem(),
        true);
  }

  /**
   * Returns service 2's channel credentials: the authority to trust and its own certificate.
   *
   * @return the credentials, for {@code GrpcAio.secureChannel}
   */
  public ChannelCredentials gatewayCredentials() {
    return ChannelCredentials.ssl(
        authority.certificatePem(), gateway.privateKeyPem(), gateway.certificatePem());
  }
}
