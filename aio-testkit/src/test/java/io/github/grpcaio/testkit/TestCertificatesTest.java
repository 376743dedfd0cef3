package io.github.grpcaio.testkit;

import static io.github.grpcaio.testkit.AioAssertions.assertThatRpc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.grpcaio.Channel;
import io.github.grpcaio.ChannelCredentials;
import io.github.grpcaio.Server;
import io.github.grpcaio.ServerCredentials;
import io.github.grpcaio.ServerOptions;
import io.github.grpcaio.core.GrpcAio;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class TestCertificatesTest {

  @Test
  void authority_isSelfSignedCa() throws Exception {
    TestCertificates ca = TestCertificates.authority("test CA");

    ca.certificate().verify(ca.certificate().getPublicKey());
    assertThat(ca.certificate().getBasicConstraints()).isNotNegative();
    assertThat(ca.certificate().getSubjectX500Principal().getName())
        .isEqualTo("CN=test CA,O=grpc-aio testkit");
  }

  @Test
  void issue_leafWithNames_chainsToTheAuthorityAndCarriesTheNames() throws Exception {
    TestCertificates ca = TestCertificates.authority("test CA");

    TestCertificates leaf = ca.issue("server", "localhost", "127.0.0.1");

    leaf.certificate().verify(ca.certificate().getPublicKey());
    leaf.certificate().checkValidity();
    assertThat(leaf.certificate().getBasicConstraints()).isEqualTo(-1);
    assertThat(leaf.certificate().getSubjectAlternativeNames())
        .containsExactlyInAnyOrder(List.of(2, "localhost"), List.of(7, "127.0.0.1"));
  }

  @Test
  void issue_inThePast_isExpired() {
    TestCertificates ca = TestCertificates.authority("test CA");
    Instant now = Instant.now();

    TestCertificates expired =
        ca.issue("old", now.minus(Duration.ofDays(2)), now.minus(Duration.ofDays(1)));

    assertThatThrownBy(() -> expired.certificate().checkValidity())
        .isInstanceOf(CertificateExpiredException.class);
  }

  @Test
  void pem_certificateAndKey_areReadableAsPem() throws Exception {
    TestCertificates leaf = TestCertificates.authority("test CA").issue("client");

    X509Certificate read =
        (X509Certificate)
            CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(leaf.certificatePem()));

    assertThat(read).isEqualTo(leaf.certificate());
    assertThat(new String(leaf.privateKeyPem(), StandardCharsets.US_ASCII))
        .startsWith("-----BEGIN PRIVATE KEY-----\n")
        .endsWith("-----END PRIVATE KEY-----\n");
  }

  @Test
  void mutualTls_overNettyOnLoopback_servesTheClientItIssued() throws Exception {
    TestCertificates ca = TestCertificates.authority("test CA");
    TestCertificates serverCertificate = ca.issue("server", "localhost", "127.0.0.1");
    TestCertificates client = ca.issue("client");
    Server server =
        GrpcAio.server(ServerOptions.builder().handlers(List.of(EchoService.handler())).build());
    int port =
        server.addSecurePort(
            "127.0.0.1:0",
            ServerCredentials.ssl(
                List.of(
                    new ServerCredentials.KeyCertificatePair(
                        serverCertificate.privateKeyPem(), serverCertificate.certificatePem())),
                ca.certificatePem(),
                true));
    server.start().get(5, TimeUnit.SECONDS);
    Channel channel =
        GrpcAio.secureChannel(
            "localhost:" + port,
            ChannelCredentials.ssl(
                ca.certificatePem(), client.privateKeyPem(), client.certificatePem()));
    try {
      assertThatRpc(EchoService.echo(channel).call("over TLS")).succeedsWith("over TLS");
    } finally {
      channel.closeAsync(Duration.ZERO).get(5, TimeUnit.SECONDS);
      server.stop(null).get(5, TimeUnit.SECONDS);
    }
  }
}
