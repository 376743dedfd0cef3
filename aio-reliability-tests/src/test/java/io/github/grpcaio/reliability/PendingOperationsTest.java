package io.github.grpcaio.reliability;

import static io.github.grpcaio.testkit.AioAssertions.assertThatRpc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.grpcaio.AioRpcError;
import io.github.grpcaio.CallOptions;
import io.github.grpcaio.RpcMethodHandler;
import io.github.grpcaio.ServiceRpcHandler;
import io.github.grpcaio.ServicerContext;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.StreamUnaryCall;
import io.github.grpcaio.UnaryStreamCall;
import io.github.grpcaio.testkit.AioServerExtension;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.Transport;
import io.github.grpcaio.testkit.Utf8;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Futures that are pending when an RPC ends never hang: a client {@code write()} stalled by flow
 * control when the deadline passes, a server {@code context.write()} stalled by a client that does
 * not read when that client cancels, a client {@code read()} waiting when the server stops.
 */
@Timeout(30)
@ParameterizedClass
@EnumSource(Transport.class)
class PendingOperationsTest {

  private static final Duration BOUND = Duration.ofSeconds(5);
  private static final String PAYLOAD = "x".repeat(1000);

  private final FaultService service = new FaultService();
  private final CompletableFuture<CompletableFuture<Void>> serverPendingWrite =
      new CompletableFuture<>();

  @RegisterExtension final AioServerExtension grpc;

  PendingOperationsTest(Transport transport) {
    grpc =
        AioServerExtension.builder()
            .transport(transport)
            .addService(service.handler(), pending())
            .build();
  }

  private ServiceRpcHandler pending() {
    return ServiceRpcHandler.of(
        "reliability.Pending",
        Map.of(
            // Reads nothing, never answers.
            "Deaf",
            RpcMethodHandler.<String, String>streamUnary(
                (requests, context) -> {
                  context.addDoneCallback(service.ended::add);
                  return new CompletableFuture<>();
                },
                Utf8.DESERIALIZER,
                Utf8.SERIALIZER),
            // Writes without waiting until a write stays pending, hands it to the test, and
            // returns a stage that never completes.
            "Flood",
            RpcMethodHandler.<String, String>unaryStreamWriter(
                (request, context) -> {
                  context.addDoneCallback(service.ended::add);
                  floodUntilStalled(context, 0);
                  return new CompletableFuture<>();
                },
                Utf8.DESERIALIZER,
                Utf8.SERIALIZER)));
  }

  private void floodUntilStalled(ServicerContext<String, String> context, int i) {
    CompletableFuture<Void> write = context.write(i + ":" + PAYLOAD);
    // A write that is still pending a moment after it was made is stalled by flow control; the
    // writes are made one after the other, so the stream is full.
    write
        .copy()
        .completeOnTimeout(null, 200, TimeUnit.MILLISECONDS)
        .thenRun(
            () -> {
              if (write.isDone()) {
                floodUntilStalled(context, i + 1);
              } else {
                serverPendingWrite.complete(write);
              }
            });
  }

  @Test
  void clientWriteStalledByFlowControl_deadlinePasses_writeFailsInsteadOfHanging()
      throws Exception {
    StreamUnaryCall<String, String> call =
        grpc.server()
            .channel()
            .streamUnary("/reliability.Pending/Deaf", Utf8.SERIALIZER, Utf8.DESERIALIZER)
            .call(CallOptions.DEFAULT.withTimeout(Duration.ofSeconds(1)));
    Writes writes = Writes.start(n -> call.write(n + ":" + PAYLOAD), Sequence.ENDLESS);

    assertThatRpc(call).within(BOUND).failsWith(StatusCode.DEADLINE_EXCEEDED);
    assertThat(writes.ended()).succeedsWithin(BOUND);
    assertThatThrownBy(() -> call.write("late").get(BOUND.toMillis(), TimeUnit.MILLISECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(AioRpcError.class);
    assertThat(service.awaitEnded(BOUND).cancelled()).isTrue();
  }

  @Test
  void doneWritingQueuedBehindStalledWrites_deadlinePasses_itCompletesAndTheWritesFail()
      throws Exception {
    StreamUnaryCall<String, String> call =
        grpc.server()
            .channel()
            .streamUnary("/reliability.Pending/Deaf", Utf8.SERIALIZER, Utf8.DESERIALIZER)
            .call(CallOptions.DEFAULT.withTimeout(Duration.ofSeconds(1)));
    List<CompletableFuture<Void>> written = new ArrayList<>();
    for (int i = 0; i < 3000; i++) { // 3 MB, more than flow control lets through
      written.add(call.write(i + ":" + PAYLOAD));
    }
    CompletableFuture<Void> doneWriting = call.doneWriting();

    assertThatRpc(call).within(BOUND).failsWith(StatusCode.DEADLINE_EXCEEDED);
    assertThat(doneWriting).succeedsWithin(BOUND); // "or at once if the RPC already ended"
    CompletableFuture<Void> last = written.get(written.size() - 1);
    assertThatThrownBy(() -> last.get(BOUND.toMillis(), TimeUnit.MILLISECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(AioRpcError.class);
  }

  @Test
  void serverWriteStalledByAClientThatDoesNotRead_clientCancels_writeFails() throws Exception {
    UnaryStreamCall<String> call =
        grpc.server()
            .channel()
            .unaryStream("/reliability.Pending/Flood", Utf8.SERIALIZER, Utf8.DESERIALIZER)
            .call("go");
    CompletableFuture<Optional<String>> first = call.read(); // one read, then none
    Await.result(first, BOUND);
    CompletableFuture<Void> stalled = Await.result(serverPendingWrite, BOUND);

    call.cancel();

    // A future failed with a CancellationException throws it from get() as it is.
    assertThatThrownBy(() -> stalled.get(BOUND.toMillis(), TimeUnit.MILLISECONDS))
        .isInstanceOf(CancellationException.class)
        .hasMessage("The RPC was cancelled");
    assertThat(service.awaitEnded(BOUND).cancelled()).isTrue();
  }

  @Test
  void clientReadPending_serverStops_readFailsWithUnavailable() throws Exception {
    UnaryStreamCall<String> call = grpc.stub(FaultService::stream).call("1:0:open");
    assertThat(Await.result(call.read(), BOUND)).contains("0");
    CompletableFuture<Optional<String>> pending = call.read();
    service.awaitStarted(BOUND);

    grpc.server().server().stop(null);

    assertThatThrownBy(() -> pending.get(BOUND.toMillis(), TimeUnit.MILLISECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOfSatisfying(
            AioRpcError.class, e -> assertThat(e.code()).isEqualTo(StatusCode.UNAVAILABLE));
  }
}
