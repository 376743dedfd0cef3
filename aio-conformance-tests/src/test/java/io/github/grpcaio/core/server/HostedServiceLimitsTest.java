package io.github.grpcaio.core.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.AioRpcError;
import io.github.grpcaio.CallOptions;
import io.github.grpcaio.Channel;
import io.github.grpcaio.ChannelOptions;
import io.github.grpcaio.Compression;
import io.github.grpcaio.Server;
import io.github.grpcaio.ServerOptions;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.core.GrpcAio;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.TestSubscriber;
import io.github.grpcaio.testkit.Transport;
import io.github.grpcaio.testkit.Utf8;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.Context;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What the aio server promises holds for hosted grpc-java services: one {@code
 * maximumConcurrentRpcs} shared with aio RPCs, {@code stop(grace)} waits for them then cancels them
 * (even while the service writes), the default compression, the message limits, and the service
 * runs on the server's executor in its call's {@code io.grpc.Context}.
 */
@ParameterizedClass
@EnumSource(Transport.class)
class HostedServiceLimitsTest {

  private static final String SERVICE = "test.HostedLimits";
  private static final String HELD = "/" + SERVICE + "/Held";
  private static final String STREAMING = "/" + SERVICE + "/Streaming";
  private static final String PREFIX = "grpc-aio-executor-";

  private final Transport transport;
  private final List<Object> toClose = new ArrayList<>();

  /** The held calls' observers, in arrival order. */
  private final BlockingQueue<ServerCallStreamObserver<String>> held = new LinkedBlockingQueue<>();

  /** Held calls whose cancel handler ran. */
  private final List<String> cancelled = new CopyOnWriteArrayList<>();

  /** What the held method's handler saw: its thread, its deadline. */
  private final AtomicReference<Thread> handlerThread = new AtomicReference<>();

  private final AtomicReference<Boolean> hadDeadline = new AtomicReference<>();

  /** What the streaming service's writer caught (it must catch nothing). */
  private final List<Throwable> writerFailures = new CopyOnWriteArrayList<>();

  private final ExecutorService writers = Executors.newSingleThreadExecutor();

  private Server server;
  private String target;

