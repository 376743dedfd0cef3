package io.github.grpcaio.core.client;

import static io.github.grpcaio.testkit.Utf8.DESERIALIZER;
import static io.github.grpcaio.testkit.Utf8.SERIALIZER;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.Call;
import io.github.grpcaio.Channel;
import io.github.grpcaio.ChannelOptions;
import io.github.grpcaio.ClientCallDetails;
import io.github.grpcaio.ClientInterceptor;
import io.github.grpcaio.RpcMethodHandler;
import io.github.grpcaio.ServiceRpcHandler;
import io.github.grpcaio.ServicerContext;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.StreamStreamCall;
import io.github.grpcaio.StreamStreamClientInterceptor;
import io.github.grpcaio.StreamUnaryCall;
import io.github.grpcaio.StreamUnaryClientInterceptor;
import io.github.grpcaio.testkit.AioTestServer;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.Transport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A hot request publisher (a {@link SubmissionPublisher}, which drops what it is fed while it has
 * no subscriber) passed to a stream-request call and fed right after {@code call(...)} returns
 * loses nothing: the call subscribes to it before returning, with and without client interceptors,
 * and pulls its items only as the transport takes them.
 */
@ParameterizedClass
@EnumSource(Transport.class)
class HotRequestPublisherTest {

  private static final String NAME = "test.HotRequests";
  private static final String STREAM_UNARY = "/" + NAME + "/StreamUnary";
  private static final String STREAM_STREAM = "/" + NAME + "/StreamStream";

  /** Calls of the race test, per channel; each feeds 1 to 3 items. */
  private static final int ITERATIONS = 1000;

  /** Calls of the race test in flight at once. */
  private static final int BATCH = 8;

  /** The two request-streaming kinds. */
  enum Kind {
    STREAM_UNARY,
    STREAM_STREAM
  }

  @Parameter Transport transport;

  @AutoClose private AioTestServer bed;

  /** Starts the server: StreamUnary answers the requests joined by ","; StreamStream echoes. */
  private Channel start(ClientInterceptor... interceptors) {
    bed =
        AioTestServer.builder()
            .transport(transport)
            .addService(
                ServiceRpcHandler.of(
                    NAME,
                    Map.of(
                        "StreamUnary",
                        RpcMethodHandler.<String, String>streamUnary(
                            (requests, context) ->
                                readAll(context).thenApply(all -> String.join(",", all)),
                            DESERIALIZER,
                            SERIALIZER),
                        "StreamStream",
                        RpcMethodHandler.<String, String>streamStreamWriter(
                            (requests, context) ->
                                readAll(context).thenCompose(all -> echo(all, context)),
                            DESERIALIZER,
                            SERIALIZER))))
            .channelOptions(ChannelOptions.builder().interceptors(List.of(interceptors)).build())
            .start();
    return bed.channel();
  }

  private static CompletableFuture<List<String>> readAll(ServicerContext<String, String> context) {
    List<String> all = new ArrayList<>();
    return readInto(all, context).thenApply(ignored -> all);
  }

  private static CompletableFuture<Void> readInto(
      List<String> all, ServicerContext<String, String> context) {
    return context
        .read()
        .thenCompose(
            next -> {
              if (next.isEmpty()) {
                return CompletableFuture.completedFuture(null);
              }
              all.add(next.get());
              return readInto(all, context);
            });
  }

  private static CompletableFuture<Void> echo(
      List<String> all, ServicerContext<String, String> context) {
    CompletableFuture<Void> last = CompletableFuture.completedFuture(null);
    for (String message : all) {
      last = last.thenCompose(ignored -> context.write(message));
    }
    return last;
  }

  /** Calls {@code kind} with {@code requests}; the result is what the server received. */
  private static CompletableFuture<List<String>> call(
      Channel channel, Kind kind, Flow.Publisher<String> requests) {
    return switch (kind) {
      case STREAM_UNARY -> {
        StreamUnaryCall<String, String> call =
            channel.streamUnary(STREAM_UNARY, SERIALIZER, DESERIALIZER).call(requests);
        yield call.response().thenApply(r -> r.isEmpty() ? List.of() : List.of(r.split(",")));
      }
      case STREAM_STREAM -> {
        StreamStreamCall<String, String> call =
            channel.streamStream(STREAM_STREAM, SERIALIZER, DESERIALIZER).call(requests);
        yield readResponses(call, new ArrayList<>());
      }
    };
  }

  private static CompletableFuture<List<String>> readResponses(
      StreamStreamCall<String, String> call, List<String> into) {
    return call.read()
        .thenCompose(
            next -> {
              if (next.isEmpty()) {
                return CompletableFuture.completedFuture(into);
              }
              into.add(next.get());
              return readResponses(call, into);
            });
  }

  /**
   * Makes a call with a fresh SubmissionPublisher, feeds it {@code items} at once and closes it.
   */
  private static CompletableFuture<List<String>> callAndFeed(
      Channel channel, Kind kind, List<String> items) {
    SubmissionPublisher<String> publisher = new SubmissionPublisher<>();
    CompletableFuture<List<String>> received = call(channel, kind, publisher);
    items.forEach(publisher::submit);
    publisher.close();
    return received;
  }

  private static List<String> items(int count) {
    return IntStream.range(0, count).mapToObj(i -> "r" + i).toList();
  }

  // ---- without interceptors ----

