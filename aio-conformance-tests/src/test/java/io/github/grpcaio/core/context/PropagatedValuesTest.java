package io.github.grpcaio.core.context;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.Call;
import io.github.grpcaio.Channel;
import io.github.grpcaio.ChannelOptions;
import io.github.grpcaio.ClientCallDetails;
import io.github.grpcaio.ContextPropagator;
import io.github.grpcaio.HandlerCallDetails;
import io.github.grpcaio.Publishers;
import io.github.grpcaio.RpcMethodHandler;
import io.github.grpcaio.ServerInterceptor;
import io.github.grpcaio.ServiceRpcHandler;
import io.github.grpcaio.StreamStreamCall;
import io.github.grpcaio.StreamStreamClientInterceptor;
import io.github.grpcaio.StreamUnaryCall;
import io.github.grpcaio.StreamUnaryClientInterceptor;
import io.github.grpcaio.UnaryStreamCall;
import io.github.grpcaio.UnaryStreamClientInterceptor;
import io.github.grpcaio.UnaryUnaryCall;
import io.github.grpcaio.UnaryUnaryClientInterceptor;
import io.github.grpcaio.testkit.AioTestServer;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.TestSubscriber;
import io.github.grpcaio.testkit.Transport;
import io.github.grpcaio.testkit.Utf8;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A thread-bound value (here a {@link ThreadLocal}, as an MDC is) set by the code that makes a call
 * is seen, through a {@link ContextPropagator}, wherever the library runs code for that call; on
 * the server, a value an interceptor sets is seen by the handler, the stages it chains and its done
 * callbacks; and afterwards the pooled threads that ran them hold nothing. A propagator that throws
 * costs its value, never the call.
 */
@Timeout(30)
@ParameterizedClass
@EnumSource(Transport.class)
class PropagatedValuesTest {

  private static final Duration BOUND = Duration.ofSeconds(10);
  private static final ThreadLocal<String> LOCAL = new ThreadLocal<>();
  private static final ContextPropagator<String> PROPAGATOR = ContextPropagator.threadLocal(LOCAL);

  private final Transport transport;
  private final Queue<String> seen = new ConcurrentLinkedQueue<>();
  // One thread each, so that "the value is gone afterwards" is checked on the very thread that
  // ran the callbacks.
  private final ExecutorService clientPool = Executors.newSingleThreadExecutor();
  private final ExecutorService serverPool = Executors.newSingleThreadExecutor();
  private final CountDownLatch serverDone = new CountDownLatch(1);
  private AioTestServer server;

  PropagatedValuesTest(Transport transport) {
    this.transport = transport;
  }

  @AfterEach
  void tearDown() {
    if (server != null) {
      server.close();
    }
    clientPool.shutdownNow();
    serverPool.shutdownNow();
    LOCAL.remove();
  }

  /** Echo (unary), Repeat (3 responses), Count (client stream), Chat (bidi). */
  private ServiceRpcHandler service() {
    return ServiceRpcHandler.of(
        "context.Test",
        Map.of(
            "Echo",
            RpcMethodHandler.<String, String>unaryUnary(
                (request, context) -> CompletableFuture.completedFuture(request),
                Utf8.DESERIALIZER,
                Utf8.SERIALIZER),
            "Repeat",
            RpcMethodHandler.<String, String>unaryStream(
                (request, context) -> Publishers.fromIterable(List.of(request, request, request)),
                Utf8.DESERIALIZER,
                Utf8.SERIALIZER),
            "Count",
            RpcMethodHandler.<String, String>streamUnary(
                (requests, context) ->
                    context.read().thenCompose(r -> context.read()).thenApply(end -> "counted"),
                Utf8.DESERIALIZER,
                Utf8.SERIALIZER),
            "Chat",
            RpcMethodHandler.<String, String>streamStream(
                (requests, context) -> requests, Utf8.DESERIALIZER, Utf8.SERIALIZER)));
  }

  private Channel channel(List<? extends Object> interceptors) {
    @SuppressWarnings("unchecked")
    List<io.github.grpcaio.ClientInterceptor> list =
        (List<io.github.grpcaio.ClientInterceptor>) (List<?>) interceptors;
    return server.channel(
        ChannelOptions.builder()
            .executor(clientPool)
            .contextPropagators(List.of(PROPAGATOR))
            .interceptors(list)
            .build());
  }

  private void see(String where) {
    seen.add(where + "=" + LOCAL.get());
  }