  HostedServiceLimitsTest(Transport transport) {
    this.transport = transport;
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      Object c = toClose.get(i);
      if (c instanceof Channel ch) {
        Await.result(ch.closeAsync(Duration.ZERO));
      } else if (c instanceof ManagedChannel m) {
        m.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
      }
    }
    if (server != null) {
      Await.result(server.stop(null));
    }
    writers.shutdownNow();
    assertThat(writers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  /** A hosted service: Held keeps its calls open, Streaming writes until cancelled. */
  private ServerServiceDefinition service() {
    return ServerServiceDefinition.builder(SERVICE)
        .addMethod(
            Strings.descriptor(MethodType.UNARY, HELD),
            ServerCalls.asyncUnaryCall(
                (String request, StreamObserver<String> out) -> {
                  handlerThread.set(Thread.currentThread());
                  hadDeadline.set(Context.current().getDeadline() != null);
                  ServerCallStreamObserver<String> call = (ServerCallStreamObserver<String>) out;
                  call.setOnCancelHandler(() -> cancelled.add(request));
                  held.add(call);
                }))
        .addMethod(
            Strings.descriptor(MethodType.SERVER_STREAMING, STREAMING),
            ServerCalls.asyncServerStreamingCall(
                (String request, StreamObserver<String> out) -> {
                  ServerCallStreamObserver<String> call = (ServerCallStreamObserver<String>) out;
                  call.setOnCancelHandler(() -> cancelled.add(request));
                  writers.execute(
                      () -> {
                        // Ignores readiness on purpose: writes as fast as it can, racing stop().
                        try {
                          for (int i = 0; !call.isCancelled() && i < 1_000_000; i++) {
                            call.onNext("n" + i);
                          }
                          call.onCompleted();
                        } catch (Throwable t) {
                          writerFailures.add(t);
                        }
                      });
                }))
        .build();
  }

  private Channel serve(ServerOptions options) {
    server = GrpcAio.server(options);
    server.addService(service());
    server.addGenericRpcHandlers(
        Kind.serviceOf(
            Map.of(
                Kind.UNARY_UNARY.methodName,
                Kind.UNARY_UNARY.handler(ctx -> new CompletableFuture<String>()))));
    target = transport.bind(server);
    server.start();
    Channel channel = transport.open(target, ChannelOptions.DEFAULT);
    toClose.add(channel);
    return channel;
  }

  private Kind.Rpc held(Channel channel, String request) {
    return Kind.UNARY_UNARY.invoke(channel, HELD, request, CallOptions.DEFAULT);
  }

  private ServerCallStreamObserver<String> nextHeld() {
    return Await.next(held, "a held hosted call");
  }

  @Test
  void maximumConcurrentRpcs_sharedByHostedAndAioRpcs() {
    Channel channel = serve(ServerOptions.builder().maximumConcurrentRpcs(1).build());
    Kind.Rpc first = held(channel, "first");
    ServerCallStreamObserver<String> call = nextHeld();

    AioRpcError aio =
        Await.rpcError(Kind.UNARY_UNARY.invoke(channel, CallOptions.DEFAULT).responses());
    AioRpcError hosted = Await.rpcError(held(channel, "second").responses());

    assertThat(aio.code()).isEqualTo(StatusCode.RESOURCE_EXHAUSTED);
    assertThat(hosted.code()).isEqualTo(StatusCode.RESOURCE_EXHAUSTED);
    assertThat(hosted.details()).isEqualTo("Concurrent RPC limit exceeded!");
    call.onNext("done");
    call.onCompleted();
    assertThat(Await.result(first.responses())).containsExactly("done");
    // The place is free once the client has seen the status.
    Kind.Rpc third = held(channel, "third");
    ServerCallStreamObserver<String> again = nextHeld();
    again.onNext("third done");
    again.onCompleted();
    assertThat(Await.result(third.responses())).containsExactly("third done");
  }

  @Test
  void stopWithGrace_hostedCallFinishesWithinIt() {
    Channel channel = serve(ServerOptions.DEFAULT);
    Kind.Rpc rpc = held(channel, "in flight");
    ServerCallStreamObserver<String> call = nextHeld();

    CompletableFuture<Void> stopped = server.stop(Duration.ofSeconds(30));
    Await.staysPending("stop while a hosted call is in flight", stopped);
    call.onNext("finished in grace");
    call.onCompleted();

    assertThat(Await.result(rpc.responses())).containsExactly("finished in grace");
    Await.result(stopped);
    assertThat(cancelled).isEmpty();
  }

  @Test
  void stopWithGrace_hostedCallStillRunningAfterIt_cancelled() {
    Channel channel = serve(ServerOptions.DEFAULT);
    Kind.Rpc rpc = held(channel, "in flight");
    nextHeld();

    Await.result(server.stop(Duration.ofMillis(200)));

    AioRpcError error = Await.rpcError(rpc.responses());
    assertThat(error.code()).isEqualTo(StatusCode.UNAVAILABLE);
    assertThat(error.details()).isEqualTo("Cancelling all calls");
    assertThat(cancelled).containsExactly("in flight");
  }

  @Test
  void stopNow_whileTheHostedServiceWritesInALoop_endsCleanly() {
    Channel channel = serve(ServerOptions.DEFAULT);
    TestSubscriber<String> responses =
        TestSubscriber.<String>unbounded().withTimeout(Await.TIMEOUT);
    channel
        .unaryStream(STREAMING, Utf8.SERIALIZER, Utf8.DESERIALIZER)
        .call("stream", CallOptions.DEFAULT)
        .subscribe(responses);
    responses.awaitCount(10); // the service is writing

    Await.result(server.stop(Duration.ZERO));

    AioRpcError error = (AioRpcError) Await.unwrap(responses.awaitError());
    assertThat(error.code()).isEqualTo(StatusCode.UNAVAILABLE);
    Await.until("the cancel handler ran", () -> cancelled.contains("stream"));
    writers.shutdown();
    Await.until("the writer stopped", writers::isTerminated);
    assertThat(writerFailures).isEmpty();
  }

  @Test
  void defaultCompression_appliesToHostedResponses() {
    serve(ServerOptions.builder().compression(Compression.GZIP).build());
    AtomicReference<String> encoding = new AtomicReference<>();
    ManagedChannel grpc = GrpcJavaChannels.open(transport, target, responseEncoding(encoding));
    toClose.add(grpc);
    CollectingObserver<String> response = new CollectingObserver<>();
    ClientCalls.asyncUnaryCall(
        grpc.newCall(
            Strings.descriptor(MethodType.UNARY, HELD),
            io.grpc.CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS)),
        "compressed",
        response);
    ServerCallStreamObserver<String> call = nextHeld();
    call.onNext("x".repeat(1000));
    call.onCompleted();

    assertThat(Await.result(response.done())).singleElement().asString().hasSize(1000);
    assertThat(encoding.get()).isEqualTo("gzip");
  }

