package io.github.grpcaio.core.server;

import static io.github.grpcaio.testkit.Utf8.DESERIALIZER;
import static io.github.grpcaio.testkit.Utf8.SERIALIZER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.grpcaio.AioRpcError;
import io.github.grpcaio.Channel;
import io.github.grpcaio.RpcMethodHandler;
import io.github.grpcaio.ServiceRpcHandler;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.StreamStreamCall;
import io.github.grpcaio.StreamUnaryCall;
import io.github.grpcaio.testkit.AioTestServer;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.Transport;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Reading a request stream in a handler without a hand-written loop: {@code
 * context.forEachRequest}/{@code forEachRequestAsync} (non-blocking) and {@code
 * blockingRequestIterator}/{@code blockingRequestStream} (for a handler that blocks). The demand
 * the server's transport sees is counted by a grpc-java server interceptor.
 */
@ParameterizedClass
@EnumSource(Transport.class)
class RequestIterationTest {

  private static final String NAME = "test.RequestIteration";

  @Parameter Transport transport;

  @AutoClose private AioTestServer bed;
  private Channel channel;

  /** Requests the server asked of its transport, over every RPC. */
  private final AtomicLong requested = new AtomicLong();

  /** For each request handled by the server, how many requests it had asked for by then. */
  private final List<Long> askedWhenHandled = new CopyOnWriteArrayList<>();

  /** What a handler's loop or iterator ended with, for the cancellation tests. */
  private final CompletableFuture<Throwable> serverSaw = new CompletableFuture<>();

  /** The thread running the "Interrupted" handler, and its interrupt flag after the read. */
  private final CompletableFuture<Thread> handlerThread = new CompletableFuture<>();

  private final AtomicReference<Boolean> interruptFlag = new AtomicReference<>();

  @BeforeEach
  void setUp() {
    bed =
        AioTestServer.builder()
            .transport(transport)
            .addService(service())
            .serverOptions(options -> options.grpcInterceptors(List.of(counting())))
            .start();
    channel = bed.channel();
  }

  private ServiceRpcHandler service() {
    return ServiceRpcHandler.of(
        NAME,
        Map.of(
            "Join",
            RpcMethodHandler.<String, String>streamUnary(
                (requests, context) -> {
                  List<String> seen = new ArrayList<>(); // one action at a time
                  return context
                      .forEachRequest(
                          request -> {
                            askedWhenHandled.add(requested.get());
                            if (request.equals("bad")) {
                              throw new IllegalStateException("bad request");
                            }
                            seen.add(request);
                          })
                      .thenApply(done -> String.join(",", seen));
                },
                DESERIALIZER,
                SERIALIZER),
            "Echo",
            RpcMethodHandler.<String, String>streamStreamWriter(
                (requests, context) ->
                    context.forEachRequestAsync(request -> context.write(request.toUpperCase())),
                DESERIALIZER,
                SERIALIZER),
            "BlockingJoin",
            RpcMethodHandler.<String, String>streamUnary(
                (requests, context) -> {
                  List<String> seen = new ArrayList<>();
                  Iterator<String> iterator = context.blockingRequestIterator();
                  while (iterator.hasNext()) {
                    seen.add(iterator.next());
                    askedWhenHandled.add(requested.get() - seen.size()); // asked ahead
                  }
                  return CompletableFuture.completedFuture(String.join(",", seen));
                },
                DESERIALIZER,
                SERIALIZER),
            "StreamJoin",
            RpcMethodHandler.<String, String>streamUnary(
                (requests, context) -> {
                  try (Stream<String> all = context.blockingRequestStream()) {
                    return CompletableFuture.completedFuture(all.collect(Collectors.joining(",")));
                  }
                },
                DESERIALIZER,
                SERIALIZER),
            "WaitLoop",
            RpcMethodHandler.<String, String>streamUnary(
                (requests, context) -> {
                  CompletableFuture<Void> loop = context.forEachRequest(request -> {});
                  loop.whenComplete((done, error) -> serverSaw.complete(error));
                  return loop.thenApply(done -> "done");
                },
                DESERIALIZER,
                SERIALIZER),
            "WaitBlocking",
            RpcMethodHandler.<String, String>streamUnary(
                (requests, context) -> {
                  Iterator<String> iterator = context.blockingRequestIterator();
                  serverSaw.complete(catchThrowable(() -> iterator.hasNext()));
                  return CompletableFuture.completedFuture("done");
                },
                DESERIALIZER,
                SERIALIZER),
            "Interrupted",
            RpcMethodHandler.<String, String>streamUnary(
                (requests, context) -> {
                  handlerThread.complete(Thread.currentThread());
                  Throwable thrown =
                      catchThrowable(() -> context.blockingRequestIterator().hasNext());
                  interruptFlag.set(Thread.interrupted()); // reads and clears it for the pool
                  serverSaw.complete(thrown);
                  return CompletableFuture.completedFuture("done");
                },
                DESERIALIZER,
                SERIALIZER)));
  }

