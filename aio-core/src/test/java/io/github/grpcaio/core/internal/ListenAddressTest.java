package io.github.grpcaio.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ListenAddressTest {

  @Test
  void parse_ipv4WithPort() {
    InetSocketAddress a = ListenAddress.parse("127.0.0.1:0");

    assertThat(a.getAddress().getHostAddress()).isEqualTo("127.0.0.1");
    assertThat(a.getPort()).isZero();
  }

  @Test
  void parse_bracketedIpv6() {
    InetSocketAddress a = ListenAddress.parse("[::1]:50051");

    assertThat(a.getAddress().isLoopbackAddress()).isTrue();
    assertThat(a.getPort()).isEqualTo(50051);
  }

  @Test
  void parse_wildcards() {
    assertThat(ListenAddress.parse("[::]:0").getAddress().isAnyLocalAddress()).isTrue();
    assertThat(ListenAddress.parse(":0").getAddress().isAnyLocalAddress()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "127.0.0.1", "127.0.0.1:", "127.0.0.1:x", "::1:80", "[::1]80", "h:70000"})
  void parse_malformed_throwsIllegalArgumentNamingTheAddress(String address) {
    assertThatThrownBy(() -> ListenAddress.parse(address))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + address + "'");
  }
}
