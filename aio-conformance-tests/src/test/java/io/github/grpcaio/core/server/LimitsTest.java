package io.github.grpcaio.core.server;

import static io.github.grpcaio.testkit.Utf8.DESERIALIZER;
import static io.github.grpcaio.testkit.Utf8.SERIALIZER;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.AioRpcError;
import io.github.grpcaio.CallOptions;
import io.github.grpcaio.ChannelOptions;
import io.github.grpcaio.Deserializer;
import io.github.grpcaio.RpcMethodHandler;
import io.github.grpcaio.Serializer;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.testkit.AioTestServer;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.Transport;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Limits and undecodable messages: the concurrent-RPC limit, message-size limits on both sides, and
 * (de)serializer failures on the server.
 */
@ParameterizedClass
@EnumSource(Transport.class)
class LimitsTest {

  private static final int LIMIT = 1024;

  private final Transport transport;
  @AutoClose private AioTestServer harness;

  LimitsTest(Transport transport) {
    this.transport = transport;
  }

  // ---- maximumConcurrentRpcs ----

  /** Stages of the handlers that are running, in the order they started. */
  private final LinkedBlockingQueue<CompletableFuture<String>> running =
      new LinkedBlockingQueue<>();

  private final AtomicInteger handlerRuns = new AtomicInteger();

  private void serveHolding(int limit) {
    Map<String, RpcMethodHandler<?, ?>> methods = new HashMap<>();
    for (Kind kind : Kind.values()) {
      methods.put(
          kind.methodName,
          kind.handler(
              ctx -> {
                handlerRuns.incrementAndGet();
                CompletableFuture<String> stage = new CompletableFuture<>();
                running.add(stage);
                return stage;
              }));
    }
    harness =
        AioTestServer.builder()
            .transport(transport)
            .serverOptions(o -> o.maximumConcurrentRpcs(limit))
            .addService(Kind.serviceOf(methods))
            .start();
  }

