package io.github.grpcaio.reliability;

import static io.github.grpcaio.testkit.AioAssertions.assertThatRpc;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.AioRpcError;
import io.github.grpcaio.ChannelOptions;
import io.github.grpcaio.Deserializer;
import io.github.grpcaio.RpcMethodHandler;
import io.github.grpcaio.ServiceRpcHandler;
import io.github.grpcaio.ServicerContext;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.StreamStreamCall;
import io.github.grpcaio.StreamUnaryCall;
import io.github.grpcaio.testkit.AioServerExtension;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.TestSubscriber;
import io.github.grpcaio.testkit.Transport;
import io.github.grpcaio.testkit.Utf8;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Bad input and bad code in the middle of streams: oversize and undecodable messages, a handler
 * that fails before the first message, mid-stream or after the last, and response publishers that
 * break the Reactive Streams rules. Each ends with its documented status, after the messages that
 * were sent before, and leaves nothing open; the suite's leak check finds no unreleased buffer.
 */
@Timeout(30)
@ParameterizedClass
@EnumSource(Transport.class)
class MisbehaviourTest {

  private static final Duration BOUND = Duration.ofSeconds(5);
  private static final int LIMIT = 1024;
  private static final String BIG = "x".repeat(2 * LIMIT);

  private final FaultService service = new FaultService();

  @RegisterExtension final AioServerExtension grpc;

  MisbehaviourTest(Transport transport) {
    grpc =
        AioServerExtension.builder()
            .transport(transport)
            .addService(service.handler(), misbehaving())
            .serverOptions(o -> o.maxReceiveMessageLength(LIMIT))
            .channelOptions(ChannelOptions.builder().maxReceiveMessageLength(LIMIT).build())
            .build();
  }

  /** A deserializer that cannot decode "bad". */
  private static final Deserializer<String> PICKY =
      bytes -> {
        String s = new String(bytes, UTF_8);
        if (s.equals("bad")) {
          throw new IllegalArgumentException("cannot decode bad");
        }
        return s;
      };

  private ServiceRpcHandler misbehaving() {
    return ServiceRpcHandler.of(
        "reliability.Bad",
        Map.of(
            // "<ENDING>|item,item,...": a ScriptedPublisher of those items.
            "Script",
            RpcMethodHandler.<String, String>unaryStream(
                (request, context) -> {
                  track(context);
                  String[] parts = request.split("\\|", 2);
                  List<String> items = new ArrayList<>(Arrays.asList(parts[1].split(",")));
                  items.replaceAll(item -> item.equals("BIG") ? BIG : item);
                  return new ScriptedPublisher(items, ScriptedPublisher.Ending.valueOf(parts[0]));
                },
                Utf8.DESERIALIZER,
                Utf8.SERIALIZER),
            // Reads every request (with a deserializer that fails on "bad"), answers the count.
            "Parse",
            RpcMethodHandler.<String, String>streamUnary(
                (requests, context) -> {
                  track(context);
                  return FaultService.countRequests(context, 0).thenApply(String::valueOf);
                },
                PICKY,
                Utf8.SERIALIZER),
            "ThrowAtOnce",
            RpcMethodHandler.<String, String>streamStreamWriter(
                (requests, context) -> {
                  track(context);
                  throw new IllegalStateException("before the first message");
                },
                Utf8.DESERIALIZER,
                Utf8.SERIALIZER),
            // Echoes three requests, then fails while the client is still writing.
            "FailMidStream",
            RpcMethodHandler.<String, String>streamStreamWriter(
                (requests, context) -> {
                  track(context);
                  return FaultService.echoRequests(context, 3)
                      .thenCompose(
                          v ->
                              CompletableFuture.failedFuture(
                                  new IllegalStateException("mid-stream")));
                },
                Utf8.DESERIALIZER,
                Utf8.SERIALIZER),
            // Echoes every request, then fails after the last.
            "FailAfterLast",
            RpcMethodHandler.<String, String>streamStreamWriter(
                (requests, context) -> {
                  track(context);
                  return FaultService.echoRequests(context, Long.MAX_VALUE)
                      .thenCompose(
                          v ->
                              CompletableFuture.failedFuture(
                                  new IllegalStateException("after the last message")));
                },
                Utf8.DESERIALIZER,
                Utf8.SERIALIZER)));
  }

  private void track(ServicerContext<String, String> context) {
    context.addDoneCallback(service.ended::add);
  }

  private TestSubscriber<String> script(String request) {
    TestSubscriber<String> items = TestSubscriber.<String>unbounded().withTimeout(BOUND);
    grpc.server()
        .channel()
        .unaryStream("/reliability.Bad/Script", Utf8.SERIALIZER, Utf8.DESERIALIZER)
        .call(request)
        .subscribe(items);
    return items;
  }

  private StreamStreamCall<String, String> bidi(String method) {
    return grpc.server()
        .channel()
        .streamStream("/reliability.Bad/" + method, Utf8.SERIALIZER, Utf8.DESERIALIZER)
        .call();
  }

  private void assertServerRpcEnded() throws InterruptedException {
    assertThat(service.awaitEnded(BOUND).done()).isTrue();
    grpc.server().assertNoOpenRpcs();
  }