  @ParameterizedTest
  @EnumSource(Kind.class)
  void hotPublisherFedRightAfterCall_deliversEveryItem(Kind kind) {
    Channel channel = start();

    assertThat(Await.result(callAndFeed(channel, kind, items(3)))).isEqualTo(items(3));
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void publisher_isSubscribedToBeforeCallReturns(Kind kind) {
    Channel channel = start();
    SubmissionPublisher<String> publisher = new SubmissionPublisher<>();

    CompletableFuture<List<String>> received = call(channel, kind, publisher);

    assertThat(publisher.getNumberOfSubscribers()).isEqualTo(1);
    publisher.close();
    assertThat(Await.result(received)).isEmpty();
  }

  @Test
  void hotPublishersFedRightAfterCall_raced_loseNothing() {
    raceHotPublishers(start());
  }

  private static void raceHotPublishers(Channel channel) {
    SplittableRandom random = new SplittableRandom();
    for (int batch = 0; batch < ITERATIONS; batch += BATCH) {
      List<List<String>> sent = new ArrayList<>();
      List<CompletableFuture<List<String>>> received = new ArrayList<>();
      for (int i = 0; i < BATCH; i++) {
        List<String> items = items(1 + random.nextInt(3));
        sent.add(items);
        received.add(callAndFeed(channel, Kind.values()[i % 2], items));
      }
      for (int i = 0; i < BATCH; i++) {
        assertThat(Await.result(received.get(i)))
            .as("call %d, %s", batch + i, Kind.values()[i % 2])
            .isEqualTo(sent.get(i));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void publisherThrowingFromSubscribe_failsTheCall(Kind kind) {
    assertThrowingSubscribeFailsTheCall(start(), kind);
  }

  /**
   * Calls with a request publisher that throws from {@code subscribe}: the call ends CANCELLED
   * naming the failure, and a response future fails with it as the cause.
   */
  private static void assertThrowingSubscribeFailsTheCall(Channel channel, Kind kind) {
    IllegalStateException boom = new IllegalStateException("boom");
    Flow.Publisher<String> throwing =
        subscriber -> {
          throw boom;
        };

    Call call =
        kind == Kind.STREAM_UNARY
            ? channel.streamUnary(STREAM_UNARY, SERIALIZER, DESERIALIZER).call(throwing)
            : channel.streamStream(STREAM_STREAM, SERIALIZER, DESERIALIZER).call(throwing);

    assertThat(Await.result(call.code())).isEqualTo(StatusCode.CANCELLED);
    assertThat(Await.result(call.details())).contains("Request stream failed").contains("boom");
    if (call instanceof StreamUnaryCall<?, ?> unary) {
      Throwable failure = Await.failure(unary.response().toCompletableFuture());
      assertThat(failure).isInstanceOf(CancellationException.class).hasRootCause(boom);
    }
  }

  // ---- with client interceptors ----

  /** Passes every call on at once. */
  private static final class PassThrough
      implements StreamUnaryClientInterceptor, StreamStreamClientInterceptor {
    @Override
    public <Req, Resp> CompletionStage<StreamUnaryCall<Req, Resp>> interceptStreamUnary(
        StreamUnaryClientInterceptor.Continuation<Req, Resp> continuation,
        ClientCallDetails details,
        Flow.Publisher<Req> requests) {
      return continuation.invoke(details, requests);
    }

    @Override
    public <Req, Resp> CompletionStage<StreamStreamCall<Req, Resp>> interceptStreamStream(
        StreamStreamClientInterceptor.Continuation<Req, Resp> continuation,
        ClientCallDetails details,
        Flow.Publisher<Req> requests) {
      return continuation.invoke(details, requests);
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void intercepted_hotPublisherFedRightAfterCall_deliversEveryItem(Kind kind) {
    Channel channel = start(new PassThrough());

    assertThat(Await.result(callAndFeed(channel, kind, items(3)))).isEqualTo(items(3));
  }

  @Test
  void intercepted_hotPublishersFedRightAfterCall_raced_loseNothing() {
    raceHotPublishers(start(new PassThrough()));
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void heldInterceptorChain_subscribesAtCallTime_butRequestsNothingUntilTheCallStarts(Kind kind) {
    HeldInterceptor held = new HeldInterceptor();
    Channel channel = start(held);
    SubmissionPublisher<String> publisher = new SubmissionPublisher<>();

    CompletableFuture<List<String>> received = call(channel, kind, publisher);

    // Subscribed before call() returned, so what is fed now is kept for the call
    assertThat(publisher.getNumberOfSubscribers()).isEqualTo(1);
    items(3).forEach(publisher::submit);
    publisher.close();
    // but backpressured: nothing is requested while the chain has not made the real call
    Await.holdsFor(
        Await.QUIET,
        "no demand while the chain is held",
        () -> publisher.estimateMinimumDemand() <= 0);
    assertThat(received).isNotDone();

    held.release.complete(null);
    assertThat(Await.result(received)).isEqualTo(items(3));
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void intercepted_publisherThrowingFromSubscribe_failsTheCall(Kind kind) {
    assertThrowingSubscribeFailsTheCall(start(new PassThrough()), kind);
  }

  @Test
  void heldInterceptorChain_failing_cancelsTheSubscription() {
    HeldInterceptor held = new HeldInterceptor();
    Channel channel = start(held);
    SubmissionPublisher<String> publisher = new SubmissionPublisher<>();

    StreamUnaryCall<String, String> call =
        channel.streamUnary(STREAM_UNARY, SERIALIZER, DESERIALIZER).call(publisher);
    assertThat(publisher.getNumberOfSubscribers()).isEqualTo(1);
    held.release.completeExceptionally(new IllegalStateException("no token"));

    assertThat(Await.result(call.code())).isEqualTo(StatusCode.UNKNOWN);
    Await.until("the subscription is cancelled", () -> publisher.getNumberOfSubscribers() == 0);
  }
}