  private CompletableFuture<String> nextRunning() {
    try {
      CompletableFuture<String> stage =
          running.poll(Await.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      assertThat(stage).as("a handler started").isNotNull();
      return stage;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void maximumConcurrentRpcs_reached_nextRpcGetsResourceExhausted(Kind kind) {
    serveHolding(2);
    Kind.Rpc first = Kind.UNARY_UNARY.invoke(harness.channel(), CallOptions.DEFAULT);
    Kind.Rpc second = Kind.STREAM_STREAM.invoke(harness.channel(), CallOptions.DEFAULT);
    nextRunning();
    nextRunning();

    Kind.Rpc third = kind.invoke(harness.channel(), CallOptions.DEFAULT);

    AioRpcError error = Await.rpcError(third.responses());
    assertThat(error.code()).isEqualTo(StatusCode.RESOURCE_EXHAUSTED);
    assertThat(error.details()).isEqualTo("Concurrent RPC limit exceeded!");
    assertThat(handlerRuns.get()).isEqualTo(2);
    assertThat(first.responses()).isNotDone();
    assertThat(second.responses()).isNotDone();
    // The held RPCs end here, so that the test server closes with none left open.
    first.call().cancel();
    second.call().cancel();
  }

  @Test
  void maximumConcurrentRpcs_rpcFinished_nextRpcRightAfterGetsTheSlot() {
    // The slot is free by the time the client sees the status, so back-to-back RPCs never race.
    serveHolding(1);
    for (int i = 0; i < 30; i++) {
      Kind.Rpc rpc = Kind.UNARY_UNARY.invoke(harness.channel(), CallOptions.DEFAULT);
      nextRunning().complete("r" + i);

      assertThat(Await.result(rpc.responses())).as("RPC %d", i).containsExactly("r" + i);
    }
  }

  @Test
  void maximumConcurrentRpcs_failedAndRefusedRpcs_doNotKeepSlots() {
    serveHolding(1);
    Kind.Rpc failing = Kind.UNARY_UNARY.invoke(harness.channel(), CallOptions.DEFAULT);
    CompletableFuture<String> stage = nextRunning();
    for (int i = 0; i < 3; i++) {
      Kind.Rpc refused = Kind.UNARY_STREAM.invoke(harness.channel(), CallOptions.DEFAULT);
      assertThat(Await.rpcError(refused.responses()).code())
          .isEqualTo(StatusCode.RESOURCE_EXHAUSTED);
    }

    stage.completeExceptionally(new IllegalStateException("failed on purpose"));
    assertThat(Await.rpcError(failing.responses()).code()).isEqualTo(StatusCode.UNKNOWN);

    Kind.Rpc next = Kind.UNARY_UNARY.invoke(harness.channel(), CallOptions.DEFAULT);
    nextRunning().complete("served");
    assertThat(Await.result(next.responses())).containsExactly("served");
  }

  @Test
  void maximumConcurrentRpcs_rpcCancelledByClient_slotReleasedOnceTheServerSawIt() {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch ended = new CountDownLatch(1);
    Map<String, RpcMethodHandler<?, ?>> methods = new HashMap<>();
    methods.put(
        "Hold",
        Kind.UNARY_UNARY.handler(
            ctx -> {
              ctx.addDoneCallback(c -> ended.countDown());
              started.countDown();
              return new CompletableFuture<>();
            }));
    methods.put("Echo", Kind.UNARY_UNARY.handler(ctx -> CompletableFuture.completedFuture("ok")));
    harness =
        AioTestServer.builder()
            .transport(transport)
            .serverOptions(o -> o.maximumConcurrentRpcs(1))
            .addService(Kind.serviceOf(methods))
            .start();
    Kind.Rpc held =
        Kind.UNARY_UNARY.invoke(harness.channel(), Kind.fullName("Hold"), CallOptions.DEFAULT);
    Await.latch(started);
    Kind.Rpc refused =
        Kind.UNARY_UNARY.invoke(harness.channel(), Kind.fullName("Echo"), CallOptions.DEFAULT);
    assertThat(Await.rpcError(refused.responses()).code()).isEqualTo(StatusCode.RESOURCE_EXHAUSTED);

    held.call().cancel();
    Await.latch(ended);

    Kind.Rpc next =
        Kind.UNARY_UNARY.invoke(harness.channel(), Kind.fullName("Echo"), CallOptions.DEFAULT);
    assertThat(Await.result(next.responses())).containsExactly("ok");
  }

  // ---- message sizes ----

  private static Kind.Body respondWith(String response) {
    return ctx -> CompletableFuture.completedFuture(response);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void request_overServerReceiveLimit_resourceExhausted(Kind kind) {
    AtomicInteger handled = new AtomicInteger();
    harness =
        AioTestServer.builder()
            .transport(transport)
            .serverOptions(o -> o.maxReceiveMessageLength(LIMIT))
            .addService(
                kind.service(
                    ctx -> {
                      handled.incrementAndGet();
                      // Request streams are read, so that the large message is taken in.
                      return kind.requestStreaming
                          ? ctx.read().thenApply(m -> "read " + m.map(String::length).orElse(-1))
                          : CompletableFuture.completedFuture("ok");
                    }))
            .start();

    Kind.Rpc rpc =
        kind.invoke(
            harness.channel(), kind.method(), Strings.ofLength(LIMIT + 1), CallOptions.DEFAULT);

    assertThat(Await.rpcError(rpc.responses()).code()).isEqualTo(StatusCode.RESOURCE_EXHAUSTED);
    if (!kind.requestStreaming) {
      assertThat(handled.get()).isZero();
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void request_exactlyAtServerReceiveLimit_isServed(Kind kind) {
    harness =
        AioTestServer.builder()
            .transport(transport)
            .serverOptions(o -> o.maxReceiveMessageLength(LIMIT))
            .addService(
                kind.service(
                    ctx ->
                        kind.requestStreaming
                            ? ctx.read().thenApply(m -> "read " + m.map(String::length).orElse(-1))
                            : CompletableFuture.completedFuture("ok")))
            .start();

    Kind.Rpc rpc =
        kind.invoke(harness.channel(), kind.method(), Strings.ofLength(LIMIT), CallOptions.DEFAULT);

    assertThat(Await.result(rpc.responses()))
        .containsExactly(kind.requestStreaming ? "read " + LIMIT : "ok");
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void response_overServerSendLimit_resourceExhausted(Kind kind) {
    harness =
        AioTestServer.builder()
            .transport(transport)
            .serverOptions(o -> o.maxSendMessageLength(LIMIT))
            .addService(kind.service(respondWith(Strings.ofLength(LIMIT + 1))))
            .start();

    Kind.Rpc rpc = kind.invoke(harness.channel(), CallOptions.DEFAULT);

    assertThat(Await.rpcError(rpc.responses()).code()).isEqualTo(StatusCode.RESOURCE_EXHAUSTED);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void response_exactlyAtServerSendLimit_isSent(Kind kind) {
    harness =
        AioTestServer.builder()
            .transport(transport)
            .serverOptions(o -> o.maxSendMessageLength(LIMIT))
            .addService(kind.service(respondWith(Strings.ofLength(LIMIT))))
            .start();

    Kind.Rpc rpc = kind.invoke(harness.channel(), CallOptions.DEFAULT);

    assertThat(Await.result(rpc.responses())).containsExactly(Strings.ofLength(LIMIT));
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void response_overClientReceiveLimit_resourceExhausted(Kind kind) {
    harness =
        AioTestServer.builder()
            .transport(transport)
            .channelOptions(ChannelOptions.builder().maxReceiveMessageLength(LIMIT).build())
            .addService(kind.service(respondWith(Strings.ofLength(LIMIT + 1))))
            .start();

    Kind.Rpc rpc = kind.invoke(harness.channel(), CallOptions.DEFAULT);

    assertThat(Await.rpcError(rpc.responses()).code()).isEqualTo(StatusCode.RESOURCE_EXHAUSTED);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void response_exactlyAtClientReceiveLimit_isReceived(Kind kind) {
    harness =
        AioTestServer.builder()
            .transport(transport)
            .channelOptions(ChannelOptions.builder().maxReceiveMessageLength(LIMIT).build())
            .addService(kind.service(respondWith(Strings.ofLength(LIMIT))))
            .start();

    Kind.Rpc rpc = kind.invoke(harness.channel(), CallOptions.DEFAULT);

    assertThat(Await.result(rpc.responses())).containsExactly(Strings.ofLength(LIMIT));
  }

  // ---- (de)serializer failures ----

  @ParameterizedTest
  @EnumSource(Kind.class)
  void request_serverDeserializerThrows_internalFailedToDeserialize(Kind kind) {
    Deserializer<String> broken =
        bytes -> {
          throw new IllegalArgumentException("bad bytes");
        };
    AtomicInteger handled = new AtomicInteger();
    harness =
        transport.start(
            Kind.serviceOf(
                Map.of(
                    kind.methodName,
                    kind.handler(
                        ctx -> {
                          handled.incrementAndGet();
                          return kind.requestStreaming
                              ? ctx.read().thenApply(m -> "read")
                              : CompletableFuture.completedFuture("ok");
                        },
                        broken,
                        SERIALIZER))));

    Kind.Rpc rpc = kind.invoke(harness.channel(), CallOptions.DEFAULT);

    AioRpcError error = Await.rpcError(rpc.responses());
    assertThat(error.code()).isEqualTo(StatusCode.INTERNAL);
    assertThat(error.details())
        .isEqualTo("Failed to deserialize request: java.lang.IllegalArgumentException: bad bytes");
    if (!kind.requestStreaming) {
      assertThat(handled.get()).isZero();
    }
  }

  @Test
  void request_serverDeserializerThrowsChecked_detailsNameTheCheckedException() {
    Deserializer<String> broken =
        bytes -> {
          throw new IOException("truncated");
        };
    harness =
        transport.start(
            Kind.serviceOf(
                Map.of(
                    Kind.UNARY_UNARY.methodName,
                    Kind.UNARY_UNARY.handler(respondWith("ok"), broken, SERIALIZER))));

    Kind.Rpc rpc = Kind.UNARY_UNARY.invoke(harness.channel(), CallOptions.DEFAULT);

    AioRpcError error = Await.rpcError(rpc.responses());
    assertThat(error.code()).isEqualTo(StatusCode.INTERNAL);
    assertThat(error.details())
        .isEqualTo("Failed to deserialize request: java.io.IOException: truncated");
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void response_serverSerializerThrows_internalFailedToSerialize(Kind kind) {
    Serializer<String> broken =
        s -> {
          throw new IllegalStateException("cannot encode");
        };
    harness =
        transport.start(
            Kind.serviceOf(
                Map.of(kind.methodName, kind.handler(respondWith("ok"), DESERIALIZER, broken))));

    Kind.Rpc rpc = kind.invoke(harness.channel(), CallOptions.DEFAULT);

    AioRpcError error = Await.rpcError(rpc.responses());
    assertThat(error.code()).isEqualTo(StatusCode.INTERNAL);
    assertThat(error.details())
        .isEqualTo("Failed to serialize response: java.lang.IllegalStateException: cannot encode");
  }
}
