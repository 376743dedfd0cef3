package io.github.grpcaio.core.server;

import static io.github.grpcaio.testkit.Utf8.DESERIALIZER;
import static io.github.grpcaio.testkit.Utf8.SERIALIZER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.grpcaio.AioRpcError;
import io.github.grpcaio.CallOptions;
import io.github.grpcaio.Channel;
import io.github.grpcaio.ChannelOptions;
import io.github.grpcaio.Compression;
import io.github.grpcaio.HandlerCallDetails;
import io.github.grpcaio.Metadata;
import io.github.grpcaio.RpcMethodHandler;
import io.github.grpcaio.ServerInterceptor;
import io.github.grpcaio.ServerOptions;
import io.github.grpcaio.ServiceRpcHandler;
import io.github.grpcaio.ServicerContext;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.core.GrpcAio;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.TestPublisher;
import io.github.grpcaio.testkit.TestSubscriber;
import io.github.grpcaio.testkit.Transport;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An aio service exported with {@code GrpcAio.bindService} into a plain grpc-java server keeps its
 * aio semantics: the four kinds, backpressure, abort, deadlines, done callbacks, the options'
 * interceptors, compression and limits, and the host's {@code shutdownNow()} cancels its handlers.
 * Handlers run on the service's executor whatever the host's: the Netty host here has {@code
 * directExecutor()}, the in-process host grpc-java's default executor.
 */
@ParameterizedClass
@EnumSource(Transport.class)
class ExportedServiceTest {

  private static final String THREAD_PREFIX = "exported-service-";

  private final Transport transport;
  private final ExecutorService pool;
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private io.grpc.Server host;
  private String target;

