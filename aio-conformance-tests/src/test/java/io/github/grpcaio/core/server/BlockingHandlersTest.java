package io.github.grpcaio.core.server;

import static io.github.grpcaio.testkit.Utf8.DESERIALIZER;
import static io.github.grpcaio.testkit.Utf8.SERIALIZER;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.AioRpcError;
import io.github.grpcaio.CallOptions;
import io.github.grpcaio.RpcMethodHandler;
import io.github.grpcaio.ServerOptions;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.StreamStreamCall;
import io.github.grpcaio.StreamUnaryCall;
import io.github.grpcaio.UnaryUnaryCall;
import io.github.grpcaio.core.GrpcAio;
import io.github.grpcaio.testkit.AioTestServer;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.TestSubscriber;
import io.github.grpcaio.testkit.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The blocking handler shapes ({@code RpcMethodHandler.*Blocking}): plain blocking code that
 * returns its response, reads an iterator and writes with {@code blockingWrite}, on the server's
 * executor by default, on the blocking executor when one is set, and on Java 17 (no virtual
 * threads) with {@code virtualThreads()} on the server's executor. The same handlers run on virtual
 * threads, ten thousand at once, in the aio-virtual-thread-tests module.
 */
@ParameterizedClass
@EnumSource(Transport.class)
class BlockingHandlersTest {

  private static final String METHOD = "Blocking";

  private final Transport transport;
  private AioTestServer harness;
  private ExecutorService pool;

  BlockingHandlersTest(Transport transport) {
    this.transport = transport;
  }

  @AfterEach
  void close() {
    if (harness != null) {
      harness.close();
    }
    if (pool != null) {
      pool.shutdownNow();
    }
  }

  private void serve(RpcMethodHandler<String, String> handler) {
    serve(handler, options -> {});
  }

  private void serve(
      RpcMethodHandler<String, String> handler, Consumer<? super ServerOptions.Builder> options) {
    harness =
        AioTestServer.builder()
            .transport(transport)
            .addService(Kind.serviceOf(Map.of(METHOD, handler)))
            .serverOptions(options)
            .start();
  }

  private UnaryUnaryCall<String> unary(String request) {
    return harness
        .channel()
        .unaryUnary(Kind.fullName(METHOD), SERIALIZER, DESERIALIZER)
        .call(request);
  }

  @Test
  void unaryBlocking_handfulAtOnceOnTheDefaultPool_allAnsweredInParallel() {
    // Each handler blocks until all five are in: only threads of their own get them all there.
    int count = 5;
    CountDownLatch allIn = new CountDownLatch(count);
    List<String> threads = new ArrayList<>();
    serve(
        RpcMethodHandler.unaryUnaryBlocking(
            (request, context) -> {
              synchronized (threads) {
                threads.add(Thread.currentThread().getName());
              }
              allIn.countDown();
              Await.latch(allIn, "every handler started");
              return "hello " + request;
            },
            DESERIALIZER,
            SERIALIZER));

    List<CompletableFuture<String>> responses = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      responses.add(unary("n" + i).response());
    }