  @Test
  void callersValue_reachesEveryInterceptorKind_callbacksAndDependents_thenLeavesTheThread()
      throws Exception {
    server = AioTestServer.builder().transport(transport).addService(service()).start();
    Channel channel = channel(List.of(new Recording()));

    LOCAL.set("caller");
    UnaryUnaryCall<String> unary =
        channel.unaryUnary("/context.Test/Echo", Utf8.SERIALIZER, Utf8.DESERIALIZER).call("a");
    CompletableFuture<String> dependent =
        unary.response().toCompletableFuture().thenApply(r -> r + ":" + LOCAL.get());
    CountDownLatch done = new CountDownLatch(2);
    unary.addDoneCallback(
        (Call c) -> {
          see("unary done");
          done.countDown();
        });
    UnaryStreamCall<String> stream =
        channel.unaryStream("/context.Test/Repeat", Utf8.SERIALIZER, Utf8.DESERIALIZER).call("b");
    CompletableFuture<Void> streamed = new CompletableFuture<>();
    Flow.Subscriber<String> items =
        new Flow.Subscriber<>() {
          @Override
          public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
          }

          @Override
          public void onNext(String item) {
            see("onNext");
          }

          @Override
          public void onError(Throwable error) {
            streamed.completeExceptionally(error);
          }

          @Override
          public void onComplete() {
            see("onComplete");
            streamed.complete(null);
          }
        };
    stream.subscribe(items);
    StreamUnaryCall<String, String> count =
        channel
            .streamUnary("/context.Test/Count", Utf8.SERIALIZER, Utf8.DESERIALIZER)
            .call(Publishers.fromIterable(List.of("c")));
    StreamStreamCall<String, String> chat =
        channel
            .streamStream("/context.Test/Chat", Utf8.SERIALIZER, Utf8.DESERIALIZER)
            .call(Publishers.fromIterable(List.of("d")));
    chat.addDoneCallback(
        (Call c) -> {
          see("chat done");
          done.countDown();
        });
    LOCAL.remove(); // the test thread's own value goes: what follows must come from the capture

