package io.github.grpcaio.reliability;

import static io.github.grpcaio.testkit.AioAssertions.assertThatRpc;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.AioRpcError;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.StreamStreamCall;
import io.github.grpcaio.StreamUnaryCall;
import io.github.grpcaio.UnaryStreamCall;
import io.github.grpcaio.testkit.AioServerExtension;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.TestSubscriber;
import io.github.grpcaio.testkit.Transport;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The server object is stopped abruptly ({@code stop(null)}) in the middle of each streaming kind:
 * the client gets {@code UNAVAILABLE} "Cancelling all calls" within a bound, after every message
 * that arrived before, in order; the server's handlers end; nothing hangs.
 */
@Timeout(30)
@ParameterizedClass
@EnumSource(Transport.class)
class ServerStoppedMidStreamTest {

  private static final Duration BOUND = Duration.ofSeconds(5);

  private final FaultService service = new FaultService();

  @RegisterExtension final AioServerExtension grpc;

  ServerStoppedMidStreamTest(Transport transport) {
    grpc = AioServerExtension.builder().transport(transport).addService(service.handler()).build();
  }

  @Test
  void serverStreaming_serverStopped_clientGetsUnavailableAfterItemsInOrder() throws Exception {
    UnaryStreamCall<String> call = grpc.stub(FaultService::stream).call("endless:100");
    TestSubscriber<String> items = TestSubscriber.<String>unbounded().withTimeout(BOUND);
    call.subscribe(items);
    items.awaitCount(500);

    stopAbruptly();

    AioRpcError error = items.assertError(AioRpcError.class);
    assertThat(error.code()).isEqualTo(StatusCode.UNAVAILABLE);
    assertThat(error.details()).isEqualTo("Cancelling all calls");
    ClientCancelTest.assertInOrderFromZero(items.values());
    items.assertNoViolations();
    assertThat(service.awaitEnded(BOUND).cancelled()).isTrue();
  }

  @Test
  void clientStreaming_serverStopped_clientGetsUnavailableAndWritesStop() throws Exception {
    StreamUnaryCall<String, String> call = grpc.stub(FaultService::collect).call();
    Writes writes = Writes.startEndlessPaced(call::write);
    service.awaitStarted(BOUND);
    writes.awaitSent(100, BOUND);

    stopAbruptly();

    assertThatRpc(call).within(BOUND).failsWith(StatusCode.UNAVAILABLE);
    assertThat(Await.result(writes.ended(), BOUND)).isGreaterThanOrEqualTo(100);
    assertThat(service.awaitEnded(BOUND).cancelled()).isTrue();
  }

  @Test
  void bidi_serverStopped_clientGetsUnavailableAfterEchoesInOrder() throws Exception {
    StreamStreamCall<String, String> call = grpc.stub(FaultService::chat).call();
    TestSubscriber<String> echoes = TestSubscriber.<String>unbounded().withTimeout(BOUND);
    call.subscribe(echoes);
    Writes writes = Writes.startEndlessPaced(call::write);
    echoes.awaitCount(200);

    stopAbruptly();

    AioRpcError error = echoes.assertError(AioRpcError.class);
    assertThat(error.code()).isEqualTo(StatusCode.UNAVAILABLE);
    Await.result(writes.ended(), BOUND);
    ClientCancelTest.assertInOrderFromZero(echoes.values());
    echoes.assertNoViolations();
    assertThat(service.awaitEnded(BOUND).cancelled()).isTrue();
  }

  private void stopAbruptly() throws Exception {
    Await.result(grpc.server().server().stop(null), BOUND.plusSeconds(10));
  }
}
