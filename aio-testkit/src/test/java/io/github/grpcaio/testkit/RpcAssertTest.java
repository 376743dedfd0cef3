package io.github.grpcaio.testkit;

import static io.github.grpcaio.testkit.AioAssertions.assertThatRpc;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.grpcaio.StatusCode;
import io.github.grpcaio.UnaryStreamCall;
import io.github.grpcaio.UnaryUnaryCall;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class RpcAssertTest {

  @AutoClose private final AioTestServer server = AioTestServer.start(EchoService.handler());

  @Test
  void succeedsWith_sameResponse_passes() {
    UnaryUnaryCall<String> call = EchoService.echo(server.channel()).call("hi");

    assertThatRpc(call).succeedsWith("hi").code().isEqualTo(StatusCode.OK);
  }

  @Test
  void succeedsWith_otherResponse_failsShowingBoth() {
    UnaryUnaryCall<String> call = EchoService.echo(server.channel()).call("hi");

    assertThatThrownBy(() -> assertThatRpc(call).succeedsWith("ho"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("<ho>")
        .hasMessageContaining("<hi>");
  }

  @Test
  void succeedsWith_failedRpc_failsShowingCodeAndDetails() {
    UnaryUnaryCall<String> call = EchoService.echo(server.channel()).call("fail");

    assertThatThrownBy(() -> assertThatRpc(call).succeedsWith("fail"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("INVALID_ARGUMENT \"bad request\"");
  }

  @Test
  void succeedsWithin_returnsAnAssertionOnTheResponse() {
    UnaryUnaryCall<String> call = EchoService.echo(server.channel()).call("hi");

    assertThatRpc(call).succeedsWithin(Duration.ofSeconds(2)).isEqualTo("hi");
  }

  @Test
  void failsWith_onTheCall_checksCodeDetailsAndTrailers() {
    UnaryUnaryCall<String> call = EchoService.echo(server.channel()).call("fail");

    assertThatRpc(call)
        .failsWith(StatusCode.INVALID_ARGUMENT)
        .hasDetails("bad request")
        .hasDetailsContaining("bad")
        .hasTrailingMetadata("reason", "test");
  }

  @Test
  void failsWith_onTheResponseFutureOnly_readsTheAioRpcError() {
    CompletableFuture<String> response = EchoService.echo(server.channel()).call("fail").response();

    assertThatRpc(response)
        .failsWith(StatusCode.INVALID_ARGUMENT)
        .hasDetails("bad request")
        .hasTrailingMetadata("reason", "test");
  }

  @Test
  void failsWith_succeededRpc_failsShowingTheResponse() {
    UnaryUnaryCall<String> call = EchoService.echo(server.channel()).call("hi");

    assertThatThrownBy(() -> assertThatRpc(call).failsWith(StatusCode.NOT_FOUND))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("fail with NOT_FOUND but it succeeded with <hi>");
  }

  @Test
  void failsWith_otherCode_failsShowingTheStatus() {
    UnaryUnaryCall<String> call = EchoService.echo(server.channel()).call("fail");

    assertThatThrownBy(() -> assertThatRpc(call).failsWith(StatusCode.NOT_FOUND))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("ended with INVALID_ARGUMENT \"bad request\"");
  }

  @Test
  void hasDetails_otherDetails_failsShowingThem() {
    UnaryUnaryCall<String> call = EchoService.echo(server.channel()).call("fail");

    assertThatThrownBy(
            () -> assertThatRpc(call).failsWith(StatusCode.INVALID_ARGUMENT).hasDetails("other"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("<other>")
        .hasMessageContaining("\"bad request\"");
  }

  @Test
  void hasTrailingMetadata_missingValue_failsListingTheTrailers() {
    UnaryUnaryCall<String> call = EchoService.echo(server.channel()).call("fail");

    assertThatThrownBy(() -> assertThatRpc(call).hasTrailingMetadata("reason", "other"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("reason=other")
        .hasMessageContaining("[test]");
  }

  @Test
  void isCancelled_afterCancel_passesAndCodeIsCancelled() {
    UnaryUnaryCall<String> call = EchoService.hang(server.channel()).call("x");

    call.cancel();

    assertThatRpc(call).isCancelled().failsWith(StatusCode.CANCELLED);
    assertThatRpc(call.response()).isCancelled();
  }

  @Test
  void isCancelled_failedRpc_fails() {
    UnaryUnaryCall<String> call = EchoService.echo(server.channel()).call("fail");

    assertThatThrownBy(() -> assertThatRpc(call).isCancelled())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("cancelled locally but it ended with INVALID_ARGUMENT");
  }

  @Test
  void within_rpcStillOpen_failsAfterTheBound() {
    UnaryUnaryCall<String> call = EchoService.hang(server.channel()).call("x");

    assertThatThrownBy(
            () -> assertThatRpc(call).within(Duration.ofMillis(100)).succeedsWith("never"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("within PT0.1S but it is still open");
    call.cancel(); // Leave nothing open for close().
  }

  @Test
  void assertThatRpc_onAStreamingCall_checksTheStatus() {
    UnaryStreamCall<String> call = EchoService.count(server.channel()).call("3");
    TestSubscriber<String> items = TestSubscriber.unbounded();
    call.subscribe(items);

    items.awaitCompletion();

    assertThatRpc(call).succeedsWith(null);
  }
}
