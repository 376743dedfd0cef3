package io.github.grpcaio.reliability;

import static io.github.grpcaio.testkit.AioAssertions.assertThatRpc;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.AioRpcError;
import io.github.grpcaio.Channel;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.StreamStreamCall;
import io.github.grpcaio.StreamUnaryCall;
import io.github.grpcaio.UnaryStreamCall;
import io.github.grpcaio.core.GrpcAio;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.TestSubscriber;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The server's process is killed (SIGKILL) in the middle of each streaming kind, over Netty on
 * 127.0.0.1: the client gets {@code UNAVAILABLE} within a bound (the connection is gone; grpc-java
 * names no more), after every message that arrived before, in order; nothing hangs. The in-process
 * transport has no process to kill.
 */
@Timeout(60)
class ServerProcessKilledTest {

  private static final Duration BOUND = Duration.ofSeconds(5);

  private ForkedJvm server;
  private Channel channel;

  @BeforeEach
  void start() throws Exception {
    server = ForkedJvm.start(FaultServerMain.class, Duration.ofSeconds(30));
    channel = GrpcAio.insecureChannel("127.0.0.1:" + server.ready());
  }

  @AfterEach
  void stop() throws Exception {
    Await.result(channel.closeAsync(null), Duration.ofSeconds(10));
    server.close();
  }

  @Test
  void serverStreaming_processKilled_clientGetsUnavailableAfterItemsInOrder() throws Exception {
    UnaryStreamCall<String> call = FaultService.stream(channel).call("endless:100");
    TestSubscriber<String> items = TestSubscriber.<String>unbounded().withTimeout(BOUND);
    call.subscribe(items);
    items.awaitCount(500);

    server.kill();

    AioRpcError error = items.assertError(AioRpcError.class);
    assertThat(error.code()).isEqualTo(StatusCode.UNAVAILABLE);
    ClientCancelTest.assertInOrderFromZero(items.values());
    items.assertNoViolations();
  }

  @Test
  void clientStreaming_processKilled_clientGetsUnavailableAndWritesStop() throws Exception {
    StreamUnaryCall<String, String> call = FaultService.collect(channel).call();
    Writes writes = Writes.startEndlessPaced(call::write);
    writes.awaitSent(100, BOUND);

    server.kill();

    assertThatRpc(call).within(BOUND).failsWith(StatusCode.UNAVAILABLE);
    assertThat(Await.result(writes.ended(), BOUND)).isGreaterThanOrEqualTo(100);
  }

  @Test
  void bidi_processKilled_clientGetsUnavailableAfterEchoesInOrder() throws Exception {
    StreamStreamCall<String, String> call = FaultService.chat(channel).call();
    TestSubscriber<String> echoes = TestSubscriber.<String>unbounded().withTimeout(BOUND);
    call.subscribe(echoes);
    Writes writes = Writes.startEndlessPaced(call::write);
    echoes.awaitCount(200);

    server.kill();

    AioRpcError error = echoes.assertError(AioRpcError.class);
    assertThat(error.code()).isEqualTo(StatusCode.UNAVAILABLE);
    Await.result(writes.ended(), BOUND);
    ClientCancelTest.assertInOrderFromZero(echoes.values());
    echoes.assertNoViolations();
  }

  @Test
  void newCall_afterTheProcessWasKilled_failsFastWithUnavailable() throws Exception {
    assertThatRpc(FaultService.echo(channel).call("hi"))
        .within(Duration.ofSeconds(20))
        .succeedsWith("hi");

    server.kill();

    assertThatRpc(FaultService.echo(channel).call("again"))
        .within(BOUND)
        .failsWith(StatusCode.UNAVAILABLE);
  }
}
