package io.github.grpcaio.core.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.grpcaio.AioRpcError;
import io.github.grpcaio.CallCredentials;
import io.github.grpcaio.CallOptions;
import io.github.grpcaio.ChannelConnectivity;
import io.github.grpcaio.ChannelOptions;
import io.github.grpcaio.Compression;
import io.github.grpcaio.Deserializer;
import io.github.grpcaio.RpcMethodHandler;
import io.github.grpcaio.Serializer;
import io.github.grpcaio.ServiceRpcHandler;
import io.github.grpcaio.ServicerContext;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.UsageError;
import io.github.grpcaio.core.GrpcAio;
import io.github.grpcaio.testkit.AioTestServer;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.Transport;
import io.github.grpcaio.testkit.Utf8;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the client does with bad input: bad targets and method names are refused at once; unknown
 * methods, failing (de)serializers and misbehaving request publishers end the call with a clear
 * status instead of hanging; options the channel cannot honour are refused when the call is made.
 */
@ParameterizedClass
@EnumSource(Transport.class)
class ClientBadInputTest {

  @Parameter Transport transport;

  private AioTestServer bed;

  /** Requests (as the behavior saw them) that reached the server's handler. */
  private final List<String> serverReceived = new CopyOnWriteArrayList<>();

  /** The server context of the last RPC whose handler ran. */
  private final CompletableFuture<ServicerContext<String, String>> serverStarted =
      new CompletableFuture<>();

  /** Records the requests, then replies "a", "b", ... (one for a unary response) and ends OK. */
  private final TestService.Behavior recordAndReply =
      rpc -> {
        serverStarted.complete(rpc.context());
        return rpc.readAll()
            .thenCompose(
                all -> {
                  serverReceived.addAll(all);
                  if (!rpc.kind().streamingResponse()) {
                    return rpc.reply("a");
                  }
                  return rpc.reply("a").thenCompose(x -> rpc.reply("b"));
                });
      };

  @AfterEach
  void tearDown() throws Exception {
    if (bed != null) {
      bed.close();
    }
  }

  // ---- targets (no transport involved: run once per class invocation) ----