  ExportedServiceTest(Transport transport) {
    this.transport = transport;
    AtomicInteger n = new AtomicInteger();
    this.pool =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, THREAD_PREFIX + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  @AfterEach
  void tearDown() throws Exception {
    try {
      for (AutoCloseable c : closeables) {
        c.close();
      }
      if (host != null) {
        host.shutdownNow();
        assertThat(host.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
      }
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  // ---- fixtures ----

  /** Options whose executor is this test's named pool. */
  private ServerOptions.Builder options() {
    return ServerOptions.builder().executor(pool);
  }

  /** Exports {@code service} into a new grpc-java server of this transport and starts it. */
  private void export(ServiceRpcHandler service, ServerOptions options) throws IOException {
    ServerServiceDefinition definition = GrpcAio.bindService(service, options);
    if (transport == Transport.IN_PROCESS) {
      target = "exported-" + UUID.randomUUID();
      host = InProcessServerBuilder.forName(target).addService(definition).build().start();
    } else {
      host =
          NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
              .directExecutor()
              .addService(definition)
              .build()
              .start();
      target = "127.0.0.1:" + ((InetSocketAddress) host.getListenSockets().get(0)).getPort();
    }
  }

  private void export(Map<String, RpcMethodHandler<?, ?>> methods, ServerOptions options)
      throws IOException {
    export(ServiceRpcHandler.of(Kind.SERVICE, methods), options);
  }

  private Channel aioChannel() {
    Channel channel = transport.open(target, ChannelOptions.DEFAULT);
    closeables.add(channel);
    return channel;
  }

  private ManagedChannel grpcChannel(ClientInterceptor... interceptors) {
    ManagedChannel channel = transport.grpcChannelBuilder(target).intercept(interceptors).build();
    closeables.add(
        () -> {
          channel.shutdownNow();
          assertThat(channel.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        });
    return channel;
  }

  private static io.grpc.CallOptions bounded() {
    return io.grpc.CallOptions.DEFAULT.withDeadlineAfter(
        Await.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Serves {@code kind}'s method with a handler that starts {@code started} and then waits. */
  private Kind.Body waitingOn(
      CompletableFuture<ServicerContext<String, String>> started, CompletableFuture<String> stage) {
    return ctx -> {
      started.complete(ctx);
      return stage;
    };
  }

  // ---- the four kinds, threads ----

  @Test
  void fourKinds_aioAndGrpcJavaClients_servedOnTheServiceExecutor() throws Exception {
    Map<String, RpcMethodHandler<?, ?>> methods = new HashMap<>();
    Map<String, String> threads = new ConcurrentHashMap<>();
    for (Kind kind : Kind.values()) {
      methods.put(
          kind.methodName,
          kind.handler(
              ctx -> {
                threads.put(kind.methodName, Thread.currentThread().getName());
                return CompletableFuture.completedFuture(
                    kind.methodName + " " + ctx.invocationMetadata().get("x-who"));
              }));
    }
    export(methods, options().build());

    Channel channel = aioChannel();
    for (Kind kind : Kind.values()) {
      Kind.Rpc rpc =
          kind.invoke(channel, CallOptions.DEFAULT.withMetadata(Metadata.of("x-who", "aio")));
      assertThat(Await.result(rpc.responses()))
          .as("%s", kind)
          .containsExactly(kind.methodName + " aio");
    }
    ManagedChannel grpc = grpcChannel();
    assertThat(
            ClientCalls.blockingUnaryCall(
                grpc,
                Strings.descriptor(MethodType.UNARY, Kind.UNARY_UNARY.method()),
                bounded(),
                "request"))
        .isEqualTo("UnaryUnary null");
    List<String> streamed = new ArrayList<>();
    ClientCalls.blockingServerStreamingCall(
            grpc,
            Strings.descriptor(MethodType.SERVER_STREAMING, Kind.UNARY_STREAM.method()),
            bounded(),
            "request")
        .forEachRemaining(streamed::add);
    assertThat(streamed).containsExactly("UnaryStream null");
    assertThat(threads).hasSize(4).allSatisfy((m, t) -> assertThat(t).startsWith(THREAD_PREFIX));
  }

  @Test
  void unknownMethodOfTheService_unimplemented() throws Exception {
    export(
        Map.of(Kind.UNARY_UNARY.methodName, Kind.UNARY_UNARY.handler(ctx -> null)),
        options().build());

    AioRpcError error =
        Await.rpcError(
            Kind.UNARY_UNARY
                .invoke(aioChannel(), Kind.fullName("Other"), CallOptions.DEFAULT)
                .responses());

    assertThat(error.code()).isEqualTo(StatusCode.UNIMPLEMENTED);
  }

  // ---- backpressure ----

  @Test
  void requestSubscriber_requestsThree_getsThreeUntilItAsksForMore() throws Exception {
    TestSubscriber<String> subscriber = TestSubscriber.requesting(3);
    export(
        Map.of(
            "Flow",
            RpcMethodHandler.streamUnary(
                (reqs, ctx) -> {
                  reqs.subscribe(subscriber);
                  return subscriber.completion().thenApply(all -> String.valueOf(all.size()));
                },
                DESERIALIZER,
                SERIALIZER)),
        options().build());
    List<String> requests = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      requests.add("m" + i);
    }

    var call =
        aioChannel()
            .streamUnary(Kind.fullName("Flow"), SERIALIZER, DESERIALIZER)
            .call(TestPublisher.of(requests));

    Await.until("three requests arrived", () -> subscriber.values().size() == 3);
    Await.staysAt("requests delivered", () -> subscriber.values().size(), 3);
    subscriber.request(Long.MAX_VALUE);
    assertThat(Await.result(call.response())).isEqualTo("50");
  }

  @Test
  void responsePublisher_clientTakesOne_publisherPulledOnlyWhileTransportIsReady()
      throws Exception {
    String large = Strings.ofLength(64 * 1024);
    EndlessPublisher endless = new EndlessPublisher(large);
    export(
        Map.of(
            "Flow", RpcMethodHandler.unaryStream((req, ctx) -> endless, DESERIALIZER, SERIALIZER)),
        options().build());
    var call = aioChannel().unaryStream(Kind.fullName("Flow"), SERIALIZER, DESERIALIZER).call("go");
    TestSubscriber<String> client = TestSubscriber.requesting(1);

    call.subscribe(client);

    Await.until("one response arrived", () -> client.values().size() == 1);
    assertThat(Await.settled("items pulled", endless.pulled::get)).isLessThan(64);
    call.cancel();
    Await.latch(endless.cancelled);
    assertThat(Await.result(call.code())).isEqualTo(StatusCode.CANCELLED);
  }

  // ---- abort, deadline, done callbacks, host shutdown ----

  @Test
  void abort_withTrailers_bothClientsSeeCodeDetailsAndTrailers() throws Exception {
    export(
        Map.of(
            Kind.UNARY_UNARY.methodName,
            Kind.UNARY_UNARY.handler(
                ctx -> {
                  throw ctx.abort(
                      StatusCode.FAILED_PRECONDITION, "not now", Metadata.of("x-why", "because"));
                })),
        options().build());

    AioRpcError error =
        Await.rpcError(Kind.UNARY_UNARY.invoke(aioChannel(), CallOptions.DEFAULT).responses());
    assertThat(error.code()).isEqualTo(StatusCode.FAILED_PRECONDITION);
    assertThat(error.details()).isEqualTo("not now");
    assertThat(error.trailingMetadata().get("x-why")).isEqualTo("because");

    assertThatThrownBy(
            () ->
                ClientCalls.blockingUnaryCall(
                    grpcChannel(),
                    Strings.descriptor(MethodType.UNARY, Kind.UNARY_UNARY.method()),
                    bounded(),
                    "request"))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
              assertThat(e.getStatus().getDescription()).isEqualTo("not now");
              assertThat(
                      e.getTrailers()
                          .get(
                              io.grpc.Metadata.Key.of(
                                  "x-why", io.grpc.Metadata.ASCII_STRING_MARSHALLER)))
                  .isEqualTo("because");
            });
  }

  @Test
  void deadline_passesWhileHandlerWaits_handlerCancelledAndDoneCallbacksRun() throws Exception {
    CompletableFuture<ServicerContext<String, String>> started = new CompletableFuture<>();
    CompletableFuture<String> never = new CompletableFuture<>();
    CountDownLatch doneCallback = new CountDownLatch(1);
    export(
        Map.of(Kind.UNARY_UNARY.methodName, Kind.UNARY_UNARY.handler(waitingOn(started, never))),
        options().build());

    Kind.Rpc rpc =
        Kind.UNARY_UNARY.invoke(
            aioChannel(), CallOptions.DEFAULT.withTimeout(Duration.ofMillis(500)));
    ServicerContext<String, String> ctx = Await.result(started);
    assertThat(ctx.timeRemaining())
        .hasValueSatisfying(
            d -> assertThat(d).isPositive().isLessThanOrEqualTo(Duration.ofMillis(500)));
    ctx.addDoneCallback(c -> doneCallback.countDown());

    assertThat(Await.rpcError(rpc.responses()).code()).isEqualTo(StatusCode.DEADLINE_EXCEEDED);
    assertThat(Await.failure(never)).isInstanceOf(CancellationException.class);
    Await.latch(doneCallback);
    assertThat(ctx.cancelled()).isTrue();
  }

  @Test
  void doneCallback_ofAnRpcThatSucceeds_runsOnTheServiceExecutorOnceItIsDone() throws Exception {
    CompletableFuture<String> callbackThread = new CompletableFuture<>();
    export(
        Map.of(
            Kind.UNARY_UNARY.methodName,
            Kind.UNARY_UNARY.handler(
                ctx -> {
                  ctx.addDoneCallback(
                      c ->
                          callbackThread.complete(
                              (c.done() && !c.cancelled() ? "done on " : "not done on ")
                                  + Thread.currentThread().getName()));
                  return CompletableFuture.completedFuture("ok");
                })),
        options().build());

    assertThat(Await.result(Kind.UNARY_UNARY.invoke(aioChannel(), CallOptions.DEFAULT).responses()))
        .containsExactly("ok");
    assertThat(Await.result(callbackThread)).startsWith("done on " + THREAD_PREFIX);
  }

  @Test
  void hostShutdownNow_cancelsTheStreamingHandler_doneCallbacksRun() throws Exception {
    CompletableFuture<ServicerContext<String, String>> started = new CompletableFuture<>();
    CompletableFuture<CompletableFuture<Void>> returned = new CompletableFuture<>();
    CountDownLatch doneCallback = new CountDownLatch(1);
    export(
        Map.of(
            "Watch",
            RpcMethodHandler.unaryStreamWriter(
                (req, ctx) -> {
                  ctx.addDoneCallback(c -> doneCallback.countDown());
                  CompletableFuture<Void> stage =
                      ctx.write("first")
                          .thenCompose(
                              v -> {
                                started.complete(ctx);
                                return new CompletableFuture<Void>();
                              });
                  returned.complete(stage);
                  return stage;
                },
                DESERIALIZER,
                SERIALIZER)),
        options().build());
    var call =
        aioChannel().unaryStream(Kind.fullName("Watch"), SERIALIZER, DESERIALIZER).call("go");
    TestSubscriber<String> client = TestSubscriber.unbounded();
    call.subscribe(client);
    Await.until("the first response arrived", () -> client.values().size() == 1);
    ServicerContext<String, String> ctx = Await.result(started);

    host.shutdownNow();

    Await.latch(doneCallback, "the done callback");
    assertThat(ctx.cancelled()).isTrue();
    assertThat(Await.failure(Await.result(returned))).isInstanceOf(CancellationException.class);
    assertThat(Await.result(call.code())).isIn(StatusCode.UNAVAILABLE, StatusCode.CANCELLED);
  }

  // ---- options ----

  @Test
  void maximumConcurrentRpcs_oneHeld_nextRefusedThenServedOnceItEnds() throws Exception {
    CompletableFuture<ServicerContext<String, String>> started = new CompletableFuture<>();
    CompletableFuture<String> gate = new CompletableFuture<>();
    AtomicInteger calls = new AtomicInteger();
    export(
        Map.of(
            Kind.UNARY_UNARY.methodName,
            Kind.UNARY_UNARY.handler(
                ctx ->
                    calls.incrementAndGet() == 1
                        ? waitingOn(started, gate).run(ctx)
                        : CompletableFuture.completedFuture("served"))),
        options().maximumConcurrentRpcs(1).build());
    Channel channel = aioChannel();
    Kind.Rpc held = Kind.UNARY_UNARY.invoke(channel, CallOptions.DEFAULT);
    Await.result(started);

    AioRpcError refused =
        Await.rpcError(Kind.UNARY_UNARY.invoke(channel, CallOptions.DEFAULT).responses());
    assertThat(refused.code()).isEqualTo(StatusCode.RESOURCE_EXHAUSTED);
    assertThat(refused.details()).isEqualTo("Concurrent RPC limit exceeded!");

    gate.complete("held");
    assertThat(Await.result(held.responses())).containsExactly("held");
    assertThat(Await.result(Kind.UNARY_UNARY.invoke(channel, CallOptions.DEFAULT).responses()))
        .containsExactly("served");
  }

  @Test
  void interceptors_ofTheOptions_runAroundTheLookupInOrder() throws Exception {
    LinkedBlockingQueue<String> seen = new LinkedBlockingQueue<>();
    ServerInterceptor first = recording("first", seen);
    ServerInterceptor second = recording("second", seen);
    export(
        Map.of(
            Kind.UNARY_UNARY.methodName,
            Kind.UNARY_UNARY.handler(ctx -> CompletableFuture.completedFuture("ok"))),
        options().interceptors(List.of(first, second)).build());

    assertThat(Await.result(Kind.UNARY_UNARY.invoke(aioChannel(), CallOptions.DEFAULT).responses()))
        .containsExactly("ok");
    assertThat(List.of(Await.next(seen, "first"), Await.next(seen, "second")))
        .containsExactly(
            "first " + Kind.UNARY_UNARY.method() + " on " + THREAD_PREFIX,
            "second " + Kind.UNARY_UNARY.method() + " on " + THREAD_PREFIX);
  }

  private static ServerInterceptor recording(String name, LinkedBlockingQueue<String> seen) {
    return (continuation, details) -> {
      String thread = Thread.currentThread().getName();
      seen.add(
          name
              + " "
              + details.method()
              + " on "
              + (thread.startsWith(THREAD_PREFIX) ? THREAD_PREFIX : thread));
      return continuation.apply(details);
    };
  }

  @Test
  void defaultCompression_gzip_responsesGoOutGzipped() throws Exception {
    LinkedBlockingQueue<String> encodings = new LinkedBlockingQueue<>();
    export(
        Map.of(
            Kind.UNARY_UNARY.methodName,
            Kind.UNARY_UNARY.handler(ctx -> CompletableFuture.completedFuture("ok"))),
        options().compression(Compression.GZIP).build());
    ManagedChannel grpc = grpcChannel(new EncodingRecorder(encodings));

    assertThat(
            ClientCalls.blockingUnaryCall(
                grpc,
                Strings.descriptor(MethodType.UNARY, Kind.UNARY_UNARY.method()),
                bounded(),
                "request"))
        .isEqualTo("ok");
    assertThat(Await.next(encodings, "the response's grpc-encoding")).isEqualTo("gzip");
  }

  @Test
  void setCompression_deflate_refusedAsGrpcJavaCannotSendIt() throws Exception {
    export(
        Map.of(
            Kind.UNARY_UNARY.methodName,
            Kind.UNARY_UNARY.handler(
                ctx -> {
                  try {
                    ctx.setCompression(Compression.DEFLATE);
                    return CompletableFuture.completedFuture("accepted");
                  } catch (IllegalArgumentException e) {
                    ctx.setCompression(Compression.GZIP);
                    return CompletableFuture.completedFuture("refused: " + e.getMessage());
                  }
                })),
        options().build());

    assertThat(Await.result(Kind.UNARY_UNARY.invoke(aioChannel(), CallOptions.DEFAULT).responses()))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .startsWith("refused: Compression DEFLATE is not available");
  }

  @Test
  void messageLimits_ofTheOptions_refuseLargerMessages() throws Exception {
    int limit = 16;
    export(
        Map.of(
            Kind.UNARY_UNARY.methodName,
            Kind.UNARY_UNARY.handler(
                ctx -> CompletableFuture.completedFuture(Strings.ofLength(limit + 1)))),
        options().maxSendMessageLength(limit).maxReceiveMessageLength(limit).build());
    Channel channel = aioChannel();

    AioRpcError tooLargeRequest =
        Await.rpcError(
            Kind.UNARY_UNARY
                .invoke(
                    channel,
                    Kind.UNARY_UNARY.method(),
                    Strings.ofLength(limit + 1),
                    CallOptions.DEFAULT)
                .responses());
    AioRpcError tooLargeResponse =
        Await.rpcError(Kind.UNARY_UNARY.invoke(channel, CallOptions.DEFAULT).responses());

    assertThat(tooLargeRequest.code()).isEqualTo(StatusCode.RESOURCE_EXHAUSTED);
    assertThat(tooLargeResponse.code()).isEqualTo(StatusCode.RESOURCE_EXHAUSTED);
  }

  // ---- the definition and what bindService refuses ----

  @Test
  void definition_keepsTheServiceDescriptorAndItsSchema() {
    Object schema = new Object();
    ServiceDescriptor descriptor =
        ServiceDescriptor.newBuilder(Kind.SERVICE)
            .setSchemaDescriptor(schema)
            .addMethod(Strings.descriptor(MethodType.UNARY, Kind.UNARY_UNARY.method()))
            .addMethod(Strings.descriptor(MethodType.BIDI_STREAMING, Kind.STREAM_STREAM.method()))
            .build();
    ServiceRpcHandler service =
        ServiceRpcHandler.of(
            descriptor, Map.of(Kind.UNARY_UNARY.methodName, Kind.UNARY_UNARY.handler(ctx -> null)));

    ServerServiceDefinition definition = GrpcAio.bindService(service);

    assertThat(definition.getServiceDescriptor().getName()).isEqualTo(Kind.SERVICE);
    assertThat(definition.getServiceDescriptor().getSchemaDescriptor()).isSameAs(schema);
    assertThat(methodTypes(definition))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "test.Server/UnaryUnary", MethodType.UNARY,
                "test.Server/StreamStream", MethodType.BIDI_STREAMING));
  }

  @Test
  void definition_withoutDescriptor_madeFromTheMethodHandlers() {
    Map<String, RpcMethodHandler<?, ?>> methods = new HashMap<>();
    for (Kind kind : Kind.values()) {
      methods.put(kind.methodName, kind.handler(ctx -> null));
    }

    ServerServiceDefinition definition =
        GrpcAio.bindService(ServiceRpcHandler.of(Kind.SERVICE, methods));

    assertThat(definition.getServiceDescriptor().getSchemaDescriptor()).isNull();
    assertThat(methodTypes(definition))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "test.Server/UnaryUnary", MethodType.UNARY,
                "test.Server/UnaryStream", MethodType.SERVER_STREAMING,
                "test.Server/StreamUnary", MethodType.CLIENT_STREAMING,
                "test.Server/StreamStream", MethodType.BIDI_STREAMING));
  }

