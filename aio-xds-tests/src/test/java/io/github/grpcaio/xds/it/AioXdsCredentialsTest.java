package io.github.grpcaio.xds.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.grpcaio.ChannelCredentials;
import io.github.grpcaio.LocalConnectionType;
import io.github.grpcaio.ServerCredentials;
import io.github.grpcaio.xds.AioXds;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The fallbacks {@link AioXds}'s credentials take, and the clear refusal of the others. */
class AioXdsCredentialsTest {

  @Test
  void channelCredentialsBridgeToGrpcJavasXdsCredentials() {
    assertThat(AioXds.channelCredentials(ChannelCredentials.ssl()))
        .isInstanceOf(ChannelCredentials.GrpcJava.class);
    assertThat(AioXds.insecureChannelCredentials()).isInstanceOf(ChannelCredentials.GrpcJava.class);
    assertThat(AioXds.serverCredentials(ServerCredentials.insecure()))
        .isInstanceOf(ServerCredentials.GrpcJava.class);
  }

  @Test
  void fallbacksGrpcJavaCannotTakeAreRefusedWithTheOnesItCan() {
    assertThatThrownBy(() -> AioXds.channelCredentials(ChannelCredentials.local()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ChannelCredentials.ssl")
        .hasMessageContaining("ChannelCredentials.fromGrpc");
    assertThatThrownBy(
            () -> AioXds.serverCredentials(ServerCredentials.local(LocalConnectionType.LOCAL_TCP)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ServerCredentials.insecure()");
  }

  @Test
  void aMalformedPemInTheTlsFallbackIsRefused() {
    byte[] garbage = "not a certificate".getBytes(StandardCharsets.US_ASCII);

    assertThatThrownBy(() -> AioXds.channelCredentials(ChannelCredentials.ssl(garbage, null, null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("certificate");
  }
}