  private static ClientInterceptor responseEncoding(AtomicReference<String> seen) {
    Metadata.Key<String> key = Metadata.Key.of("grpc-encoding", Metadata.ASCII_STRING_MARSHALLER);
    return new ClientInterceptor() {
      @Override
      public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(
          io.grpc.MethodDescriptor<ReqT, RespT> method,
          io.grpc.CallOptions options,
          io.grpc.Channel next) {
        return new ForwardingClientCall.SimpleForwardingClientCall<>(
            next.newCall(method, options)) {
          @Override
          public void start(Listener<RespT> listener, Metadata headers) {
            super.start(
                new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
                  @Override
                  public void onHeaders(Metadata headers) {
                    seen.set(headers.get(key));
                    super.onHeaders(headers);
                  }
                },
                headers);
          }
        };
      }
    };
  }

  @Test
  void maxSendMessageLength_hostedResponseOverIt_resourceExhausted() {
    Channel channel = serve(ServerOptions.builder().maxSendMessageLength(10).build());
    Kind.Rpc rpc = held(channel, "big");
    ServerCallStreamObserver<String> call = nextHeld();

    call.onNext("x".repeat(100));
    call.onCompleted(); // ignored: the library ended the call

    AioRpcError error = Await.rpcError(rpc.responses());
    assertThat(error.code()).isEqualTo(StatusCode.RESOURCE_EXHAUSTED);
    assertThat(error.details()).isEqualTo("Sent message larger than max (100 vs. 10)");
    Await.until("the cancel handler ran", () -> cancelled.contains("big"));
  }

  @Test
  void maxReceiveMessageLength_hostedRequestOverIt_resourceExhausted() {
    Channel channel = serve(ServerOptions.builder().maxReceiveMessageLength(10).build());

    AioRpcError error = Await.rpcError(held(channel, "x".repeat(100)).responses());

    assertThat(error.code()).isEqualTo(StatusCode.RESOURCE_EXHAUSTED);
    assertThat(held).as("the service never saw the request").isEmpty();
  }

  @Test
  void hostedHandler_runsOnTheServersExecutor_inItsCallsContext() {
    Channel channel = serve(ServerOptions.DEFAULT);
    Kind.Rpc rpc =
        Kind.UNARY_UNARY.invoke(
            channel, HELD, "where", CallOptions.DEFAULT.withTimeout(Duration.ofSeconds(30)));
    ServerCallStreamObserver<String> call = nextHeld();
    call.onNext("here");
    call.onCompleted();
    Await.result(rpc.responses());

    Thread thread = handlerThread.get();
    assertThat(thread).isNotInstanceOf(FastThreadLocalThread.class);
    assertThat(thread.getName()).startsWith(PREFIX);
    assertThat(hadDeadline.get()).as("the call's deadline is in its Context").isTrue();
  }
}
