package io.github.grpcaio.core.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.grpcaio.AioRpcError;
import io.github.grpcaio.CallOptions;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.StreamStreamCall;
import io.github.grpcaio.StreamUnaryCall;
import io.github.grpcaio.UsageError;
import io.github.grpcaio.core.client.RpcKind.ResponseStream;
import io.github.grpcaio.core.client.RpcKind.WritableCall;
import io.github.grpcaio.testkit.AioTestServer;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.TestPublisher;
import io.github.grpcaio.testkit.TestSubscriber;
import io.github.grpcaio.testkit.Transport;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A response stream is consumed by one subscriber or by {@code read()}, never both; a request
 * stream is fed by a publisher or by {@code write()}, never both. Misuse is a {@link UsageError};
 * {@code read()} and {@code write()} otherwise follow grpc.aio.
 */
@ParameterizedClass
@EnumSource(Transport.class)
class StreamUsageTest {

  static final String MIXED =
      "A message stream of an RPC is consumed either by subscribing to it (Flow.Publisher) or"
          + " with read(), not both";

  static final String PUBLISHER_GIVEN =
      "write() and doneWriting() are not available on a call made with a request publisher: its"
          + " requests come from that publisher";

  @Parameter Transport transport;

  @AutoClose private AioTestServer bed;

  /** Replies "m1", "m2" to a response stream, then ends with OK. */
  private static final TestService.Behavior TWO_MESSAGES =
      rpc -> rpc.reply("m1").thenCompose(ignored -> rpc.reply("m2"));

  /** Replies "m1", "m2" to a response stream, then ends with DATA_LOSS. */
  private static final TestService.Behavior TWO_MESSAGES_THEN_FAIL =
      rpc ->
          rpc.reply("m1")
              .thenCompose(ignored -> rpc.reply("m2"))
              .thenRun(
                  () -> {
                    throw rpc.context().abort(StatusCode.DATA_LOSS, "lost the rest");
                  });

  /** Reads every request and replies with them joined by commas. */
  private static final TestService.Behavior JOIN_REQUESTS =
      rpc -> rpc.readAll().thenCompose(all -> rpc.reply(String.join(",", all)));

  // ---- response streams ----

  @ParameterizedTest
  @EnumSource(
      value = RpcKind.class,
      names = {"UNARY_STREAM", "STREAM_STREAM"})
  void read_afterSubscribing_throwsUsageError(RpcKind kind) {
    bed = transport.start(TestService.serving(TWO_MESSAGES));
    ResponseStream stream = kind.callForReading(bed.channel(), "request", CallOptions.DEFAULT);
    TestSubscriber<String> subscriber = TestSubscriber.unbounded();
    stream.subscribe(subscriber);

    assertThatThrownBy(stream::read).isInstanceOf(UsageError.class).hasMessage(MIXED);

    assertThat(subscriber.awaitCompletion()).containsExactly("m1", "m2");
  }

  @ParameterizedTest
  @EnumSource(
      value = RpcKind.class,
      names = {"UNARY_STREAM", "STREAM_STREAM"})
  void subscribing_afterRead_subscriberGetsOnSubscribeThenUsageError(RpcKind kind) {
    bed = transport.start(TestService.serving(TWO_MESSAGES));
    ResponseStream stream = kind.callForReading(bed.channel(), "request", CallOptions.DEFAULT);
    CompletableFuture<Optional<String>> first = stream.read();
    TestSubscriber<String> late = TestSubscriber.unbounded();

    stream.subscribe(late);

    assertThat(late.awaitError()).isInstanceOf(UsageError.class).hasMessage(MIXED);
    assertThat(late.violations()).isEmpty();
    assertThat(Await.result(first)).contains("m1");
    assertThat(Await.result(stream.read())).contains("m2");
  }

