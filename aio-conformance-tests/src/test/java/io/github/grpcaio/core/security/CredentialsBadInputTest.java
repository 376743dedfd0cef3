package io.github.grpcaio.core.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.grpcaio.ChannelCredentials;
import io.github.grpcaio.Server;
import io.github.grpcaio.ServerCredentials;
import io.github.grpcaio.ServerCredentials.KeyCertificatePair;
import io.github.grpcaio.core.GrpcAio;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.TestCertificates;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Malformed PEM is refused where the channel or port is created, with a message naming which PEM,
 * and nothing is bound or connected.
 */
class CredentialsBadInputTest {

  private static final byte[] NOT_PEM = "hello".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] BAD_CERTIFICATE =
      "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"
          .getBytes(StandardCharsets.US_ASCII);
  private static final byte[] BAD_KEY =
      "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"
          .getBytes(StandardCharsets.US_ASCII);

  private static TestCertificates ca;
  private static TestCertificates identity;

  private Server server;

  @BeforeAll
  static void makeCertificates() {
    ca = TestCertificates.authority("test CA");
    identity = ca.issue("server", "localhost");
  }

  @BeforeEach
  void setUp() {
    server = GrpcAio.server();
  }

  @AfterEach
  void tearDown() {
    Await.result(server.stop(null));
  }

  private static void assertChannelRefused(ChannelCredentials credentials, String message) {
    assertThatThrownBy(() -> GrpcAio.secureChannel("localhost:443", credentials))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  private void assertPortRefused(ServerCredentials credentials, String message) {
    assertThatThrownBy(() -> server.addSecurePort("127.0.0.1:0", credentials))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
    assertThat(server.toString()).contains("ports=0");
  }

  @Test
  void channel_rootCertificatesNotPem_namesRootCertificates() {
    assertChannelRefused(
        ChannelCredentials.ssl(NOT_PEM, null, null), "rootCertificates is not PEM");
  }

  @Test
  void channel_rootCertificatesMalformed_namesRootCertificates() {
    assertChannelRefused(
        ChannelCredentials.ssl(BAD_CERTIFICATE, null, null),
        "rootCertificates holds a malformed PEM certificate");
  }

  @Test
  void channel_privateKeyMalformed_namesPrivateKey() {
    assertChannelRefused(
        ChannelCredentials.ssl(ca.certificatePem(), BAD_KEY, identity.certificatePem()),
        "privateKey holds a malformed or unsupported private key");
  }

  @Test
  void channel_certificateChainNotPem_namesCertificateChain() {
    assertChannelRefused(
        ChannelCredentials.ssl(ca.certificatePem(), identity.privateKeyPem(), NOT_PEM),
        "certificateChain is not PEM");
  }

  @Test
  void channel_keyOfAnotherCertificate_isRefused() {
    assertChannelRefused(
        ChannelCredentials.ssl(ca.certificatePem(), ca.privateKeyPem(), identity.certificatePem()),
        "privateKey does not match the first certificate of certificateChain");
  }

  @Test
  void channel_secKeyFormat_isRefusedWithHint() {
    byte[] sec1 =
        "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n"
            .getBytes(StandardCharsets.US_ASCII);
    assertChannelRefused(
        ChannelCredentials.ssl(null, sec1, identity.certificatePem()),
        "openssl pkcs8 -topk8 -nocrypt");
  }

  @Test
  void compositeChannel_malformedRoots_namesRootCertificates() {
    assertChannelRefused(
        ChannelCredentials.composite(ChannelCredentials.ssl(NOT_PEM, null, null)),
        "rootCertificates is not PEM");
  }

  @Test
  void port_privateKeyMalformed_namesThePair() {
    assertPortRefused(
        ServerCredentials.ssl(
            List.of(new KeyCertificatePair(BAD_KEY, identity.certificatePem())), null, false),
        "keyCertificatePairs[0].privateKey");
  }

  @Test
  void port_secondPairChainMalformed_namesThePair() {
    assertPortRefused(
        ServerCredentials.ssl(
            List.of(
                new KeyCertificatePair(identity.privateKeyPem(), identity.certificatePem()),
                new KeyCertificatePair(identity.privateKeyPem(), BAD_CERTIFICATE)),
            null,
            false),
        "keyCertificatePairs[1].certificateChain");
  }

  @Test
  void port_clientRootsMalformed_namesRootCertificates() {
    assertPortRefused(
        ServerCredentials.ssl(
            List.of(new KeyCertificatePair(identity.privateKeyPem(), identity.certificatePem())),
            NOT_PEM,
            true),
        "rootCertificates is not PEM");
  }

  @Test
  void port_keyOfAnotherCertificate_isRefused() {
    assertPortRefused(
        ServerCredentials.ssl(
            List.of(new KeyCertificatePair(ca.privateKeyPem(), identity.certificatePem())),
            null,
            false),
        "keyCertificatePairs[0].privateKey does not match");
  }
}