    for (int i = 0; i < count; i++) {
      assertThat(Await.result(responses.get(i))).isEqualTo("hello n" + i);
    }
    assertThat(threads).hasSize(count).allMatch(name -> name.startsWith("grpc-aio-executor-"));
  }

  @Test
  void unaryBlocking_throws_endsWithUnknown() {
    serve(
        RpcMethodHandler.unaryUnaryBlocking(
            (request, context) -> {
              throw new IllegalStateException("boom");
            },
            DESERIALIZER,
            SERIALIZER));

    AioRpcError error = Await.rpcError(unary("x").response());

    assertThat(error.code()).isEqualTo(StatusCode.UNKNOWN);
    assertThat(error.details()).isEqualTo("Unexpected java.lang.IllegalStateException: boom");
  }

  @Test
  void unaryBlocking_throwsADownstreamAioRpcError_endsWithUnknownAsAnyException() {
    // As a Python handler that lets a failed call's AioRpcError escape: abort() is the way to
    // choose the status.
    serve(
        RpcMethodHandler.unaryUnaryBlocking(
            (request, context) -> {
              throw new AioRpcError(StatusCode.NOT_FOUND, null, null, "downstream", null, null);
            },
            DESERIALIZER,
            SERIALIZER));

    AioRpcError error = Await.rpcError(unary("x").response());

    assertThat(error.code()).isEqualTo(StatusCode.UNKNOWN);
    assertThat(error.details()).startsWith("Unexpected io.github.grpcaio.AioRpcError");
  }

  @Test
  void unaryBlocking_aborts_endsWithTheAbortStatus() {
    serve(
        RpcMethodHandler.unaryUnaryBlocking(
            (request, context) -> {
              throw context.abort(StatusCode.NOT_FOUND, "no " + request);
            },
            DESERIALIZER,
            SERIALIZER));

    AioRpcError error = Await.rpcError(unary("x").response());

    assertThat(error.code()).isEqualTo(StatusCode.NOT_FOUND);
    assertThat(error.details()).isEqualTo("no x");
  }

  @Test
  void unaryBlocking_returnsNull_endsWithUnknown() {
    serve(
        RpcMethodHandler.unaryUnaryBlocking((request, context) -> null, DESERIALIZER, SERIALIZER));

    assertThat(Await.rpcError(unary("x").response()).code()).isEqualTo(StatusCode.UNKNOWN);
  }

  @Test
  void unaryStreamBlocking_writesThree_clientGetsThreeThenOk() {
    serve(
        RpcMethodHandler.unaryStreamBlocking(
            (request, context) -> {
              for (int i = 0; i < 3; i++) {
                context.blockingWrite(request + i);
              }
            },
            DESERIALIZER,
            SERIALIZER));
    var call =
        harness.channel().unaryStream(Kind.fullName(METHOD), SERIALIZER, DESERIALIZER).call("r");

    List<String> responses = new ArrayList<>();
    call.blockingIterator().forEachRemaining(responses::add);

    assertThat(responses).containsExactly("r0", "r1", "r2");
    assertThat(Await.result(call.code())).isEqualTo(StatusCode.OK);
  }

  @Test
  void unaryStreamBlocking_clientReadsNothing_writerHeldBackByFlowControl() {
    String large = Strings.ofLength(64 * 1024);
    AtomicInteger written = new AtomicInteger();
    CompletableFuture<Throwable> writerEnded = new CompletableFuture<>();
    serve(
        RpcMethodHandler.unaryStreamBlocking(
            (request, context) -> {
              try {
                while (true) {
                  context.blockingWrite(large);
                  written.incrementAndGet();
                }
              } catch (RuntimeException e) {
                writerEnded.complete(e);
                throw e;
              }
            },
            DESERIALIZER,
            SERIALIZER));
    var call =
        harness.channel().unaryStream(Kind.fullName(METHOD), SERIALIZER, DESERIALIZER).call("go");
    TestSubscriber<String> client = TestSubscriber.requesting(1);

    call.subscribe(client);

    Await.until("one response arrived", () -> client.values().size() == 1);
    int settled = Await.settled("messages written", written::get);
    // A window's worth at most (grpc-java's default 1 MiB per stream, plus its send buffer).
    assertThat(settled).isLessThan(64);
    call.cancel();
    assertThat(Await.result(writerEnded))
        .isInstanceOf(java.util.concurrent.CancellationException.class);
  }

  @Test
  void streamUnaryBlocking_iteratesRequests_returnsWhatItRead() {
    serve(
        RpcMethodHandler.streamUnaryBlocking(
            (requests, context) -> {
              StringBuilder all = new StringBuilder();
              requests.forEachRemaining(all::append);
              return all.toString();
            },
            DESERIALIZER,
            SERIALIZER));
    StreamUnaryCall<String, String> call =
        harness.channel().streamUnary(Kind.fullName(METHOD), SERIALIZER, DESERIALIZER).call();

    for (String r : List.of("a", "b", "c")) {
      call.write(r);
    }
    call.doneWriting();

    assertThat(call.await()).isEqualTo("abc");
  }

  @Test
  void streamStreamBlocking_echoesEachRequest_clientReadsEachReply() {
    serve(
        RpcMethodHandler.streamStreamBlocking(
            (requests, context) -> {
              while (requests.hasNext()) {
                context.blockingWrite("re:" + requests.next());
              }
            },
            DESERIALIZER,
            SERIALIZER));
    StreamStreamCall<String, String> call =
        harness.channel().streamStream(Kind.fullName(METHOD), SERIALIZER, DESERIALIZER).call();
    Iterator<String> replies = call.blockingIterator();

    List<String> got = new ArrayList<>();
    for (String r : List.of("a", "b")) {
      Await.result(call.write(r));
      got.add(replies.next());
    }
    call.doneWriting();

    assertThat(got).containsExactly("re:a", "re:b");
    assertThat(replies.hasNext()).isFalse();
    assertThat(Await.result(call.code())).isEqualTo(StatusCode.OK);
  }

  @Test
  void blockingExecutor_set_handlerRunsThereInTheRpcsContext() {
    pool = Executors.newCachedThreadPool(task -> new Thread(task, "blocking-pool"));
    serve(
        RpcMethodHandler.unaryUnaryBlocking(
            (request, context) ->
                Thread.currentThread().getName()
                    + " deadline="
                    + (io.grpc.Context.current().getDeadline() != null),
            DESERIALIZER,
            SERIALIZER),
        options -> options.blockingExecutor(pool));

    String response =
        harness
            .channel()
            .unaryUnary(Kind.fullName(METHOD), SERIALIZER, DESERIALIZER)
            .call("x", CallOptions.DEFAULT.withTimeout(Duration.ofSeconds(30)))
            .await();

    assertThat(response).isEqualTo("blocking-pool deadline=true");
  }

  @Test
  void virtualThreads_onEveryJvm_handlerRunsOnAVirtualThreadOrTheServersExecutor() {
    serve(
        RpcMethodHandler.unaryUnaryBlocking(
            (request, context) -> Thread.currentThread().getName(), DESERIALIZER, SERIALIZER),
        ServerOptions.Builder::virtualThreads);

    String thread = unary("x").await();

    // Java 17 to 20 have no virtual threads: the server's executor (the default pool) runs it.
    String expected =
        GrpcAio.virtualThreadExecutor().isPresent() ? "grpc-aio-virtual-" : "grpc-aio-executor-";
    assertThat(thread).startsWith(expected);
  }
}
