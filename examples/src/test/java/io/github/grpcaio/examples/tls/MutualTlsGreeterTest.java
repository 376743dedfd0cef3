package io.github.grpcaio.examples.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.StatusCode;
import io.github.grpcaio.examples.CapturedOutput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class MutualTlsGreeterTest {

  @Test
  void run_clientWithCertificateIsGreetedByIdentity_clientWithoutIsRefused() throws Exception {
    CapturedOutput out = new CapturedOutput();

    MutualTlsGreeter.Result result = MutualTlsGreeter.run(out.stream());

    assertThat(result.reply())
        .isEqualTo(
            "Hello, world! Your certificate says [client.greeter.example]"
                + " (x509_subject_alternative_name)");
    assertThat(result.refused()).isEqualTo(StatusCode.UNAVAILABLE);
    assertThat(out.lines())
        .containsSubsequence(
            "client with a certificate: " + result.reply(),
            "client without a certificate: UNAVAILABLE",
            "server: stopped");
    assertThat(out.lines().get(0)).matches("server: listening with mutual TLS on localhost:\\d+");
  }

  @Test
  void certificates_issuedByAuthority_chainToIt() throws Exception {
    Certificates ca = Certificates.authority("test CA");

    Certificates leaf = ca.issue("leaf", "localhost");

    leaf.certificate().verify(ca.certificate().getPublicKey());
    assertThat(leaf.certificate().getSubjectX500Principal().getName())
        .isEqualTo("CN=leaf,O=grpc-aio testkit");
    assertThat(new String(leaf.privateKeyPem(), "US-ASCII")).startsWith("-----BEGIN PRIVATE KEY");
  }
}
