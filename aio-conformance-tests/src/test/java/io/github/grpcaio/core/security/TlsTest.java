package io.github.grpcaio.core.security;

import static io.github.grpcaio.core.security.SecureServer.echo;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.AioRpcError;
import io.github.grpcaio.Channel;
import io.github.grpcaio.ChannelConnectivity;
import io.github.grpcaio.ChannelCredentials;
import io.github.grpcaio.ChannelOptions;
import io.github.grpcaio.ServerCredentials;
import io.github.grpcaio.ServerOptions;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.TestCertificates;
import java.security.cert.CertificateExpiredException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** TLS channels and ports: who trusts whom, and what a failed handshake looks like. */
class TlsTest {

  private static TestCertificates ca;
  private static TestCertificates serverIdentity;

  @AutoClose private SecureServer server;

  @BeforeAll
  static void makeCertificates() {
    ca = TestCertificates.authority("test CA");
    serverIdentity = ca.issue("server", "localhost", "127.0.0.1");
  }

  private static ChannelCredentials trusting(TestCertificates root) {
    return ChannelCredentials.ssl(root.certificatePem(), null, null);
  }

  @Test
  void customRoots_serverCertificateOfThatCa_callSucceeds() {
    server = SecureServer.tls(serverIdentity);
    Channel channel = server.channel("localhost", trusting(ca));

    String reply = Await.result(echo(channel).call("hello").response());

    assertThat(reply).isEqualTo("hello");
  }

  @Test
  void serverOptions_tlsPort_maxConnectionAgeClosesTheConnection() {
    server =
        SecureServer.tls(
            serverIdentity,
            ServerOptions.builder()
                .maxConnectionAge(Duration.ofSeconds(1), Duration.ofSeconds(1))
                .build());
    Channel channel = server.channel("localhost", trusting(ca));
    Await.result(echo(channel).call("hello").response());
    assertThat(channel.getState(false)).isEqualTo(ChannelConnectivity.READY);

    // grpc-java raises the age to at least 1 s and adds ±10% jitter
    ChannelConnectivity after =
        Await.result(channel.waitForStateChange(ChannelConnectivity.READY), Duration.ofSeconds(10));

    assertThat(after).isIn(ChannelConnectivity.IDLE, ChannelConnectivity.TRANSIENT_FAILURE);
  }

  @Test
  void ipTarget_certificateWithIpAlternativeName_callSucceeds() {
    server = SecureServer.tls(serverIdentity);
    Channel channel = server.channel("127.0.0.1", trusting(ca));

    String reply = Await.result(echo(channel).call("hello").response());

    assertThat(reply).isEqualTo("hello");
  }

  @Test
  void serverAuthContext_noClientCertificate_isSslWithoutIdentity() throws Exception {
    server = SecureServer.tls(serverIdentity);
    Channel channel = server.channel("localhost", trusting(ca));

    Await.result(echo(channel).call("hello").response());
    SecureServer.Seen seen = server.nextSeen();

    assertThat(seen.auth("transport_security_type")).containsExactly("ssl");
    assertThat(seen.auth("security_level")).containsExactly("TSI_PRIVACY_AND_INTEGRITY");
    assertThat(seen.identities()).isEmpty();
    assertThat(seen.identityKey()).isEmpty();
  }

  @Test
  void untrustedServer_certificateOfAnotherCa_failsUnavailableWithHandshakeCause() {
    server = SecureServer.tls(serverIdentity);
    Channel channel = server.channel("localhost", trusting(TestCertificates.authority("other CA")));

    AioRpcError error = Await.rpcError(echo(channel).call("hello").response());

    assertThat(error.code()).isEqualTo(StatusCode.UNAVAILABLE);
    assertThat(SecureServer.causeOf(error, SSLHandshakeException.class))
        .isNotNull()
        .hasMessageContaining("unable to find valid certification path");
    assertThat(server.seen).isEmpty();
  }

  @Test
  void expiredServerCertificate_failsUnavailableNamingExpiry() {
    Instant now = Instant.now();
    server =
        SecureServer.tls(
            ca.issue(
                "server",
                now.minus(Duration.ofDays(2)),
                now.minus(Duration.ofDays(1)),
                "localhost"));
    Channel channel = server.channel("localhost", trusting(ca));

    AioRpcError error = Await.rpcError(echo(channel).call("hello").response());

    assertThat(error.code()).isEqualTo(StatusCode.UNAVAILABLE);
    assertThat(SecureServer.causeOf(error, SSLHandshakeException.class)).isNotNull();
    assertThat(SecureServer.causeOf(error, CertificateExpiredException.class)).isNotNull();
  }

  @Test
  void hostnameMismatch_certificateForAnotherName_failsUnavailable() {
    server = SecureServer.tls(ca.issue("elsewhere", "elsewhere.example"));
    Channel channel = server.channel("localhost", trusting(ca));

    AioRpcError error = Await.rpcError(echo(channel).call("hello").response());

    assertThat(error.code()).isEqualTo(StatusCode.UNAVAILABLE);
    assertThat(SecureServer.causeOf(error, SSLHandshakeException.class))
        .isNotNull()
        .hasMessageContaining("localhost");
  }

  @Test
  void hostnameMismatch_defaultAuthorityNamesTheCertificate_callSucceeds() {
    server = SecureServer.tls(ca.issue("elsewhere", "elsewhere.example"));
    Channel channel =
        server.channel(
            "localhost",
            trusting(ca),
            ChannelOptions.builder().defaultAuthority("elsewhere.example").build());

    String reply = Await.result(echo(channel).call("hello").response());

    assertThat(reply).isEqualTo("hello");
  }

  @Test
  void channelClose_afterFailedHandshake_completes() {
    server = SecureServer.tls(serverIdentity);
    Channel channel = server.channel("localhost", trusting(TestCertificates.authority("other CA")));
    Await.rpcError(echo(channel).call("hello").response());

    Await.result(channel.closeAsync(Duration.ZERO));

    assertThat(channel.getState(false)).hasToString("SHUTDOWN");
  }

  @Test
  void severalKeyPairs_serverPresentsTheOneForTheRequestedName() {
    TestCertificates first = ca.issue("first", "first.example");
    TestCertificates second = ca.issue("second", "second.example");
    server =
        SecureServer.start(
            ServerCredentials.ssl(
                List.of(
                    new ServerCredentials.KeyCertificatePair(
                        first.privateKeyPem(), first.certificatePem()),
                    new ServerCredentials.KeyCertificatePair(
                        second.privateKeyPem(), second.certificatePem())),
                null,
                false));

    for (String name : List.of("first.example", "second.example")) {
      Channel channel =
          server.channel(
              "localhost", trusting(ca), ChannelOptions.builder().defaultAuthority(name).build());
      assertThat(Await.result(echo(channel).call(name).response())).isEqualTo(name);
    }
  }

  @Test
  void jdkDefaultRoots_selfMadeCa_isNotTrusted() {
    server = SecureServer.tls(serverIdentity);
    Channel channel = server.channel("localhost", ChannelCredentials.ssl());

    AioRpcError error = Await.rpcError(echo(channel).call("hello").response());

    assertThat(error.code()).isEqualTo(StatusCode.UNAVAILABLE);
    assertThat(SecureServer.causeOf(error, SSLHandshakeException.class)).isNotNull();
  }
}