    assertThat(Await.result(dependent, BOUND)).isEqualTo("a:caller");
    Await.result(streamed, BOUND);
    assertThat(Await.result(count.response(), BOUND)).isEqualTo("counted");
    TestSubscriber<String> chatItems = TestSubscriber.<String>unbounded().withTimeout(BOUND);
    chat.subscribe(chatItems);
    chatItems.awaitCompletion();
    assertThat(done.await(BOUND.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

    assertThat(seen)
        .contains(
            "unaryUnary interceptor=caller",
            "unaryStream interceptor=caller",
            "streamUnary interceptor=caller",
            "streamStream interceptor=caller",
            "unary done=caller",
            "onNext=caller",
            "onComplete=caller",
            "chat done=caller")
        .allMatch(s -> s.endsWith("=caller"));
    assertThat(clientPool.submit(LOCAL::get).get(BOUND.toSeconds(), TimeUnit.SECONDS)).isNull();
  }

  @Test
  void startValue_reachesInterceptors_interceptorsValue_reachesHandlerStagesAndDoneCallbacks()
      throws Exception {
    ServerInterceptor setsValue =
        new ServerInterceptor() {
          @Override
          public CompletionStage<RpcMethodHandler<?, ?>> interceptService(
              Function<HandlerCallDetails, CompletionStage<RpcMethodHandler<?, ?>>> continuation,
              HandlerCallDetails details) {
            see("server interceptor before");
            LOCAL.set("rpc-" + details.invocationMetadata().get("id"));
            return continuation.apply(details);
          }
        };
    ServiceRpcHandler chained =
        ServiceRpcHandler.of(
            "context.Chained",
            Map.of(
                "Read",
                RpcMethodHandler.<String, String>streamUnary(
                    (requests, context) -> {
                      see("handler");
                      context.addDoneCallback(
                          c -> {
                            see("server done");
                            serverDone.countDown();
                          });
                      // A stage chained on the library's future: runs when the request arrives,
                      // on a server thread, after the handler returned.
                      return context
                          .read()
                          .thenApply(
                              request -> {
                                see("chained stage");
                                return request.orElse("") + ":" + LOCAL.get();
                              });
                    },
                    Utf8.DESERIALIZER,
                    Utf8.SERIALIZER)));
    server =
        AioTestServer.builder()
            .transport(transport)
            .addService(chained)
            .addInterceptor(setsValue)
            .serverOptions(
                o ->
                    o.executor(serverPool)
                        .contextPropagators(List.of(PROPAGATOR))
                        .grpcInterceptors(List.of(new SetsValueAroundStartCall())))
            .start();

    StreamUnaryCall<String, String> call =
        server
            .channel()
            .streamUnary("/context.Chained/Read", Utf8.SERIALIZER, Utf8.DESERIALIZER)
            .call(
                Publishers.fromIterable(List.of("x")),
                io.github.grpcaio.CallOptions.DEFAULT.withMetadata(
                    io.github.grpcaio.Metadata.of("id", "7")));

    assertThat(Await.result(call.response(), BOUND)).isEqualTo("x:rpc-7");
    assertThat(serverDone.await(BOUND.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    assertThat(seen)
        .containsExactly(
            "server interceptor before=at-start",
            "handler=rpc-7",
            "chained stage=rpc-7",
            "server done=rpc-7");
    assertThat(serverPool.submit(LOCAL::get).get(BOUND.toSeconds(), TimeUnit.SECONDS)).isNull();
  }

  @Test
  void propagatorThatThrows_costsItsValue_notTheCall_andLeavesNothingBehind() throws Exception {
    server = AioTestServer.builder().transport(transport).addService(service()).start();
    ContextPropagator<String> broken =
        new ContextPropagator<>() {
          @Override
          public String capture() {
            if ("capture".equals(LOCAL.get())) {
              throw new IllegalStateException("capture failed");
            }
            return LOCAL.get();
          }

          @Override
          public Scope attach(String value) {
            if ("attach".equals(value)) {
              throw new IllegalStateException("attach failed");
            }
            String previous = LOCAL.get();
            LOCAL.set(value);
            return () -> {
              LOCAL.set(previous);
              if ("restore".equals(value)) {
                throw new IllegalStateException("restore failed");
              }
            };
          }
        };
    Channel channel =
        server.channel(
            ChannelOptions.builder()
                .executor(clientPool)
                .contextPropagators(List.of(broken))
                .build());

    for (String failing : List.of("capture", "attach", "restore")) {
      LOCAL.set(failing);
      UnaryUnaryCall<String> call =
          channel
              .unaryUnary("/context.Test/Echo", Utf8.SERIALIZER, Utf8.DESERIALIZER)
              .call(failing);
      LOCAL.remove();
      assertThat(Await.result(call.response(), BOUND)).isEqualTo(failing);
      Await.result(call.code(), BOUND);
      // What failed to restore was put back before the failure: the thread holds its own value.
      assertThat(clientPool.submit(LOCAL::get).get(BOUND.toSeconds(), TimeUnit.SECONDS))
          .as("after a %s failure", failing)
          .isNull();
    }
  }

  /**
   * A grpc-java interceptor that makes a value current where the RPC starts, as grpc-java's
   * OpenTelemetry interceptor does with the server span: the aio interceptors must see it.
   */
  private static final class SetsValueAroundStartCall implements io.grpc.ServerInterceptor {
    @Override
    public <Req, Resp> io.grpc.ServerCall.Listener<Req> interceptCall(
        io.grpc.ServerCall<Req, Resp> call,
        io.grpc.Metadata headers,
        io.grpc.ServerCallHandler<Req, Resp> next) {
      String previous = LOCAL.get();
      LOCAL.set("at-start");
      try {
        return next.startCall(call, headers);
      } finally {
        LOCAL.set(previous);
      }
    }
  }

  /** Records the caller's value in each kind of client interceptor. */
  private final class Recording
      implements UnaryUnaryClientInterceptor,
          UnaryStreamClientInterceptor,
          StreamUnaryClientInterceptor,
          StreamStreamClientInterceptor {

    @Override
    public <Req, Resp> CompletionStage<UnaryUnaryCall<Resp>> interceptUnaryUnary(
        UnaryUnaryClientInterceptor.Continuation<Req, Resp> continuation,
        ClientCallDetails details,
        Req request) {
      see("unaryUnary interceptor");
      return continuation.invoke(details, request);
    }

    @Override
    public <Req, Resp> CompletionStage<UnaryStreamCall<Resp>> interceptUnaryStream(
        UnaryStreamClientInterceptor.Continuation<Req, Resp> continuation,
        ClientCallDetails details,
        Req request) {
      see("unaryStream interceptor");
      return continuation.invoke(details, request);
    }

    @Override
    public <Req, Resp> CompletionStage<StreamUnaryCall<Req, Resp>> interceptStreamUnary(
        StreamUnaryClientInterceptor.Continuation<Req, Resp> continuation,
        ClientCallDetails details,
        Flow.Publisher<Req> requests) {
      see("streamUnary interceptor");
      return continuation.invoke(details, requests);
    }

    @Override
    public <Req, Resp> CompletionStage<StreamStreamCall<Req, Resp>> interceptStreamStream(
        StreamStreamClientInterceptor.Continuation<Req, Resp> continuation,
        ClientCallDetails details,
        Flow.Publisher<Req> requests) {
      see("streamStream interceptor");
      return continuation.invoke(details, requests);
    }
  }
}
