package io.github.grpcaio.uds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.grpcaio.ChannelCredentials;
import io.github.grpcaio.LocalConnectionType;
import io.github.grpcaio.Server;
import io.github.grpcaio.ServerCredentials;
import io.github.grpcaio.core.GrpcAio;
import io.netty.channel.epoll.Epoll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Where the native transport cannot load (this JVM switches it off with {@code
 * -Dio.netty.transport.noNative=true}, as on a platform without epoll), Unix socket targets and
 * addresses are refused at once, naming the cause and the artifact to add. Run by its own surefire
 * execution (see this module's pom).
 */
class EpollUnavailableTest {

  @BeforeAll
  static void epollIsOff() {
    // Skipped in the default execution, when a -Dtest filter names this class there too.
    assumeTrue(Boolean.getBoolean("io.netty.transport.noNative"), "needs its own execution");
    assertThat(Epoll.isAvailable()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"unix:/tmp/grpc-aio-absent.sock", "unix-abstract:grpc-aio-absent"})
  void unixTargetsAndAddresses_areRefusedNamingTheCause(String address) {
    assertUnavailable(() -> GrpcAio.insecureChannel(address), address);
    assertUnavailable(
        () -> GrpcAio.secureChannel(address, ChannelCredentials.local(LocalConnectionType.UDS)),
        address);
    try (Server server = GrpcAio.server()) {
      assertUnavailable(() -> server.addInsecurePort(address), address);
      assertUnavailable(
          () -> server.addSecurePort(address, ServerCredentials.local(LocalConnectionType.UDS)),
          address);
    }
  }

  @Test
  void tcp_stillWorks() {
    try (Server server = GrpcAio.server()) {
      assertThat(server.addInsecurePort("127.0.0.1:0")).isPositive();
    }
  }

  private static void assertUnavailable(
      org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String address) {
    assertThatThrownBy(call)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Cannot use '" + address + "'")
        .hasMessageContaining("need Netty's native epoll transport")
        .hasMessageContaining("noNative") // Netty's own cause
        .hasMessageContaining("io.netty:netty-transport-native-epoll:4.2");
  }
}
