package io.github.grpcaio.core.security;

import static io.github.grpcaio.core.security.SecureServer.echo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.grpcaio.CallCredentials;
import io.github.grpcaio.CallOptions;
import io.github.grpcaio.Channel;
import io.github.grpcaio.ChannelCredentials;
import io.github.grpcaio.LocalConnectionType;
import io.github.grpcaio.Server;
import io.github.grpcaio.ServerCredentials;
import io.github.grpcaio.core.GrpcAio;
import io.github.grpcaio.testkit.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Local credentials: plaintext on loopback that counts as secure. */
class LocalCredentialsTest {

  private SecureServer server;

  @AfterEach
  void tearDown() {
    if (server != null) {
      server.close();
    }
  }

  private static SecureServer localServer() {
    return SecureServer.start(ServerCredentials.local(LocalConnectionType.LOCAL_TCP));
  }

  @ParameterizedTest
  @ValueSource(strings = {"localhost", "127.0.0.1"})
  void localChannel_toLocalPort_callSucceeds_authContextIsLocal(String host) throws Exception {
    server = localServer();
    Channel channel = server.channel(host, ChannelCredentials.local());

    String reply = Await.result(echo(channel).call("hello").response());
    SecureServer.Seen seen = server.nextSeen();

    assertThat(reply).isEqualTo("hello");
    assertThat(seen.auth("transport_security_type")).containsExactly("local");
    assertThat(seen.auth("security_level")).containsExactly("TSI_PRIVACY_AND_INTEGRITY");
    assertThat(seen.identities()).isEmpty();
    assertThat(seen.identityKey()).isEmpty();
  }

  @Test
  void localChannel_countsAsSecure_callCredentialsReachServer() throws Exception {
    server = localServer();
    Channel channel = server.channel("localhost", ChannelCredentials.local());

    Await.result(
        echo(channel)
            .call("hi", CallOptions.DEFAULT.withCredentials(CallCredentials.accessToken("tok")))
            .response());

    assertThat(server.nextSeen().metadata().get("authorization")).isEqualTo("Bearer tok");
  }

  @Test
  void insecureChannel_toLocalPort_works_asPlaintext() throws Exception {
    server = localServer();
    try (Channel channel = GrpcAio.insecureChannel("127.0.0.1:" + server.port)) {

      String reply = Await.result(echo(channel).call("hello").response());

      assertThat(reply).isEqualTo("hello");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"example.com:443", "10.1.2.3:50051", "dns:///example.com:443"})
  void localChannel_nonLoopbackTarget_isRefused(String target) {
    assertThatThrownBy(() -> GrpcAio.secureChannel(target, ChannelCredentials.local()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Local channel credentials need a loopback target")
        .hasMessageContaining(target);
  }

  @Test
  void localChannel_udsOverTcp_isRefusedClearly() {
    assertThatThrownBy(
            () ->
                GrpcAio.secureChannel(
                    "localhost:50051", ChannelCredentials.local(LocalConnectionType.UDS)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("type UDS need a Unix socket target")
        .hasMessageContaining("localhost:50051");
  }

  @ParameterizedTest
  @ValueSource(strings = {"[::]:0", "0.0.0.0:0", ":0"})
  void localPort_wildcardAddress_isRefused(String address) throws Exception {
    Server s = GrpcAio.server();
    try {
      assertThatThrownBy(
              () ->
                  s.addSecurePort(address, ServerCredentials.local(LocalConnectionType.LOCAL_TCP)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("Local server credentials need a loopback address");
    } finally {
      Await.result(s.stop(null));
    }
  }

  @Test
  void localPort_udsOverTcp_isRefusedClearly() {
    Server s = GrpcAio.server();
    try {
      assertThatThrownBy(
              () ->
                  s.addSecurePort("127.0.0.1:0", ServerCredentials.local(LocalConnectionType.UDS)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("type UDS need a Unix socket address");
    } finally {
      Await.result(s.stop(null));
    }
  }
}