  @ParameterizedTest
  @EnumSource(
      value = RpcKind.class,
      names = {"UNARY_STREAM", "STREAM_STREAM"})
  void secondSubscriber_getsOnSubscribeThenUsageError_firstIsUnaffected(RpcKind kind) {
    bed = transport.start(TestService.serving(TWO_MESSAGES));
    ResponseStream stream = kind.callForReading(bed.channel(), "request", CallOptions.DEFAULT);
    TestSubscriber<String> first = TestSubscriber.unbounded();
    stream.subscribe(first);
    TestSubscriber<String> second = TestSubscriber.unbounded();

    stream.subscribe(second);

    assertThat(second.awaitError()).isInstanceOf(UsageError.class);
    assertThat(second.violations()).isEmpty();
    assertThat(first.awaitCompletion()).containsExactly("m1", "m2");
    assertThat(first.violations()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(
      value = RpcKind.class,
      names = {"UNARY_STREAM", "STREAM_STREAM"})
  void read_atEnd_returnsEmptyOnThatAndEveryLaterRead(RpcKind kind) {
    bed = transport.start(TestService.serving(TWO_MESSAGES));
    ResponseStream stream = kind.callForReading(bed.channel(), "request", CallOptions.DEFAULT);

    assertThat(Await.result(stream.read())).contains("m1");
    assertThat(Await.result(stream.read())).contains("m2");
    assertThat(Await.result(stream.read())).isEmpty();
    assertThat(Await.result(stream.read())).isEmpty();
    assertThat(Await.result(stream.call().code())).isEqualTo(StatusCode.OK);
    assertThat(Await.result(stream.read())).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(
      value = RpcKind.class,
      names = {"UNARY_STREAM", "STREAM_STREAM"})
  void reads_issuedTogether_completeInOrder(RpcKind kind) {
    bed = transport.start(TestService.serving(TWO_MESSAGES));
    ResponseStream stream = kind.callForReading(bed.channel(), "request", CallOptions.DEFAULT);

    List<CompletableFuture<Optional<String>>> reads =
        List.of(stream.read(), stream.read(), stream.read(), stream.read());

    assertThat(reads)
        .extracting(Await::result)
        .containsExactly(Optional.of("m1"), Optional.of("m2"), Optional.empty(), Optional.empty());
  }

  @ParameterizedTest
  @EnumSource(
      value = RpcKind.class,
      names = {"UNARY_STREAM", "STREAM_STREAM"})
  void read_afterFailedRpc_returnsEarlierMessagesThenAioRpcErrorEveryTime(RpcKind kind) {
    bed = transport.start(TestService.serving(TWO_MESSAGES_THEN_FAIL));
    ResponseStream stream = kind.callForReading(bed.channel(), "request", CallOptions.DEFAULT);

    assertThat(Await.result(stream.read())).contains("m1");
    assertThat(Await.result(stream.read())).contains("m2");
    Throwable error = Await.failure(stream.read());
    Throwable again = Await.failure(stream.read());

    assertThat(error).isInstanceOf(AioRpcError.class);
    assertThat(((AioRpcError) error).code()).isEqualTo(StatusCode.DATA_LOSS);
    assertThat(((AioRpcError) error).details()).isEqualTo("lost the rest");
    assertThat(again).isInstanceOf(AioRpcError.class);
    assertThat(Await.result(stream.call().code())).isEqualTo(StatusCode.DATA_LOSS);
  }

  @ParameterizedTest
  @EnumSource(
      value = RpcKind.class,
      names = {"UNARY_STREAM", "STREAM_STREAM"})
  void read_afterLocalCancel_failsWithCancellationException(RpcKind kind) {
    bed = transport.start(TestService.serving(rpc -> new CompletableFuture<>()));
    ResponseStream stream = kind.callForReading(bed.channel(), "request", CallOptions.DEFAULT);
    CompletableFuture<Optional<String>> pending = stream.read();

    stream.call().cancel();

    assertThat(Await.failure(pending)).isInstanceOf(CancellationException.class);
    assertThat(Await.failure(stream.read())).isInstanceOf(CancellationException.class);
  }

  // ---- request streams ----

  @ParameterizedTest
  @EnumSource(
      value = RpcKind.class,
      names = {"STREAM_UNARY", "STREAM_STREAM"})
  void writeAndDoneWriting_onCallWithRequestPublisher_throwUsageError(RpcKind kind) {
    bed = transport.start(TestService.serving(JOIN_REQUESTS));
    TestCall call =
        kind.callWithPublisher(
            bed.channel(), TestPublisher.generate(2, Long::toString), CallOptions.DEFAULT);

    if (kind == RpcKind.STREAM_UNARY) {
      @SuppressWarnings("unchecked")
      StreamUnaryCall<String, String> su = (StreamUnaryCall<String, String>) call.call();
      assertThatThrownBy(() -> su.write("x"))
          .isInstanceOf(UsageError.class)
          .hasMessage(PUBLISHER_GIVEN);
      assertThatThrownBy(su::doneWriting)
          .isInstanceOf(UsageError.class)
          .hasMessage(PUBLISHER_GIVEN);
    } else {
      @SuppressWarnings("unchecked")
      StreamStreamCall<String, String> ss = (StreamStreamCall<String, String>) call.call();
      assertThatThrownBy(() -> ss.write("x"))
          .isInstanceOf(UsageError.class)
          .hasMessage(PUBLISHER_GIVEN);
      assertThatThrownBy(ss::doneWriting)
          .isInstanceOf(UsageError.class)
          .hasMessage(PUBLISHER_GIVEN);
    }

    assertThat(call.awaitResult().messages()).containsExactly("0,1");
  }

  @ParameterizedTest
  @EnumSource(
      value = RpcKind.class,
      names = {"STREAM_UNARY", "STREAM_STREAM"})
  void write_afterDoneWriting_throwsUsageError(RpcKind kind) {
    bed = transport.start(TestService.serving(JOIN_REQUESTS));
    WritableCall call = kind.callForWriting(bed.channel(), CallOptions.DEFAULT);
    call.write("a");
    call.doneWriting();

    assertThatThrownBy(() -> call.write("b"))
        .isInstanceOf(UsageError.class)
        .hasMessage("write() after doneWriting(): the request stream is already half-closed");

    assertThat(call.result().awaitResult().messages()).containsExactly("a");
  }

  @ParameterizedTest
  @EnumSource(
      value = RpcKind.class,
      names = {"STREAM_UNARY", "STREAM_STREAM"})
  void doneWriting_calledTwice_isIdempotent(RpcKind kind) {
    bed = transport.start(TestService.serving(JOIN_REQUESTS));
    WritableCall call = kind.callForWriting(bed.channel(), CallOptions.DEFAULT);
    call.write("a");
    call.write("b");

    CompletableFuture<Void> first = call.doneWriting();
    CompletableFuture<Void> second = call.doneWriting();

    Await.result(first);
    Await.result(second);
    TestCall.Result result = call.result().awaitResult();
    assertThat(result.error()).isNull();
    assertThat(result.messages()).containsExactly("a,b");
    Await.result(call.doneWriting());
  }

  @ParameterizedTest
  @EnumSource(
      value = RpcKind.class,
      names = {"STREAM_UNARY", "STREAM_STREAM"})
  void writes_areSentInOrderAndCompleteWhenSent(RpcKind kind) {
    bed = transport.start(TestService.serving(JOIN_REQUESTS));
    WritableCall call = kind.callForWriting(bed.channel(), CallOptions.DEFAULT);

    List<CompletableFuture<Void>> writes =
        List.of(call.write("a"), call.write("b"), call.write("c"));
    call.doneWriting();

    writes.forEach(Await::result);
    assertThat(call.result().awaitResult().messages()).containsExactly("a,b,c");
  }

  @ParameterizedTest
  @EnumSource(
      value = RpcKind.class,
      names = {"STREAM_UNARY", "STREAM_STREAM"})
  void write_afterOkEnd_failsWithRpcAlreadyFinished(RpcKind kind) {
    // The server answers after the first request, without waiting for the rest.
    bed = transport.start(TestService.serving(rpc -> rpc.reply("early")));
    WritableCall call = kind.callForWriting(bed.channel(), CallOptions.DEFAULT);
    call.write("a");
    call.result().awaitResult();
    Await.result(call.result().call().code());

    Throwable error = Await.failure(call.write("b"));

    assertThat(error).isInstanceOf(UsageError.class).hasMessage("RPC already finished.");
    Await.result(call.doneWriting()); // a no-op once the RPC ended
  }

  @ParameterizedTest
  @EnumSource(
      value = RpcKind.class,
      names = {"STREAM_UNARY", "STREAM_STREAM"})
  void write_afterFailedEnd_failsWithTheAioRpcError(RpcKind kind) {
    bed =
        transport.start(
            TestService.serving(
                rpc -> {
                  throw rpc.context().abort(StatusCode.ABORTED, "no more");
                }));
    WritableCall call = kind.callForWriting(bed.channel(), CallOptions.DEFAULT);
    call.write("a");
    call.result().awaitError();

    Throwable error = Await.failure(call.write("b"));

    assertThat(error).isInstanceOf(AioRpcError.class);
    assertThat(((AioRpcError) error).code()).isEqualTo(StatusCode.ABORTED);
  }

  @ParameterizedTest
  @EnumSource(
      value = RpcKind.class,
      names = {"STREAM_UNARY", "STREAM_STREAM"})
  void write_afterLocalCancel_failsWithCancellationException(RpcKind kind) {
    bed = transport.start(TestService.serving(rpc -> new CompletableFuture<>()));
    WritableCall call = kind.callForWriting(bed.channel(), CallOptions.DEFAULT);
    Await.result(call.write("a"));

    call.result().call().cancel();

    assertThat(Await.failure(call.write("b"))).isInstanceOf(CancellationException.class);
  }

  @ParameterizedTest
  @EnumSource(
      value = RpcKind.class,
      names = {"STREAM_UNARY", "STREAM_STREAM"})
  void requestPublisher_isDrainedThenHalfClosed(RpcKind kind) {
    bed = transport.start(TestService.serving(JOIN_REQUESTS));
    TestPublisher<String> requests = TestPublisher.generate(3, Long::toString);

    TestCall call = kind.callWithPublisher(bed.channel(), requests, CallOptions.DEFAULT);

    assertThat(call.awaitResult().messages()).containsExactly("0,1,2");
    assertThat(requests.isTerminated()).isTrue();
  }
}