  @Test
  void insecureChannel_nullTarget_throwsNullPointerException() {
    assertThatThrownBy(() -> GrpcAio.insecureChannel(null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> GrpcAio.inProcessChannel(null))
        .isInstanceOf(NullPointerException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "\t"})
  void insecureChannel_emptyTarget_throwsIllegalArgumentException(String target) {
    assertThatThrownBy(() -> GrpcAio.insecureChannel(target))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * "Malformed" is what grpc-java refuses when it builds the channel: a target that is neither a
   * URI whose scheme has a name resolver for socket addresses nor a {@code host[:port]} authority
   * with a numeric port. To that the library adds a port above 65535, which grpc-java accepts but
   * then never resolves, so that calls would hang. Targets that are well formed but unreachable are
   * accepted and fail on the first call (see {@link WaitForReadyTest}).
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "127.0.0.1:port", // port not numeric
        "127.0.0.1:-1", // negative port
        "127.0.0.1:99999", // port out of range
        "dns:///localhost:70000", // port out of range, explicit DNS scheme
        "localhost:12345678901", // port out of any integer range
        "[::1", // unclosed IPv6 bracket
        "a b", // space in the authority
        "%%%", // bad escape
        "::::", // not a DNS name
        "dns:///", // scheme without a name
        "unknown-scheme://host:1", // no resolver for the scheme
        "unix:///tmp/socket" // a Unix socket, without the native epoll transport on the class path
      })
  void insecureChannel_malformedTarget_throwsIllegalArgumentExceptionNamingIt(String target) {
    assertThatThrownBy(() -> GrpcAio.insecureChannel(target))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(target);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "localhost:50051",
        "127.0.0.1:65535",
        "[::1]:50051",
        "dns:///localhost:50051",
        "localhost" // port 443 by default
      })
  void insecureChannel_wellFormedTarget_givesIdleChannel(String target) {
    try (var channel = GrpcAio.insecureChannel(target)) {
      assertThat(channel.getState(false)).isEqualTo(ChannelConnectivity.IDLE);
    }
  }

  // ---- methods ----

  @ParameterizedTest
  @ValueSource(strings = {"", "/", "NoSlash", "/Service/", "//Method", "/a/b/c"})
  void multiCallable_malformedMethodName_throwsIllegalArgumentException(String method) {
    bed = transport.start(TestService.serving(recordAndReply));

    assertThatThrownBy(() -> bed.channel().unaryUnary(method))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> bed.channel().unaryStream(method))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> bed.channel().streamUnary(method))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> bed.channel().streamStream(method))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @EnumSource(RpcKind.class)
  void unknownMethod_failsWithUnimplemented(RpcKind kind) {
    // A server that serves another service only.
    bed =
        transport.start(
            ServiceRpcHandler.of(
                "other.Service",
                Map.of(
                    "Method",
                    RpcMethodHandler.<String, String>unaryUnary(
                        (request, context) -> CompletableFuture.completedFuture(request),
                        Utf8.DESERIALIZER,
                        Utf8.SERIALIZER))));

    Throwable error = kind.call(bed.channel(), "request").awaitError();

    assertThat(error).isInstanceOf(AioRpcError.class);
    assertThat(((AioRpcError) error).code()).isEqualTo(StatusCode.UNIMPLEMENTED);
    assertThat(((AioRpcError) error).details()).isEqualTo("Method not found!");
  }

  @ParameterizedTest
  @EnumSource(RpcKind.class)
  void nullRequestOrOptions_throwsNullPointerException(RpcKind kind) {
    bed = transport.start(TestService.serving(recordAndReply));

    assertThatThrownBy(() -> kind.call(bed.channel(), "request", null))
        .isInstanceOf(NullPointerException.class);
    if (!kind.streamingRequest()) {
      assertThatThrownBy(() -> kind.call(bed.channel(), null))
          .isInstanceOf(NullPointerException.class);
    }
  }

  // ---- (de)serializers ----

  @ParameterizedTest
  @EnumSource(RpcKind.class)
  void failingRequestSerializer_endsCallWithInternal_andSendsNothing(RpcKind kind) {
    bed = transport.start(TestService.serving(recordAndReply));
    Serializer<String> failing =
        message -> {
          throw new IllegalStateException("cannot encode " + message);
        };

    TestCall call =
        kind.call(bed.channel(), "request", CallOptions.DEFAULT, failing, Utf8.DESERIALIZER);
    Throwable error = call.awaitError();

    assertThat(error).isInstanceOf(AioRpcError.class);
    assertThat(((AioRpcError) error).code()).isEqualTo(StatusCode.INTERNAL);
    assertThat(((AioRpcError) error).details())
        .startsWith("Failed to serialize request")
        .contains("cannot encode request");
    assertThat(Await.result(call.call().code())).isEqualTo(StatusCode.INTERNAL);
    assertThat(call.call().cancelled()).isFalse();
    assertThat(serverStarted).as("the server's handler never got a request").isNotDone();
    assertThat(serverReceived).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(RpcKind.class)
  void requestSerializerThrowingCheckedException_isNamedInTheDetails(RpcKind kind) {
    bed = transport.start(TestService.serving(recordAndReply));
    Serializer<String> failing =
        message -> {
          throw new IOException("disk full");
        };

    Throwable error =
        kind.call(bed.channel(), "request", CallOptions.DEFAULT, failing, Utf8.DESERIALIZER)
            .awaitError();

    assertThat(((AioRpcError) error).code()).isEqualTo(StatusCode.INTERNAL);
    assertThat(((AioRpcError) error).details())
        .isEqualTo("Failed to serialize request: java.io.IOException: disk full");
  }

  @ParameterizedTest
  @EnumSource(RpcKind.class)
  void failingResponseDeserializer_endsCallWithInternalAndCancelsOnServer(RpcKind kind) {
    CompletableFuture<Boolean> serverCancelled = new CompletableFuture<>();
    CompletableFuture<Void> never = new CompletableFuture<>();
    bed =
        transport.start(
            TestService.serving(
                rpc -> {
                  rpc.context().addDoneCallback(c -> serverCancelled.complete(c.cancelled()));
                  if (!rpc.kind().streamingResponse()) {
                    return rpc.reply("bad");
                  }
                  // Stay open after the bad message so that only the client can end the RPC.
                  return rpc.reply("good")
                      .thenCompose(x -> rpc.reply("bad"))
                      .thenCompose(x -> never);
                }));
    Deserializer<String> failing =
        bytes -> {
          String message = Utf8.DESERIALIZER.deserialize(bytes);
          if (message.equals("bad")) {
            throw new IllegalArgumentException("cannot decode " + message);
          }
          return message;
        };

    TestCall call =
        kind.call(bed.channel(), "request", CallOptions.DEFAULT, Utf8.SERIALIZER, failing);
    TestCall.Result result = call.awaitResult();

    assertThat(result.error()).isInstanceOf(AioRpcError.class);
    AioRpcError error = (AioRpcError) result.error();
    assertThat(error.code()).isEqualTo(StatusCode.INTERNAL);
    assertThat(error.details())
        .startsWith("Failed to deserialize response")
        .contains("cannot decode");
    assertThat(result.messages()).isEqualTo(kind.streamingResponse() ? List.of("good") : List.of());
    assertThat(call.call().cancelled()).isFalse();
    if (kind.streamingResponse()) {
      assertThat(Await.result(serverCancelled)).as("server context cancelled()").isTrue();
    }
  }

  // ---- message size limits ----

  @ParameterizedTest
  @EnumSource(RpcKind.class)
  void requestOverSendLimit_failsWithResourceExhausted_andSendsNothing(RpcKind kind)
      throws Exception {
    bed =
        AioTestServer.builder()
            .transport(transport)
            .channelOptions(ChannelOptions.builder().maxSendMessageLength(10).build())
            .addService(TestService.serving(recordAndReply))
            .start();

    TestCall call = kind.call(bed.channel(), "x".repeat(100));
    Throwable error = call.awaitError();

    assertThat(error).isInstanceOf(AioRpcError.class);
    assertThat(((AioRpcError) error).code()).isEqualTo(StatusCode.RESOURCE_EXHAUSTED);
    assertThat(serverStarted).as("the server's handler never got a request").isNotDone();
  }

  @ParameterizedTest
  @EnumSource(RpcKind.class)
  void responseOverReceiveLimit_failsWithResourceExhausted(RpcKind kind) {
    bed =
        AioTestServer.builder()
            .transport(transport)
            .channelOptions(ChannelOptions.builder().maxReceiveMessageLength(10).build())
            .addService(TestService.serving(rpc -> rpc.reply("x".repeat(100))))
            .start();

    Throwable error = kind.call(bed.channel(), "request").awaitError();

    assertThat(error).isInstanceOf(AioRpcError.class);
    assertThat(((AioRpcError) error).code()).isEqualTo(StatusCode.RESOURCE_EXHAUSTED);
  }

  /** Just over grpc's default receive limit of 4 MiB. */
  static final String OVER_4_MIB = "x".repeat(4 * 1024 * 1024 + 1);

  @ParameterizedTest
  @EnumSource(RpcKind.class)
  void responseOverDefaultLimitOf4MiB_failsWithResourceExhausted(RpcKind kind) {
    bed = transport.start(TestService.serving(rpc -> rpc.reply(OVER_4_MIB)));

    Throwable error = kind.call(bed.channel(), "request").awaitError();

    assertThat(((AioRpcError) error).code()).isEqualTo(StatusCode.RESOURCE_EXHAUSTED);
  }

  @ParameterizedTest
  @EnumSource(RpcKind.class)
  void responseOver4MiB_withUnlimitedReceiveLength_arrives(RpcKind kind) {
    bed =
        AioTestServer.builder()
            .transport(transport)
            .channelOptions(ChannelOptions.builder().maxReceiveMessageLength(-1).build())
            .addService(TestService.serving(rpc -> rpc.reply(OVER_4_MIB)))
            .start();

    TestCall.Result result = kind.call(bed.channel(), "request").awaitResult();

    assertThat(result.error()).isNull();
    assertThat(result.messages()).hasSize(1);
    assertThat(result.messages().get(0).length()).isEqualTo(OVER_4_MIB.length());
  }

  // ---- request publishers ----

  @ParameterizedTest
  @EnumSource(
      value = RpcKind.class,
      names = {"STREAM_UNARY", "STREAM_STREAM"})
  void failingRequestPublisher_cancelsCallLocallyWithTheErrorAsCause(RpcKind kind) {
    CompletableFuture<Boolean> serverCancelled = new CompletableFuture<>();
    bed =
        transport.start(
            TestService.serving(
                rpc -> {
                  rpc.context().addDoneCallback(c -> serverCancelled.complete(c.cancelled()));
                  serverStarted.complete(rpc.context());
                  return new CompletableFuture<>();
                }));
    IOException failure = new IOException("source broke");
    CompletableFuture<Void> failNow = new CompletableFuture<>();

    // Given a call whose first request reached the server
    TestCall call =
        kind.callWithPublisher(bed.channel(), failsWhenTold(failNow, failure), CallOptions.DEFAULT);
    Await.result(serverStarted);

    // When the request publisher fails
    failNow.complete(null);

    // Then the call is cancelled locally, on both sides
    Throwable error = call.awaitError();
    assertThat(error).isInstanceOf(CancellationException.class).hasCause(failure);
    assertThat(Await.result(call.call().code())).isEqualTo(StatusCode.CANCELLED);
    assertThat(Await.result(call.call().details())).contains("source broke");
    assertThat(call.call().cancelled()).isTrue();
    assertThat(Await.result(serverCancelled)).as("server context cancelled()").isTrue();
  }

  @ParameterizedTest
  @EnumSource(
      value = RpcKind.class,
      names = {"STREAM_UNARY", "STREAM_STREAM"})
  void requestPublisherFailingAtOnce_cancelsCallLocally(RpcKind kind) {
    bed = transport.start(TestService.serving(recordAndReply));
    IllegalStateException failure = new IllegalStateException("nothing to send");
    Flow.Publisher<String> failing =
        subscriber -> {
          subscriber.onSubscribe(new NoSubscription());
          subscriber.onError(failure);
        };

    TestCall call = kind.callWithPublisher(bed.channel(), failing, CallOptions.DEFAULT);

    assertThat(call.awaitError()).isInstanceOf(CancellationException.class).hasCause(failure);
    assertThat(Await.result(call.call().code())).isEqualTo(StatusCode.CANCELLED);
  }

  /**
   * A publisher that emits one more message than requested each time breaks Reactive Streams rule
   * 1.1. The call does not trust it: it ends as if the publisher had failed, that is cancelled
   * locally ({@code CANCELLED}, a {@link CancellationException} whose cause is an {@link
   * IllegalStateException} naming the rule), whatever the transport's readiness at that moment.
   */
  @ParameterizedTest
  @EnumSource(
      value = RpcKind.class,
      names = {"STREAM_UNARY", "STREAM_STREAM"})
  void requestPublisherEmittingBeyondDemand_cancelsCallLocally(RpcKind kind) {
    bed = transport.start(TestService.serving(recordAndReply));
    OverEmitting publisher = new OverEmitting(50);

    TestCall call = kind.callWithPublisher(bed.channel(), publisher, CallOptions.DEFAULT);
    Throwable error = call.awaitError();

    assertThat(error).isInstanceOf(CancellationException.class);
    assertThat(error.getCause())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("1.1");
    assertThat(Await.result(call.call().code())).isEqualTo(StatusCode.CANCELLED);
    Await.until("the publisher is cancelled", publisher.cancelled::get);
  }

  // ---- options the channel cannot honour ----

  @ParameterizedTest
  @EnumSource(RpcKind.class)
  void callCredentials_onInsecureChannel_throwUsageError(RpcKind kind) {
    bed = transport.start(TestService.serving(recordAndReply));
    CallOptions options =
        CallOptions.DEFAULT.withCredentials(CallCredentials.accessToken("secret"));

    assertThatThrownBy(() -> kind.call(bed.channel(), "request", options))
        .isInstanceOf(UsageError.class)
        .hasMessage("Call credentials are only valid on secure channels");
    assertThat(serverStarted).isNotDone();
  }

  @ParameterizedTest
  @EnumSource(RpcKind.class)
  void perCallCompression_gzip_callSucceeds(RpcKind kind) {
    bed = transport.start(TestService.serving(recordAndReply));
    CallOptions options = CallOptions.DEFAULT.withCompression(Compression.GZIP);

    TestCall.Result result = kind.call(bed.channel(), "request", options).awaitResult();

    assertThat(result.error()).isNull();
    assertThat(serverReceived).containsExactly("request");
  }

  /** Emits "first" on the first request, then fails with {@code error} once told to. */
  private static Flow.Publisher<String> failsWhenTold(
      CompletableFuture<Void> trigger, Throwable error) {
    return subscriber -> {
      AtomicInteger requested = new AtomicInteger();
      subscriber.onSubscribe(
          new Flow.Subscription() {
            @Override
            public void request(long n) {
              if (requested.getAndIncrement() == 0) {
                subscriber.onNext("first");
                trigger.thenRun(() -> subscriber.onError(error));
              }
            }

            @Override
            public void cancel() {}
          });
    };
  }

  /** A subscription that does nothing. */
  private static final class NoSubscription implements Flow.Subscription {
    @Override
    public void request(long n) {}

    @Override
    public void cancel() {}
  }

  /** Emits n + 1 items for every request(n): an off-by-one demand bug. */
  private static final class OverEmitting implements Flow.Publisher<String> {
    private final long total;
    private final AtomicLong sent = new AtomicLong();
    final AtomicBoolean cancelled = new AtomicBoolean();

    OverEmitting(long total) {
      this.total = total;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super String> subscriber) {
      subscriber.onSubscribe(
          new Flow.Subscription() {
            @Override
            public void request(long n) {
              for (long i = 0; i <= n && !cancelled.get(); i++) {
                long index = sent.getAndIncrement();
                if (index >= total) {
                  subscriber.onComplete();
                  return;
                }
                subscriber.onNext(String.valueOf(index));
              }
            }

            @Override
            public void cancel() {
              cancelled.set(true);
            }
          });
    }
  }
}
