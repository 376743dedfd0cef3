package io.github.grpcaio.core.client;

import static io.github.grpcaio.testkit.Utf8.DESERIALIZER;
import static io.github.grpcaio.testkit.Utf8.SERIALIZER;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.CallOptions;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.StreamStreamCall;
import io.github.grpcaio.StreamStreamMultiCallable;
import io.github.grpcaio.StreamUnaryCall;
import io.github.grpcaio.StreamUnaryMultiCallable;
import io.github.grpcaio.testkit.AioTestServer;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.TestSubscriber;
import io.github.grpcaio.testkit.Transport;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The request-stream multi-callables take an {@code Iterable}, an {@code Iterator} or a {@code
 * Stream} of requests, as Python's multi-callables take a request iterator: the server receives
 * every item, in order, and the call half-closes after the last one.
 */
@ParameterizedClass
@EnumSource(Transport.class)
class RequestIterablesTest {

  private static final int COUNT = 200;
  private static final List<String> ITEMS =
      IntStream.range(0, COUNT).mapToObj(Integer::toString).toList();
  private static final CallOptions OPTIONS =
      CallOptions.DEFAULT.withTimeout(Duration.ofSeconds(10));

  @Parameter Transport transport;

  @AutoClose private AioTestServer bed;
  private StreamUnaryMultiCallable<String, String> upload;
  private StreamStreamMultiCallable<String, String> chat;

  @BeforeEach
  void startServer() {
    // Echoes the requests once the client half-closed: joined by commas, or one by one.
    bed = transport.start(TestService.serving(rpc -> rpc.readAll().thenCompose(rpc::replyAll)));
    upload = bed.channel().streamUnary(RpcKind.STREAM_UNARY.method(), SERIALIZER, DESERIALIZER);
    chat = bed.channel().streamStream(RpcKind.STREAM_STREAM.method(), SERIALIZER, DESERIALIZER);
  }

  private static String joined() {
    return String.join(",", ITEMS);
  }

  private static List<String> echoed(StreamStreamCall<String, String> call) {
    TestSubscriber<String> replies = TestSubscriber.unbounded();
    call.subscribe(replies);
    return replies.awaitCompletion();
  }

  @Test
  void streamUnary_fromIterable_sendsEveryItemInOrder() {
    StreamUnaryCall<String, String> call = upload.call(ITEMS);

    assertThat(Await.result(call.response())).isEqualTo(joined());
  }

  @Test
  void streamUnary_fromIterator_withOptions_sendsEveryItemInOrder() {
    StreamUnaryCall<String, String> call = upload.call(ITEMS.iterator(), OPTIONS);

    assertThat(Await.result(call.response())).isEqualTo(joined());
  }

  @Test
  void streamUnary_fromStream_sendsEveryItemInOrder_andClosesTheStream() {
    CompletableFuture<Void> closed = new CompletableFuture<>();

    StreamUnaryCall<String, String> call =
        upload.call(ITEMS.stream().onClose(() -> closed.complete(null)));

    assertThat(Await.result(call.response())).isEqualTo(joined());
    Await.result(closed);
  }

  @Test
  void streamUnary_fromEmptyIterable_halfClosesAtOnce() {
    StreamUnaryCall<String, String> call = upload.call(List.of(), OPTIONS);

    assertThat(Await.result(call.response())).isEmpty();
  }

  @Test
  void streamStream_fromIterable_withOptions_sendsEveryItemInOrder() {
    StreamStreamCall<String, String> call = chat.call(ITEMS, OPTIONS);

    assertThat(echoed(call)).containsExactlyElementsOf(ITEMS);
  }

  @Test
  void streamStream_fromIterator_sendsEveryItemInOrder() {
    StreamStreamCall<String, String> call = chat.call(ITEMS.iterator());

    assertThat(echoed(call)).containsExactlyElementsOf(ITEMS);
  }

  @Test
  void streamStream_fromStream_withOptions_sendsEveryItemInOrder_andClosesTheStream() {
    CompletableFuture<Void> closed = new CompletableFuture<>();

    StreamStreamCall<String, String> call =
        chat.call(ITEMS.stream().onClose(() -> closed.complete(null)), OPTIONS);

    assertThat(echoed(call)).containsExactlyElementsOf(ITEMS);
    Await.result(closed);
  }

  @Test
  void iteratorFailingMidway_cancelsTheCall_withItsErrorAsCause() {
    IllegalStateException boom = new IllegalStateException("source failed");
    Iterator<String> failing =
        Stream.iterate(0, i -> i + 1)
            .map(
                i -> {
                  if (i == 3) {
                    throw boom;
                  }
                  return Integer.toString(i);
                })
            .iterator();

    StreamUnaryCall<String, String> call = upload.call(failing, OPTIONS);

    Throwable error = Await.failure(call.response());
    assertThat(error).isInstanceOf(CancellationException.class).hasCause(boom);
    assertThat(Await.result(call.code())).isEqualTo(StatusCode.CANCELLED);
  }
}
