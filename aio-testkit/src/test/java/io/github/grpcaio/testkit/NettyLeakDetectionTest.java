package io.github.grpcaio.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The leak detector this module's suite runs with (autodetected, see junit-platform.properties and
 * -Dio.netty.leakDetection.level=PARANOID from the parent pom).
 */
@Timeout(30)
class NettyLeakDetectionTest {

  @Test
  void install_beforeNettyMadeItsDetectors_isEffective() {
    assertThat(NettyLeakDetection.install()).isTrue();
  }

  @Test
  void takeReports_bufferCollectedUnreleased_reportsTheLeakOnce() {
    leakOneBuffer();

    var reports = NettyLeakDetection.takeReports();

    assertThat(reports).anySatisfy(r -> assertThat(r).startsWith("LEAK: ByteBuf.release()"));
    assertThat(NettyLeakDetection.takeReports()).isEmpty();
  }

  @Test
  void takeReports_releasedBuffers_reportsNothing() {
    for (int i = 0; i < 100; i++) {
      ByteBufAllocator.DEFAULT.directBuffer(64).writeLong(i).release();
    }

    assertThat(NettyLeakDetection.takeReports()).isEmpty();
  }

  @Test
  void assertNoLeaks_afterALeak_failsNamingIt() {
    NettyLeakDetection.takeReports();
    leakOneBuffer();

    assertThatThrownBy(() -> NettyLeakDetection.assertNoLeaks("SomeTest"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Netty buffer leak(s) in SomeTest")
        .hasMessageContaining("LEAK: ByteBuf.release() was not called");
  }

  /** Allocates a buffer and drops it without releasing it. */
  private static void leakOneBuffer() {
    ByteBuf leaked = ByteBufAllocator.DEFAULT.directBuffer(16);
    leaked.writeInt(42);
    leaked = null; // unreachable now, never released
  }
}
