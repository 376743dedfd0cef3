package io.github.grpcaio.core.client;

import static io.github.grpcaio.testkit.Utf8.DESERIALIZER;
import static io.github.grpcaio.testkit.Utf8.SERIALIZER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.grpcaio.AioRpcError;
import io.github.grpcaio.Call;
import io.github.grpcaio.Channel;
import io.github.grpcaio.ChannelOptions;
import io.github.grpcaio.RpcMethodHandler;
import io.github.grpcaio.ServiceRpcHandler;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.StreamStreamCall;
import io.github.grpcaio.UnaryStreamCall;
import io.github.grpcaio.UsageError;
import io.github.grpcaio.testkit.AioTestServer;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.TestPublisher;
import io.github.grpcaio.testkit.TestSubscriber;
import io.github.grpcaio.testkit.Transport;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.MethodDescriptor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reading a response stream without a hand-written loop: {@code forEach}/{@code forEachAsync}
 * (non-blocking, one response at a time) and {@code blockingIterator}/{@code blockingStream}. The
 * demand the transport sees is counted by a grpc-java interceptor on the channel, so "nothing asked
 * ahead" is measured, not inferred.
 */
@ParameterizedClass
@EnumSource(Transport.class)
class ResponseIterationTest {

  private static final String NAME = "test.Iteration";
  private static final String UNARY_STREAM = "/" + NAME + "/UnaryStream";
  private static final String STREAM_STREAM = "/" + NAME + "/StreamStream";
  private static final String OPEN = "/" + NAME + "/Open";

  /**
   * A stream the server sends whole at once (it fits the flow-control window) and then ends, for
   * the tests whose client stops reading early: only the client's demand is measured there.
   */
  private static final String SHORT = "20";

  /** A request {@code "<n>!"} makes the server fail after {@code n} messages. */
  private static final String FAILING = "!";

  @Parameter Transport transport;

  @AutoClose private AioTestServer bed;
  private Channel channel;

  /** Messages the client asked of the transport, over every call of the channel. */
  private final AtomicLong requested = new AtomicLong();

  /** Whether the server saw the "Open" RPC cancelled, once it ended there. */
  private final CompletableFuture<Boolean> serverSawCancel = new CompletableFuture<>();

  @BeforeEach
  void setUp() {
    bed = transport.start(service());
    channel = bed.channel(ChannelOptions.builder().grpcInterceptors(List.of(counting())).build());
  }

  private ServiceRpcHandler service() {
    return ServiceRpcHandler.of(
        NAME,
        Map.of(
            "UnaryStream",
            RpcMethodHandler.<String, String>unaryStream(
                (request, context) -> serve(request), DESERIALIZER, SERIALIZER),
            "StreamStream",
            RpcMethodHandler.<String, String>streamStream(
                (requests, context) ->
                    serve(Await.result(context.read()).orElseThrow()), // one request
                DESERIALIZER,
                SERIALIZER),
            "Open",
            RpcMethodHandler.<String, String>unaryStreamWriter(
                (request, context) -> {
                  context.addDoneCallback(rpc -> serverSawCancel.complete(rpc.cancelled()));
                  CompletableFuture<Void> written = CompletableFuture.completedFuture(null);
                  for (String message : numbers(Integer.parseInt(request))) {
                    written = written.thenCompose(previous -> context.write(message));
                  }
                  return written.thenCompose(all -> new CompletableFuture<>()); // until cancelled
                },
                DESERIALIZER,
                SERIALIZER)));
  }

  /** Streams {@code "0"}, {@code "1"}, ... as the request says. */
  private TestPublisher<String> serve(String request) {
    if (request.endsWith(FAILING)) {
      int count = Integer.parseInt(request.substring(0, request.length() - 1));
      return TestPublisher.failingAfter(numbers(count), new IllegalStateException("server broke"));
    }
    return TestPublisher.generate(Long.parseLong(request), Long::toString);
  }

  /** A grpc-java interceptor adding up the {@code request(n)} the library makes. */
  private ClientInterceptor counting() {
    return new ClientInterceptor() {
      @Override
      public <Q, R> ClientCall<Q, R> interceptCall(
          MethodDescriptor<Q, R> method, io.grpc.CallOptions options, io.grpc.Channel next) {
        return new SimpleForwardingClientCall<>(next.newCall(method, options)) {
          @Override
          public void request(int count) {
            requested.addAndGet(count);
            super.request(count);
          }
        };
      }
    };
  }

  private UnaryStreamCall<String> unaryStream(String request) {
    return channel.unaryStream(UNARY_STREAM, SERIALIZER, DESERIALIZER).call(request);
  }

  /** Calls "Open": the server streams {@code count} messages, then stays open until cancelled. */
  private UnaryStreamCall<String> open(int count) {
    return channel.unaryStream(OPEN, SERIALIZER, DESERIALIZER).call(Integer.toString(count));
  }

  private StreamStreamCall<String, String> streamStream(String request) {
    return channel.streamStream(STREAM_STREAM, SERIALIZER, DESERIALIZER).call(List.of(request));
  }

