package io.github.grpcaio.testkit;

import static io.github.grpcaio.testkit.AioAssertions.assertThatRpc;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.StatusCode;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** One suite on every transport: the extension built in the constructor from the parameter. */
@Timeout(30)
@ParameterizedClass
@EnumSource(Transport.class)
class AioServerExtensionPerTransportTest {

  @RegisterExtension final AioServerExtension grpc;

  AioServerExtensionPerTransportTest(Transport transport) {
    grpc =
        AioServerExtension.builder().transport(transport).addService(EchoService.handler()).build();
  }

  @Test
  void echo_succeeds() {
    assertThatRpc(grpc.stub(EchoService::echo).call("hi")).succeedsWith("hi");
  }

  @Test
  void count_streamsEveryItem() {
    TestSubscriber<String> items = TestSubscriber.unbounded();

    grpc.stub(EchoService::count).call("3").subscribe(items);

    assertThat(items.awaitCompletion()).containsExactly("0", "1", "2");
  }

  @Test
  void hang_cancelled_isCancelledAndClosesCleanly() {
    var call = grpc.stub(EchoService::hang).call("x");
    grpc.server().awaitOpenRpcs(1, Duration.ofSeconds(5));

    call.cancel();

    assertThatRpc(call).isCancelled().failsWith(StatusCode.CANCELLED);
  }
}