  /** The definition's methods and their types, by full name. */
  private static Map<String, MethodType> methodTypes(ServerServiceDefinition definition) {
    Map<String, MethodType> types = new HashMap<>();
    for (var m : definition.getMethods()) {
      types.put(m.getMethodDescriptor().getFullMethodName(), m.getMethodDescriptor().getType());
    }
    return types;
  }

  @Test
  void bindService_handlerWithoutMethodHandlers_refused() {
    ServiceRpcHandler opaque =
        new ServiceRpcHandler() {
          @Override
          public String serviceName() {
            return "x.Opaque";
          }

          @Override
          public RpcMethodHandler<?, ?> service(HandlerCallDetails details) {
            return null;
          }
        };

    assertThatThrownBy(() -> GrpcAio.bindService(opaque))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("x.Opaque")
        .hasMessageContaining("methodHandlers()");
  }

  @Test
  void bindService_optionsOfPorts_refusedNamingThem() {
    ServiceRpcHandler service =
        ServiceRpcHandler.of(
            Kind.SERVICE,
            Map.of(Kind.UNARY_UNARY.methodName, Kind.UNARY_UNARY.handler(ctx -> null)));
    ServerOptions ports =
        ServerOptions.builder()
            .maxConcurrentStreams(10)
            .keepalive(Duration.ofMinutes(1), Duration.ofSeconds(20))
            .grpcInterceptors(
                List.<io.grpc.ServerInterceptor>of(
                    new io.grpc.ServerInterceptor() {
                      @Override
                      public <Q, R> io.grpc.ServerCall.Listener<Q> interceptCall(
                          io.grpc.ServerCall<Q, R> call,
                          io.grpc.Metadata headers,
                          io.grpc.ServerCallHandler<Q, R> next) {
                        return next.startCall(call, headers);
                      }
                    }))
            .build();

    assertThatThrownBy(() -> GrpcAio.bindService(service, ports))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("grpcInterceptors")
        .hasMessageContaining("maxConcurrentStreams")
        .hasMessageContaining("keepaliveTime")
        .hasMessageContaining("keepaliveTimeout");
    assertThatThrownBy(
            () ->
                GrpcAio.bindService(
                    service, ServerOptions.builder().compression(Compression.DEFLATE).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("DEFLATE");
  }

  /** Records the {@code grpc-encoding} of each response's headers ("absent" for none). */
  private static final class EncodingRecorder implements ClientInterceptor {
    private static final io.grpc.Metadata.Key<String> ENCODING =
        io.grpc.Metadata.Key.of("grpc-encoding", io.grpc.Metadata.ASCII_STRING_MARSHALLER);
    private final LinkedBlockingQueue<String> encodings;

    EncodingRecorder(LinkedBlockingQueue<String> encodings) {
      this.encodings = encodings;
    }

    @Override
    public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(
        MethodDescriptor<ReqT, RespT> method, io.grpc.CallOptions options, io.grpc.Channel next) {
      return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
        @Override
        public void start(Listener<RespT> listener, io.grpc.Metadata headers) {
          super.start(
              new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
                @Override
                public void onHeaders(io.grpc.Metadata responseHeaders) {
                  String e = responseHeaders.get(ENCODING);
                  encodings.add(e == null ? "absent" : e);
                  super.onHeaders(responseHeaders);
                }
              },
              headers);
        }
      };
    }
  }
}