  @Test
  void oversizeRequest_midStream_resourceExhausted() throws Exception {
    StreamUnaryCall<String, String> call = FaultService.collect(grpc.server().channel()).call();
    call.write("a");
    call.write("b");
    call.write(BIG);

    assertThatRpc(call).within(BOUND).failsWith(StatusCode.RESOURCE_EXHAUSTED);
    assertServerRpcEnded();
  }

  @Test
  void oversizeResponse_midStream_resourceExhaustedAfterTheEarlierItems() throws Exception {
    TestSubscriber<String> items = script("COMPLETE|a,b,BIG,c");

    AioRpcError error = items.assertError(AioRpcError.class);

    assertThat(error.code()).isEqualTo(StatusCode.RESOURCE_EXHAUSTED);
    assertThat(items.values()).containsExactly("a", "b");
    assertServerRpcEnded();
  }

  @Test
  void undecodableRequest_midStream_internal() throws Exception {
    StreamUnaryCall<String, String> call =
        grpc.server()
            .channel()
            .streamUnary("/reliability.Bad/Parse", Utf8.SERIALIZER, Utf8.DESERIALIZER)
            .call();
    call.write("a");
    call.write("bad");
    call.write("c");

    assertThatRpc(call)
        .within(BOUND)
        .failsWith(StatusCode.INTERNAL)
        .hasDetailsContaining("Failed to deserialize request")
        .hasDetailsContaining("cannot decode bad");
    assertServerRpcEnded();
  }

  @Test
  void handlerThrows_beforeTheFirstMessage_unknownAndNoMessages() throws Exception {
    StreamStreamCall<String, String> call = bidi("ThrowAtOnce");
    TestSubscriber<String> echoes = TestSubscriber.<String>unbounded().withTimeout(BOUND);
    call.subscribe(echoes);
    Writes.start(call::write, 10);

    AioRpcError error = echoes.assertError(AioRpcError.class);

    assertThat(error.code()).isEqualTo(StatusCode.UNKNOWN);
    assertThat(error.details())
        .isEqualTo("Unexpected java.lang.IllegalStateException: before the first message");
    assertThat(echoes.values()).isEmpty();
    assertServerRpcEnded();
  }

  @Test
  void handlerFails_midStream_unknownAfterTheEchoes_andClientWritesStop() throws Exception {
    StreamStreamCall<String, String> call = bidi("FailMidStream");
    TestSubscriber<String> echoes = TestSubscriber.<String>unbounded().withTimeout(BOUND);
    call.subscribe(echoes);
    Writes writes = Writes.startEndlessPaced(call::write);

    AioRpcError error = echoes.assertError(AioRpcError.class);

    assertThat(error.code()).isEqualTo(StatusCode.UNKNOWN);
    assertThat(error.details()).isEqualTo("Unexpected java.lang.IllegalStateException: mid-stream");
    assertThat(echoes.values()).containsExactly("0", "1", "2");
    Await.result(writes.ended(), BOUND);
    assertServerRpcEnded();
  }

  @Test
  void handlerFails_afterTheLastMessage_unknownAfterEveryEcho() throws Exception {
    StreamStreamCall<String, String> call = bidi("FailAfterLast");
    TestSubscriber<String> echoes = TestSubscriber.<String>unbounded().withTimeout(BOUND);
    call.subscribe(echoes);
    Writes writes = Writes.start(call::write, 20);
    Await.result(writes.ended(), BOUND);
    call.doneWriting();

    AioRpcError error = echoes.assertError(AioRpcError.class);

    assertThat(error.code()).isEqualTo(StatusCode.UNKNOWN);
    assertThat(error.details())
        .isEqualTo("Unexpected java.lang.IllegalStateException: after the last message");
    ClientCancelTest.assertInOrderFromZero(echoes.values());
    assertThat(echoes.values()).hasSize(20);
    assertServerRpcEnded();
  }

  @Test
  void responsePublisherFails_afterItsItems_unknownAfterThem() throws Exception {
    TestSubscriber<String> items = script("FAIL|a,b,c");

    AioRpcError error = items.assertError(AioRpcError.class);

    assertThat(error.code()).isEqualTo(StatusCode.UNKNOWN);
    assertThat(error.details()).isEqualTo("Unexpected java.lang.IllegalStateException: boom");
    assertThat(items.values()).containsExactly("a", "b", "c");
    assertServerRpcEnded();
  }

  @Test
  void responsePublisher_onNextBeyondDemand_unknownNamingTheRule() throws Exception {
    TestSubscriber<String> items = script("BEYOND_DEMAND|a,b,c,d,e");

    AioRpcError error = items.assertError(AioRpcError.class);

    assertThat(error.code()).isEqualTo(StatusCode.UNKNOWN);
    assertThat(error.details()).contains("rule 1.1").contains("onNext without demand");
    assertThat(items.values()).hasSizeLessThanOrEqualTo(1);
    assertServerRpcEnded();
  }

  @Test
  void responsePublisher_onNextAfterOnComplete_isIgnoredAndTheRpcSucceeds() throws Exception {
    TestSubscriber<String> items = script("NEXT_AFTER_COMPLETE|a,b");

    assertThat(items.awaitCompletion()).containsExactly("a", "b");
    items.assertNoViolations();
    assertServerRpcEnded();
  }
}
