package io.github.grpcaio.testkit;

import static io.github.grpcaio.testkit.AioAssertions.assertThatRpc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.grpcaio.Channel;
import io.github.grpcaio.ChannelOptions;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.StreamUnaryCall;
import io.github.grpcaio.UnaryUnaryCall;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@Timeout(30)
@ParameterizedClass
@EnumSource(Transport.class)
class AioTestServerTest {

  @Parameter Transport transport;

  private AioTestServer.Builder builder() {
    return AioTestServer.builder().transport(transport).addService(EchoService.handler());
  }

  @Test
  void unaryRpc_onTheSharedChannel_succeedsAndClosesCleanly() {
    AioTestServer server = builder().start();

    UnaryUnaryCall<String> call = EchoService.echo(server.channel()).call("hi");

    assertThatRpc(call).succeedsWith("hi");
    server.close(); // Throws if anything leaked.
  }

  @Test
  void close_withAnRpcLeftOpen_failsNamingTheMethodAndCancelsIt() {
    AioTestServer server = builder().leakGrace(Duration.ofMillis(100)).start();
    UnaryUnaryCall<String> call = EchoService.hang(server.channel()).call("x");
    awaitOpen(server);

    Throwable failure = catchClose(server);

    assertThat(failure)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("1 RPC(s) still open")
        .hasMessageContaining("/testkit.Echo/Hang");
    // Closing the channel ended the client's side too.
    assertThatRpc(call).isCancelled();
  }

  @Test
  void close_failOnOpenRpcsOff_cancelsTheOpenRpcWithoutFailing() {
    AioTestServer server = builder().failOnOpenRpcs(false).start();
    UnaryUnaryCall<String> call = EchoService.hang(server.channel()).call("x");
    awaitOpen(server);

    server.close();

    assertThatRpc(call).isCancelled();
  }

  @Test
  void close_withARequestStreamLeftOpen_fails() {
    AioTestServer server = builder().leakGrace(Duration.ofMillis(100)).start();
    StreamUnaryCall<String, String> call = EchoService.join(server.channel()).call();
    call.write("a").join(); // Never doneWriting().
    awaitOpen(server);

    Throwable failure = catchClose(server);

    assertThat(failure)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("/testkit.Echo/Join");
  }

  @Test
  void close_afterARequestStreamEnded_passes() {
    AioTestServer server = builder().start();
    StreamUnaryCall<String, String> call = EchoService.join(server.channel()).call();

    call.write("a").join();
    call.write("b").join();
    call.doneWriting().join();

    assertThatRpc(call).succeedsWith("ab");
    server.close();
  }

  @Test
  void close_afterTheOpenRpcWasCancelled_passes() {
    AioTestServer server = builder().start();
    UnaryUnaryCall<String> call = EchoService.hang(server.channel()).call("x");
    awaitOpen(server);

    call.cancel();

    assertThatRpc(call).isCancelled().failsWith(StatusCode.CANCELLED);
    server.close();
    assertThat(server.openRpcs()).isEmpty();
  }

  @Test
  void close_channelAndServerThatCannotTerminate_failsAfterTheBound() {
    // Executors that drop every task: the close and stop futures never complete.
    AioTestServer server =
        builder()
            .serverOptions(o -> o.executor(task -> {}))
            .channelOptions(ChannelOptions.builder().executor(task -> {}).build())
            .closeTimeout(Duration.ofMillis(200))
            .start();
    server.channel();

    Throwable failure = catchClose(server);

    assertThat(failure)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("The channel to " + server.target() + " did not close within PT0.2S")
        .hasMessageContaining("The server on " + server.target() + " did not stop within PT0.2S");
  }

  @Test
  void channel_isSharedAndChannelWithOptionsIsNew_allClosedByClose() {
    AioTestServer server = builder().start();

    Channel shared = server.channel();
    Channel other = server.channel(ChannelOptions.DEFAULT);

    assertThat(server.channel()).isSameAs(shared);
    assertThat(other).isNotSameAs(shared);
    assertThatRpc(EchoService.echo(other).call("other")).succeedsWith("other");
    server.close();
    assertThatThrownBy(() -> EchoService.echo(shared).call("late"))
        .isInstanceOf(io.github.grpcaio.UsageError.class);
    assertThatThrownBy(server::channel).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void target_isUniquePerServerAndMatchesTheTransport() {
    try (AioTestServer a = builder().start();
        AioTestServer b = builder().start()) {

      String targetA = a.target();

      assertThat(targetA).isNotEqualTo(b.target());
      assertThat(a.transport()).isEqualTo(transport);
      if (transport == Transport.NETTY) {
        assertThat(targetA).startsWith("127.0.0.1:");
      } else {
        assertThat(targetA).startsWith("aio-testkit-");
      }
    }
  }

  @Test
  void addInterceptor_thatAnswersNull_makesEveryMethodUnimplemented() {
    try (AioTestServer server =
        builder()
            .addInterceptor((continuation, details) -> CompletableFuture.completedFuture(null))
            .start()) {

      UnaryUnaryCall<String> call = EchoService.echo(server.channel()).call("hi");

      assertThatRpc(call).failsWith(StatusCode.UNIMPLEMENTED);
    }
  }

  @Test
  void serverOptions_interceptorsSetThere_runBeforeAddedOnes() {
    StringBuilder order = new StringBuilder();
    try (AioTestServer server =
        builder()
            .serverOptions(
                o ->
                    o.interceptors(
                        java.util.List.of(
                            (continuation, details) -> {
                              order.append("options,");
                              return continuation.apply(details);
                            })))
            .addInterceptor(
                (continuation, details) -> {
                  order.append("added");
                  return continuation.apply(details);
                })
            .start()) {

      UnaryUnaryCall<String> call = EchoService.echo(server.channel()).call("hi");

      assertThatRpc(call).succeedsWith("hi");
      assertThat(order).hasToString("options,added");
    }
  }

  @Test
  void transportStart_servesTheHandlers() {
    try (AioTestServer server = transport.start(EchoService.handler())) {

      UnaryUnaryCall<String> call = server.stub(EchoService::echo).call("short");

      assertThatRpc(call).succeedsWith("short");
    }
  }

  static void awaitOpen(AioTestServer server) {
    server.awaitOpenRpcs(1, Duration.ofSeconds(5));
  }

  @Test
  void awaitOpenRpcs_noneOpen_failsAfterTheBound() {
    try (AioTestServer server = builder().start()) {

      Throwable failure = catchThrowable(() -> server.awaitOpenRpcs(1, Duration.ofMillis(50)));

      assertThat(failure)
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("Expected 1 open RPC(s) within PT0.05S but got []");
    }
  }

  private static Throwable catchClose(AioTestServer server) {
    try {
      server.close();
      return null;
    } catch (Throwable t) {
      return t;
    }
  }
}