  /** A grpc-java interceptor adding up the {@code request(n)} the server makes. */
  private ServerInterceptor counting() {
    return new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(
          ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        return next.startCall(
            new SimpleForwardingServerCall<>(call) {
              @Override
              public void request(int count) {
                requested.addAndGet(count);
                super.request(count);
              }
            },
            headers);
      }
    };
  }

  private String clientStream(String method, List<String> requests) {
    return Await.result(
        channel
            .streamUnary("/" + NAME + "/" + method, SERIALIZER, DESERIALIZER)
            .call(requests)
            .response());
  }

  private static List<String> letters(int count) {
    List<String> letters = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      letters.add("r" + i);
    }
    return letters;
  }

  @Test
  void forEachRequest_handlesEveryRequestInOrder_askingForOneAtATime() {
    List<String> requests = letters(200);

    String joined = clientStream("Join", requests);

    assertThat(joined).isEqualTo(String.join(",", requests));
    for (int i = 0; i < askedWhenHandled.size(); i++) {
      assertThat(askedWhenHandled.get(i)).as("asked when handling %d", i).isEqualTo(i + 1L);
    }
    assertThat(askedWhenHandled).hasSize(200);
  }

  @Test
  void forEachRequest_emptyStream_completes() {
    assertThat(clientStream("Join", List.of())).isEmpty();
    assertThat(askedWhenHandled).isEmpty();
  }

  @Test
  void forEachRequest_actionThrows_endsTheRpcAsAThrowingHandler() {
    AioRpcError error =
        Await.rpcError(
            channel
                .streamUnary("/" + NAME + "/Join", SERIALIZER, DESERIALIZER)
                .call(List.of("a", "bad", "c"))
                .response());

    assertThat(error.code()).isEqualTo(StatusCode.UNKNOWN);
    assertThat(error.details())
        .isEqualTo("Unexpected java.lang.IllegalStateException: bad request");
    assertThat(askedWhenHandled).hasSize(2); // "c" was never handled
  }

  @Test
  void forEachRequestAsync_writesEachReplyBeforeReadingTheNextRequest() {
    StreamStreamCall<String, String> call =
        channel
            .streamStream("/" + NAME + "/Echo", SERIALIZER, DESERIALIZER)
            .call(List.of("a", "b", "c"));
    List<String> replies = new CopyOnWriteArrayList<>();

    Await.result(call.forEach(replies::add));

    assertThat(replies).containsExactly("A", "B", "C");
  }

  @Test
  void blockingRequestIterator_inABlockingHandler_keepsOneAhead() {
    List<String> requests = letters(200);

    String joined = clientStream("BlockingJoin", requests);

    assertThat(joined).isEqualTo(String.join(",", requests));
    assertThat(askedWhenHandled).hasSize(200).allSatisfy(ahead -> assertThat(ahead).isLessThan(2));
  }

  @Test
  void blockingRequestStream_collectsEveryRequest() {
    assertThat(clientStream("StreamJoin", List.of("x", "y"))).isEqualTo("x,y");
    assertThat(clientStream("StreamJoin", List.of())).isEmpty();
  }

  @Test
  void forEachRequest_clientCancels_failsWithCancellation() {
    StreamUnaryCall<String, String> call =
        channel.streamUnary("/" + NAME + "/WaitLoop", SERIALIZER, DESERIALIZER).call();
    Await.result(call.write("one"));
    Await.until("the server asked for the second request", () -> requested.get() == 2);

    call.cancel();

    assertThat(Await.result(serverSaw)).isInstanceOf(CancellationException.class);
  }

  @Test
  void blockingRequestIterator_clientCancels_throwsCancellation() {
    StreamUnaryCall<String, String> call =
        channel.streamUnary("/" + NAME + "/WaitBlocking", SERIALIZER, DESERIALIZER).call();
    Await.until("the server waits for a request", () -> requested.get() == 1);

    call.cancel();

    assertThat(Await.result(serverSaw)).isInstanceOf(CancellationException.class);
  }

  @Test
  void blockingRequestIterator_handlerInterrupted_throwsCancellationAndKeepsTheFlag() {
    StreamUnaryCall<String, String> call =
        channel.streamUnary("/" + NAME + "/Interrupted", SERIALIZER, DESERIALIZER).call();
    Thread handler = Await.result(handlerThread);
    Await.until("the handler waits", () -> handler.getState() == Thread.State.WAITING);

    handler.interrupt();

    assertThat(Await.result(call.response())).isEqualTo("done");
    assertThat(serverSaw.join()).isInstanceOf(CancellationException.class);
    assertThat(interruptFlag.get()).isTrue();
  }
}
