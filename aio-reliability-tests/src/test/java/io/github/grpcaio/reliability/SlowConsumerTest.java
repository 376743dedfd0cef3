package io.github.grpcaio.reliability;

import static io.github.grpcaio.testkit.AioAssertions.assertThatRpc;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.RpcMethodHandler;
import io.github.grpcaio.ServiceRpcHandler;
import io.github.grpcaio.StreamUnaryCall;
import io.github.grpcaio.UnaryStreamCall;
import io.github.grpcaio.testkit.AioServerExtension;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.TestSubscriber;
import io.github.grpcaio.testkit.Transport;
import io.github.grpcaio.testkit.Utf8;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A consumer that asks for nothing for a while stalls its sender, with what is buffered meanwhile
 * bounded by the transport's flow control (Netty: grpc-java's 1 MiB window; in-process: what was
 * requested), not by the length of the stream; asking again resumes the stream where it stopped.
 */
@Timeout(60)
@ParameterizedClass
@EnumSource(Transport.class)
class SlowConsumerTest {

  private static final Duration BOUND = Duration.ofSeconds(10);
  private static final int ITEM_BYTES = 1000;

  /** A slow reader: this long without asking for anything. */
  private static final Duration PAUSE = Duration.ofSeconds(1);

  /**
   * What may be in flight for one stalled stream, in bytes: the receiver's 1 MiB flow-control
   * window, plus what the sender holds before it stops being ready (32 KiB) and socket buffers.
   */
  private static final long IN_FLIGHT_BOUND = 2L * 1024 * 1024;

  private static final int STREAM_LENGTH = 20_000; // 20 MB: ten times the bound

  private final FaultService service = new FaultService();
  // The Drain handler's request subscriber: it reads nothing until the test requests.
  private final TestSubscriber<String> serverReader =
      TestSubscriber.<String>create().withTimeout(BOUND);

  @RegisterExtension final AioServerExtension grpc;

  SlowConsumerTest(Transport transport) {
    grpc =
        AioServerExtension.builder()
            .transport(transport)
            .addService(service.handler(), slowReader())
            .build();
  }

  /** {@code Drain}: a client-streaming handler that reads only when the test asks it to. */
  private ServiceRpcHandler slowReader() {
    return ServiceRpcHandler.of(
        "reliability.Slow",
        Map.of(
            "Drain",
            RpcMethodHandler.<String, String>streamUnary(
                (requests, context) -> {
                  requests.subscribe(serverReader);
                  return serverReader.completion().thenApply(all -> String.valueOf(all.size()));
                },
                Utf8.DESERIALIZER,
                Utf8.SERIALIZER)));
  }

  @Test
  void responseSubscriberPauses_serverEmitsAtMostTheWindow_thenTheWholeStreamArrives()
      throws Exception {
    UnaryStreamCall<String> call =
        grpc.stub(FaultService::stream).call(STREAM_LENGTH + ":" + ITEM_BYTES);
    TestSubscriber<String> items = TestSubscriber.<String>requesting(1).withTimeout(BOUND);
    call.subscribe(items);
    items.awaitCount(1);
    Sequence sequence = service.awaitSequence(BOUND);

    Thread.sleep(PAUSE.toMillis()); // the reader is slow: it asks for nothing meanwhile

    long emittedWhilePaused = sequence.emitted();
    assertThat(emittedWhilePaused * ITEM_BYTES).isLessThanOrEqualTo(IN_FLIGHT_BOUND);
    items.request(Long.MAX_VALUE);
    assertThat(items.awaitCompletion()).hasSize(STREAM_LENGTH);
    ClientCancelTest.assertInOrderFromZero(items.values());
    items.assertNoViolations();
  }

  @Test
  void requestSubscriberPauses_clientWritesStallWithinTheWindow_thenAllArrive() throws Exception {
    StreamUnaryCall<String, String> call =
        grpc.server()
            .channel()
            .streamUnary("/reliability.Slow/Drain", Utf8.SERIALIZER, Utf8.DESERIALIZER)
            .call();
    String payload = "x".repeat(ITEM_BYTES);
    Writes writes = Writes.start(n -> call.write(n + ":" + payload), STREAM_LENGTH);

    Thread.sleep(PAUSE.toMillis()); // the server reads nothing meanwhile

    assertThat(writes.ended()).isNotDone();
    long sentWhilePaused = writes.sent();
    assertThat(sentWhilePaused * ITEM_BYTES).isLessThanOrEqualTo(IN_FLIGHT_BOUND);
    serverReader.request(Long.MAX_VALUE); // once the handler has subscribed, within BOUND
    assertThat(Await.result(writes.ended(), BOUND)).isEqualTo(STREAM_LENGTH);
    call.doneWriting();
    assertThatRpc(call).within(BOUND).succeedsWith(Integer.toString(STREAM_LENGTH));
  }
}
