package io.github.grpcaio.core.security;

import static io.github.grpcaio.core.security.SecureServer.echo;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.AioRpcError;
import io.github.grpcaio.Channel;
import io.github.grpcaio.ChannelCredentials;
import io.github.grpcaio.ChannelOptions;
import io.github.grpcaio.ServerCredentials;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.UnaryUnaryCall;
import io.github.grpcaio.core.GrpcAio;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.TestCertificates;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The details of {@code UNAVAILABLE} when a connection fails name the target and the reason on one
 * line, as gRPC's {@code "failed to connect to all addresses; last error: ..."} does, for the
 * failures a newcomer meets first: nothing listening, a TLS certificate for another name, a
 * plaintext client on a TLS port. The code stays {@code UNAVAILABLE} and the cause stays attached.
 * Netty only: the in-process transport has no connection to fail (a status a server sends, which is
 * left alone, is covered on both transports by {@code client.AwaitTest}).
 */
class ConnectionErrorMessagesTest {

  private static final TestCertificates CA = TestCertificates.authority("test CA");

  private SecureServer server;
  private Channel channel;

  @AfterEach
  void close() {
    if (channel != null) {
      Await.result(channel.closeAsync(Duration.ZERO));
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void connectionRefused_namesTargetAndRefusal() throws IOException {
    int port;
    try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      port = closed.getLocalPort();
    }
    channel = GrpcAio.insecureChannel("127.0.0.1:" + port);
    UnaryUnaryCall<String> call = echo(channel).call("hello");

    AioRpcError error = Await.rpcError(call.response());

    assertThat(error.code()).isEqualTo(StatusCode.UNAVAILABLE);
    assertThat(error.details())
        .startsWith("io exception; target 127.0.0.1:" + port + "; last error: ConnectException: ")
        .contains("Connection refused")
        .doesNotContain("\n");
    assertThat(Await.result(call.details())).isEqualTo(error.details());
    assertThat(error.getCause()).hasMessageContaining("Connection refused");
    assertThat(error.debugErrorString())
        .startsWith("UNAVAILABLE: io exception; target 127.0.0.1:" + port)
        .contains("; caused by ")
        .doesNotContain("\n")
        .doesNotContain("\tat ");
    assertThat(Await.result(call.debugErrorString())).isEqualTo(error.debugErrorString());
  }

  @Test
  void tlsNameMismatch_namesTargetAndTheCertificateProblemOnOneLine() {
    server = SecureServer.tls(CA.issue("elsewhere", "elsewhere.example"));
    channel = GrpcAio.secureChannel("localhost:" + server.port, trusting(CA));

    AioRpcError error = Await.rpcError(echo(channel).call("hello").response());

    assertThat(error.code()).isEqualTo(StatusCode.UNAVAILABLE);
    assertThat(error.details())
        .isEqualTo(
            "io exception; target localhost:"
                + server.port
                + "; last error: SSLHandshakeException: No subject alternative DNS name matching"
                + " localhost found.");
    assertThat(SecureServer.causeOf(error, SSLHandshakeException.class)).isNotNull();
  }

  @Test
  void plaintextClientOnTlsPort_namesTargetAndSuggestsTls() {
    server = SecureServer.tls(CA.issue("server", "localhost"));
    channel = GrpcAio.insecureChannel("127.0.0.1:" + server.port);

    AioRpcError error = Await.rpcError(echo(channel).call("hello").response());

    assertThat(error.code()).isEqualTo(StatusCode.UNAVAILABLE);
    assertThat(error.details())
        .startsWith("Network closed for unknown reason; target 127.0.0.1:" + server.port)
        .contains("closed before the server answered")
        .contains("TLS server");
  }

  @Test
  void tlsClientOnPlaintextPort_namesTargetAndSaysTheServerIsNotTls() {
    server = SecureServer.start(ServerCredentials.insecure());
    channel = GrpcAio.secureChannel("localhost:" + server.port, trusting(CA));

    AioRpcError error = Await.rpcError(echo(channel).call("hello").response());

    assertThat(error.code()).isEqualTo(StatusCode.UNAVAILABLE);
    assertThat(error.details())
        .startsWith("io exception; target localhost:" + server.port)
        .contains("not TLS")
        .contains("plaintext server")
        .doesNotContainPattern("[0-9a-f]{32}");
    assertThat(error.getCause()).isNotNull();
  }

  @Test
  void sslTargetNameOverride_checksTheCertificateAgainstThatName() {
    server = SecureServer.tls(CA.issue("elsewhere", "elsewhere.example"));
    channel =
        GrpcAio.secureChannel(
            "127.0.0.1:" + server.port,
            trusting(CA),
            ChannelOptions.builder()
                .option("grpc.ssl_target_name_override", "elsewhere.example")
                .build());

    assertThat(echo(channel).call("hello").await(Await.TIMEOUT)).isEqualTo("hello");
  }

  private static ChannelCredentials trusting(TestCertificates ca) {
    return ChannelCredentials.ssl(ca.certificatePem(), null, null);
  }
}
