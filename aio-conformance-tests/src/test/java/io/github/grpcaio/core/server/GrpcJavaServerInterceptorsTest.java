package io.github.grpcaio.core.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.CallOptions;
import io.github.grpcaio.Channel;
import io.github.grpcaio.ChannelOptions;
import io.github.grpcaio.RpcMethodHandler;
import io.github.grpcaio.Server;
import io.github.grpcaio.ServerInterceptor;
import io.github.grpcaio.ServerOptions;
import io.github.grpcaio.core.GrpcAio;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.Transport;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * grpc-java server interceptors given in {@code ServerOptions.grpcInterceptors}: on every port,
 * outermost and in list order, they see every RPC of the four kinds, aio and hosted; the aio
 * interceptors run after them, for aio handlers only; none of them runs on a transport thread.
 */
@ParameterizedClass
@EnumSource(Transport.class)
class GrpcJavaServerInterceptorsTest {

  private final Transport transport;

  /** What each interceptor saw, in order: "name method". */
  private final List<String> seen = new CopyOnWriteArrayList<>();

  /** The threads grpc-java interceptors ran on. */
  private final List<Thread> threads = new CopyOnWriteArrayList<>();

  private Server server;
  private Channel channel;

  GrpcJavaServerInterceptorsTest(Transport transport) {
    this.transport = transport;
  }

  private io.grpc.ServerInterceptor recording(String name) {
    return new io.grpc.ServerInterceptor() {
      @Override
      public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
          ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
        seen.add(name + " /" + call.getMethodDescriptor().getFullMethodName());
        threads.add(Thread.currentThread());
        return next.startCall(call, headers);
      }
    };
  }

  @BeforeEach
  void serve() {
    ServerInterceptor aio =
        (continuation, details) -> {
          seen.add("aio " + details.method());
          return continuation.apply(details);
        };
    ServerOptions options =
        ServerOptions.builder()
            .grpcInterceptors(List.of(recording("first"), recording("second")))
            .interceptors(List.of(aio))
            .build();
    server = GrpcAio.server(options);
    Map<String, RpcMethodHandler<?, ?>> aioMethods = new java.util.HashMap<>();
    for (Kind kind : Kind.values()) {
      aioMethods.put(
          kind.methodName, kind.handler(ctx -> CompletableFuture.completedFuture("aio")));
    }
    server.addGenericRpcHandlers(Kind.serviceOf(aioMethods));
    server.addService(HostedEcho.definition());
    String target = transport.bind(server);
    server.start();
    channel = transport.open(target, ChannelOptions.DEFAULT);
  }

  @AfterEach
  void close() {
    Await.result(channel.closeAsync(Duration.ZERO));
    Await.result(server.stop(null));
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aioRpc_grpcJavaInterceptorsInListOrder_thenTheAioInterceptor(Kind kind) {
    Kind.Rpc rpc = kind.invoke(channel, CallOptions.DEFAULT);

    assertThat(Await.result(rpc.responses())).containsExactly("aio");
    assertThat(seen)
        .containsExactly(
            "first " + kind.method(), "second " + kind.method(), "aio " + kind.method());
    assertNotOnATransportThread();
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void hostedRpc_grpcJavaInterceptorsInListOrder_notTheAioInterceptor(Kind kind) {
    Kind.Rpc rpc = kind.invoke(channel, HostedEcho.method(kind), "request", CallOptions.DEFAULT);

    assertThat(Await.result(rpc.responses())).containsExactly("hosted:request");
    assertThat(seen)
        .containsExactly("first " + HostedEcho.method(kind), "second " + HostedEcho.method(kind));
    assertNotOnATransportThread();
  }

  private void assertNotOnATransportThread() {
    assertThat(threads).hasSize(2);
    for (Thread thread : threads) {
      assertThat(thread).isNotInstanceOf(FastThreadLocalThread.class);
      assertThat(thread.getName()).startsWith("grpc-aio-executor-");
    }
  }
}