  private static List<String> numbers(int count) {
    List<String> numbers = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      numbers.add(Integer.toString(i));
    }
    return numbers;
  }

  // ---- forEach ----

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void forEach_handlesEveryResponseInOrder_askingForOneAtATime(boolean bidi) {
    List<String> seen = new CopyOnWriteArrayList<>();
    List<Long> askedWhenHandled = new CopyOnWriteArrayList<>();

    CompletableFuture<Void> done;
    Call call;
    if (bidi) {
      StreamStreamCall<String, String> c = streamStream("500");
      call = c;
      done =
          c.forEach(
              message -> {
                askedWhenHandled.add(requested.get());
                seen.add(message);
              });
    } else {
      UnaryStreamCall<String> c = unaryStream("500");
      call = c;
      done =
          c.forEach(
              message -> {
                askedWhenHandled.add(requested.get());
                seen.add(message);
              });
    }
    Await.result(done);

    assertThat(seen).isEqualTo(numbers(500));
    // The i-th response (from 0) was handled when the transport had been asked for i + 1.
    for (int i = 0; i < askedWhenHandled.size(); i++) {
      assertThat(askedWhenHandled.get(i)).as("asked when handling %d", i).isEqualTo(i + 1L);
    }
    assertThat(Await.result(call.code())).isEqualTo(StatusCode.OK);
  }

  @Test
  void forEach_slowAction_asksTheTransportForNothingMore() {
    UnaryStreamCall<String> call = unaryStream(SHORT);
    CompletableFuture<Void> sixth = new CompletableFuture<>();

    // Given an action that, at the sixth response, takes a while
    CompletableFuture<Void> done =
        call.forEach(
            message -> {
              if (message.equals("5")) {
                sixth.complete(null);
                Await.holdsFor(
                    Duration.ofMillis(200), "nothing asked ahead", () -> requested.get() == 6);
                throw new IllegalStateException("enough");
              }
            });

    // then the transport was asked for exactly six, and the action's throw ends everything
    Await.result(sixth);
    Throwable failure = Await.failure(done);
    assertThat(failure).isInstanceOf(IllegalStateException.class).hasMessage("enough");
    assertThat(requested.get()).isEqualTo(6);
  }

  @Test
  void forEach_actionThrows_cancelsTheRpcAndFailsWithThatException() {
    UnaryStreamCall<String> call = open(10);
    IllegalArgumentException thrown = new IllegalArgumentException("bad response");

    CompletableFuture<Void> done =
        call.forEach(
            message -> {
              if (message.equals("3")) {
                throw thrown;
              }
            });

    assertThat(Await.failure(done)).isSameAs(thrown);
    assertThat(call.cancelled()).isTrue();
    assertThat(Await.result(call.code())).isEqualTo(StatusCode.CANCELLED);
    assertThat(Await.result(serverSawCancel)).isTrue();
  }

  @Test
  void forEach_nonOkStatus_failsWithTheAioRpcErrorAfterTheResponsesBeforeIt() {
    UnaryStreamCall<String> call = unaryStream("3" + FAILING);
    List<String> seen = new CopyOnWriteArrayList<>();

    Throwable failure = Await.failure(call.forEach(seen::add));

    assertThat(seen).containsExactly("0", "1", "2");
    assertThat(failure).isInstanceOf(AioRpcError.class);
    assertThat(((AioRpcError) failure).code()).isEqualTo(StatusCode.UNKNOWN);
    assertThat(((AioRpcError) failure).details()).contains("server broke");
  }

  @Test
  void forEach_emptyStream_completesWithoutCallingTheAction() {
    List<String> seen = new CopyOnWriteArrayList<>();

    Await.result(unaryStream("0").forEach(seen::add));

    assertThat(seen).isEmpty();
  }

  @Test
  void forEach_cancellingTheFuture_cancelsTheRpc() {
    UnaryStreamCall<String> call = open(0);
    CompletableFuture<Void> done = call.forEach(message -> {});
    bed.awaitOpenRpcs(1, Await.TIMEOUT);

    done.cancel(false);

    assertThat(Await.result(call.code())).isEqualTo(StatusCode.CANCELLED);
    assertThat(Await.result(serverSawCancel)).isTrue();
  }

  @Test
  void forEach_onASubscribedCall_throwsUsageError() {
    UnaryStreamCall<String> call = unaryStream("3");
    TestSubscriber<String> subscriber = TestSubscriber.requesting(Long.MAX_VALUE);
    call.subscribe(subscriber);

    assertThatThrownBy(() -> call.forEach(message -> {})).isInstanceOf(UsageError.class);
    assertThat(subscriber.awaitCompletion()).containsExactly("0", "1", "2");
  }

  // ---- forEachAsync ----

  @Test
  void forEachAsync_readsTheNextResponseOnlyWhenTheStageCompleted() {
    UnaryStreamCall<String> call = unaryStream("3");
    List<CompletableFuture<Void>> stages = new CopyOnWriteArrayList<>();
    List<String> seen = new CopyOnWriteArrayList<>();

    CompletableFuture<Void> done =
        call.forEachAsync(
            message -> {
              seen.add(message);
              CompletableFuture<Void> stage = new CompletableFuture<>();
              stages.add(stage);
              return stage;
            });

    // While the first stage is pending, nothing more is asked for
    Await.until("the first response handled", () -> stages.size() == 1);
    Await.holdsFor(Duration.ofMillis(200), "one asked", () -> requested.get() == 1);
    stages.get(0).complete(null);
    Await.until("the second response handled", () -> stages.size() == 2);
    assertThat(requested.get()).isEqualTo(2);
    stages.get(1).complete(null);
    Await.until("the third response handled", () -> stages.size() == 3);
    assertThat(done).isNotDone();
    stages.get(2).complete(null);

    Await.result(done);
    assertThat(seen).containsExactly("0", "1", "2");
  }

  @Test
  void forEachAsync_stageFails_cancelsTheRpcAndFailsWithTheStageException() {
    UnaryStreamCall<String> call = unaryStream(SHORT);
    IllegalStateException broken = new IllegalStateException("could not store it");

    CompletableFuture<Void> done =
        call.forEachAsync(
            message ->
                message.equals("2")
                    ? CompletableFuture.supplyAsync(
                        () -> {
                          throw broken;
                        })
                    : CompletableFuture.completedFuture(null));

    assertThat(Await.failure(done)).isSameAs(broken);
    assertThat(Await.result(call.code())).isEqualTo(StatusCode.CANCELLED);
  }

  // ---- blocking ----

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void blockingIterator_givesEveryResponseInOrder_keepingOneAhead(boolean bidi) {
    Iterator<String> responses =
        bidi ? streamStream("300").blockingIterator() : unaryStream("300").blockingIterator();
    List<String> seen = new ArrayList<>();

    while (responses.hasNext()) {
      seen.add(responses.next());
      // Taken: seen.size(); asked of the transport: at most one more.
      assertThat(requested.get()).isLessThanOrEqualTo(seen.size() + 1L);
    }

    assertThat(seen).isEqualTo(numbers(300));
    assertThat(responses.hasNext()).isFalse();
  }

  @Test
  void blockingIterator_slowCaller_asksTheTransportForOneAheadOnly() {
    UnaryStreamCall<String> call = unaryStream(SHORT);
    Iterator<String> responses = call.blockingIterator();

    for (int i = 0; i < 5; i++) {
      assertThat(responses.next()).isEqualTo(Integer.toString(i));
    }

    Await.holdsFor(Duration.ofMillis(200), "one asked ahead", () -> requested.get() <= 6);
    assertThat(requested.get()).isEqualTo(6);
    call.cancel();
  }

  @Test
  void blockingIterator_nonOkStatus_throwsTheAioRpcErrorItself() {
    Iterator<String> responses = unaryStream("2" + FAILING).blockingIterator();

    assertThat(responses.next()).isEqualTo("0");
    assertThat(responses.next()).isEqualTo("1");
    Throwable failure = catchThrowable(responses::hasNext);

    assertThat(failure).isInstanceOf(AioRpcError.class);
    assertThat(((AioRpcError) failure).code()).isEqualTo(StatusCode.UNKNOWN);
    assertThat(catchThrowable(responses::hasNext)).isSameAs(failure);
  }

  @Test
  void blockingStream_emptyStream_isEmpty() {
    try (Stream<String> responses = unaryStream("0").blockingStream()) {
      assertThat(responses.toList()).isEmpty();
    }
  }

  @Test
  void blockingStream_closedEarly_cancelsTheRpc() {
    UnaryStreamCall<String> call = open(10);

    List<String> firstThree;
    try (Stream<String> responses = call.blockingStream()) {
      firstThree = responses.limit(3).toList();
    }

    assertThat(firstThree).containsExactly("0", "1", "2");
    assertThat(Await.result(call.code())).isEqualTo(StatusCode.CANCELLED);
    assertThat(Await.result(serverSawCancel)).isTrue();
  }

  @Test
  void blockingIterator_interrupted_cancelsTheRpcAndKeepsTheInterruptFlag() throws Exception {
    UnaryStreamCall<String> call = open(0);
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    AtomicReference<Boolean> flagAfter = new AtomicReference<>();

    // Given a thread waiting for a response that does not come
    Thread reader =
        new Thread(
            () -> {
              thrown.set(catchThrowable(() -> call.blockingIterator().hasNext()));
              flagAfter.set(Thread.currentThread().isInterrupted());
            },
            "reader");
    reader.start();
    Await.until(
        "the reader waits", () -> reader.getState() == Thread.State.WAITING && requested.get() > 0);
    bed.awaitOpenRpcs(1, Await.TIMEOUT);

    // When it is interrupted
    reader.interrupt();
    reader.join(Await.TIMEOUT.toMillis());

    // then it gets a CancellationException, keeps its interrupt flag, and the RPC is cancelled
    assertThat(reader.isAlive()).isFalse();
    assertThat(thrown.get()).isInstanceOf(CancellationException.class);
    assertThat(flagAfter.get()).isTrue();
    assertThat(Await.result(call.code())).isEqualTo(StatusCode.CANCELLED);
    assertThat(Await.result(serverSawCancel)).isTrue();
  }
}
