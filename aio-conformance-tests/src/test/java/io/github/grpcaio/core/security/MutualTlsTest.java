package io.github.grpcaio.core.security;

import static io.github.grpcaio.core.security.SecureServer.echo;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.AioRpcError;
import io.github.grpcaio.Channel;
import io.github.grpcaio.ChannelCredentials;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.TestCertificates;
import java.time.Duration;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Mutual TLS: the server requires a client certificate and tells the handler whose it is. */
class MutualTlsTest {

  private static TestCertificates ca;
  private static TestCertificates serverIdentity;
  private static TestCertificates clientIdentity;

  @AutoClose private SecureServer server;

  @BeforeAll
  static void makeCertificates() {
    ca = TestCertificates.authority("test CA");
    serverIdentity = ca.issue("server", "localhost", "127.0.0.1");
    clientIdentity = ca.issue("client", "client.example", "alt.client.example");
  }

  private static ChannelCredentials presenting(TestCertificates identity) {
    return ChannelCredentials.ssl(
        ca.certificatePem(), identity.privateKeyPem(), identity.certificatePem());
  }

  @Test
  void clientCertificateOfTheCa_callSucceeds_handlerSeesAlternativeNames() throws Exception {
    server = SecureServer.mutualTls(serverIdentity, ca);
    Channel channel = server.channel("localhost", presenting(clientIdentity));

    String reply = Await.result(echo(channel).call("hello").response());
    SecureServer.Seen seen = server.nextSeen();

    assertThat(reply).isEqualTo("hello");
    assertThat(seen.identityKey()).contains("x509_subject_alternative_name");
    assertThat(seen.identityStrings()).containsExactly("client.example", "alt.client.example");
    assertThat(seen.auth("transport_security_type")).containsExactly("ssl");
    assertThat(seen.auth("security_level")).containsExactly("TSI_PRIVACY_AND_INTEGRITY");
    assertThat(seen.auth("x509_common_name")).containsExactly("client");
    assertThat(seen.auth("x509_subject_alternative_name"))
        .containsExactly("client.example", "alt.client.example");
    assertThat(seen.auth("peer_dns")).containsExactly("client.example", "alt.client.example");
    assertThat(seen.auth("x509_subject")).containsExactly("CN=client,O=grpc-aio testkit");
    assertThat(seen.auth("x509_pem_cert"))
        .singleElement()
        .isEqualTo(new String(clientIdentity.certificatePem(), "US-ASCII"));
  }

  @Test
  void clientCertificateWithoutAlternativeNames_identityIsCommonName() throws Exception {
    server = SecureServer.mutualTls(serverIdentity, ca);
    Channel channel = server.channel("localhost", presenting(ca.issue("plain client")));

    Await.result(echo(channel).call("hello").response());
    SecureServer.Seen seen = server.nextSeen();

    assertThat(seen.identityKey()).contains("x509_common_name");
    assertThat(seen.identityStrings()).containsExactly("plain client");
    assertThat(seen.authContext()).doesNotContainKey("x509_subject_alternative_name");
  }

  @Test
  void clientWithoutCertificate_isRefused_handlerNeverRuns() {
    server = SecureServer.mutualTls(serverIdentity, ca);
    Channel channel =
        server.channel("localhost", ChannelCredentials.ssl(ca.certificatePem(), null, null));

    AioRpcError error = Await.rpcError(echo(channel).call("hello").response());

    assertThat(error.code()).isEqualTo(StatusCode.UNAVAILABLE);
    assertThat(error.details()).contains("the server refused this client's certificate");
    assertThat(server.seen).isEmpty();
  }

  @Test
  void clientCertificateOfAnotherCa_isRefused_handlerNeverRuns() {
    server = SecureServer.mutualTls(serverIdentity, ca);
    TestCertificates stranger =
        TestCertificates.authority("other CA").issue("stranger", "client.example");
    Channel channel =
        server.channel(
            "localhost",
            ChannelCredentials.ssl(
                ca.certificatePem(), stranger.privateKeyPem(), stranger.certificatePem()));

    AioRpcError error = Await.rpcError(echo(channel).call("hello").response());

    assertThat(error.code()).isEqualTo(StatusCode.UNAVAILABLE);
    assertThat(error.details()).contains("the server refused this client's certificate");
    assertThat(server.seen).isEmpty();
  }

  @Test
  void refusedClient_channelAndServerStillClose() {
    server = SecureServer.mutualTls(serverIdentity, ca);
    Channel channel =
        server.channel("localhost", ChannelCredentials.ssl(ca.certificatePem(), null, null));
    Await.rpcError(echo(channel).call("hello").response());

    Await.result(channel.closeAsync(Duration.ZERO));
    Await.result(server.server.stop(null));

    assertThat(server.seen).isEmpty();
  }

  @Test
  void serverNotRequiringClientAuth_clientCertificateIsNotAsked_noIdentity() throws Exception {
    server = SecureServer.tls(serverIdentity);
    Channel channel = server.channel("localhost", presenting(clientIdentity));

    Await.result(echo(channel).call("hello").response());
    SecureServer.Seen seen = server.nextSeen();

    assertThat(seen.identities()).isEmpty();
    assertThat(seen.identityKey()).isEmpty();
  }
}
