package io.github.grpcaio.core.server;

import static io.github.grpcaio.testkit.Utf8.DESERIALIZER;
import static io.github.grpcaio.testkit.Utf8.SERIALIZER;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.RpcMethodHandler;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.StreamUnaryCall;
import io.github.grpcaio.testkit.AioTestServer;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.TestPublisher;
import io.github.grpcaio.testkit.TestSubscriber;
import io.github.grpcaio.testkit.Transport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Backpressure on the server: a handler receives no more requests than it asked for, and what it
 * does not ask for stops the client; a response publisher is pulled only while the transport can
 * take more.
 */
@ParameterizedClass
@EnumSource(Transport.class)
class BackpressureTest {

  private static final String METHOD = "Flow";

  private final Transport transport;
  @AutoClose private AioTestServer harness;

  BackpressureTest(Transport transport) {
    this.transport = transport;
  }

  private void serve(RpcMethodHandler<String, String> handler) {
    harness = transport.start(Kind.serviceOf(Map.of(METHOD, handler)));
  }

  /**
   * Serves a handler that subscribes {@code subscriber} to its requests and answers their count.
   */
  private void serveCounting(TestSubscriber<String> subscriber) {
    serve(
        RpcMethodHandler.streamUnary(
            (reqs, ctx) -> {
              reqs.subscribe(subscriber);
              return subscriber.completion().thenApply(all -> String.valueOf(all.size()));
            },
            DESERIALIZER,
            SERIALIZER));
  }

  /** Writes {@code message} {@code count} times without waiting, then half-closes. */
  private static List<CompletableFuture<Void>> writeAll(
      StreamUnaryCall<String, String> call, String message, int count) {
    List<CompletableFuture<Void>> writes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      writes.add(call.write(message));
    }
    call.doneWriting();
    return writes;
  }

  @Test
  void requestSubscriber_requestsThree_getsThreeUntilItAsksForMore() {
    TestSubscriber<String> subscriber = TestSubscriber.requesting(3);
    serveCounting(subscriber);
    List<String> requests = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      requests.add("m" + i);
    }

    var call =
        harness
            .channel()
            .streamUnary(Kind.fullName(METHOD), SERIALIZER, DESERIALIZER)
            .call(TestPublisher.of(requests));

    Await.until("three requests arrived", () -> subscriber.values().size() == 3);
    Await.staysAt("requests delivered", () -> subscriber.values().size(), 3);
    subscriber.request(10);
    Await.until("thirteen requests arrived", () -> subscriber.values().size() == 13);
    Await.staysAt("requests delivered", () -> subscriber.values().size(), 13);
    subscriber.request(Long.MAX_VALUE);
    assertThat(Await.result(call.response())).isEqualTo("50");
  }

  @Test
  void requestSubscriber_stopsRequesting_clientWritesStallUntilItAsksAgain() {
    // Messages large enough that the transport's buffers and flow-control windows fill up.
    String large = Strings.ofLength(256 * 1024);
    int count = 64; // 16 MiB
    TestSubscriber<String> subscriber = TestSubscriber.requesting(1);
    serveCounting(subscriber);
    var call =
        harness.channel().streamUnary(Kind.fullName(METHOD), SERIALIZER, DESERIALIZER).call();

    List<CompletableFuture<Void>> writes = writeAll(call, large, count);

    Await.until("the first request arrived", () -> subscriber.values().size() == 1);
    Await.staysPending("the last write", writes.get(count - 1));
    assertThat(subscriber.values().size()).isEqualTo(1);
    subscriber.request(Long.MAX_VALUE);
    for (CompletableFuture<Void> write : writes) {
      Await.result(write);
    }
    assertThat(Await.result(call.response())).isEqualTo(String.valueOf(count));
  }

  @Test
  void contextRead_readsTwice_clientWritesStallAfterThose() {
    String large = Strings.ofLength(256 * 1024);
    int count = 64;
    CountDownLatch readTwo = new CountDownLatch(1);
    CompletableFuture<Void> readRest = new CompletableFuture<>();
    serve(
        RpcMethodHandler.streamUnary(
            (reqs, ctx) -> {
              Await.result(ctx.read());
              Await.result(ctx.read());
              readTwo.countDown();
              Await.result(readRest);
              int n = 2;
              while (Await.result(ctx.read()).isPresent()) {
                n++;
              }
              return CompletableFuture.completedFuture(String.valueOf(n));
            },
            DESERIALIZER,
            SERIALIZER));
    var call =
        harness.channel().streamUnary(Kind.fullName(METHOD), SERIALIZER, DESERIALIZER).call();

    List<CompletableFuture<Void>> writes = writeAll(call, large, count);

    Await.latch(readTwo);
    Await.staysPending("the last write", writes.get(count - 1));
    readRest.complete(null);
    assertThat(Await.result(call.response())).isEqualTo(String.valueOf(count));
  }

  @Test
  void responsePublisher_clientTakesOne_publisherPulledOnlyWhileTransportIsReady() {
    String large = Strings.ofLength(64 * 1024);
    EndlessPublisher endless = new EndlessPublisher(large);
    serve(RpcMethodHandler.unaryStream((req, ctx) -> endless, DESERIALIZER, SERIALIZER));
    var call =
        harness.channel().unaryStream(Kind.fullName(METHOD), SERIALIZER, DESERIALIZER).call("go");
    TestSubscriber<String> client = TestSubscriber.requesting(1);

    call.subscribe(client);

    Await.until("one response arrived", () -> client.values().size() == 1);
    long settled = Await.settled("items pulled", endless.pulled::get);
    // A window's worth at most (grpc-java's default 1 MiB per stream, plus its 32 KiB send
    // buffer), nowhere near an unbounded pull.
    assertThat(settled).isLessThan(64);
    assertThat(client.values().size()).isEqualTo(1);
    call.cancel();
    Await.latch(endless.cancelled);
    assertThat(Await.result(call.code())).isEqualTo(StatusCode.CANCELLED);
  }
}
