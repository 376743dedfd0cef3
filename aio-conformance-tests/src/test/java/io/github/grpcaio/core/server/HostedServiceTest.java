package io.github.grpcaio.core.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.CallOptions;
import io.github.grpcaio.Channel;
import io.github.grpcaio.ChannelOptions;
import io.github.grpcaio.Server;
import io.github.grpcaio.ServerOptions;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.core.GrpcAio;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.Transport;
import io.grpc.ManagedChannel;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A grpc-java service hosted with {@code Server.addService} next to aio handlers on one server: all
 * four kinds answer aio clients and grpc-java clients, and both clients reach the aio handlers too.
 */
@ParameterizedClass
@EnumSource(Transport.class)
class HostedServiceTest {

  private final Transport transport;
  private Server server;
  private Channel channel;
  private ManagedChannel grpcChannel;

  HostedServiceTest(Transport transport) {
    this.transport = transport;
  }

  @BeforeEach
  void serve() {
    server = GrpcAio.server(ServerOptions.DEFAULT);
    server.addGenericRpcHandlers(
        Kind.serviceOf(
            java.util.Map.of(
                Kind.UNARY_UNARY.methodName,
                Kind.UNARY_UNARY.handler(ctx -> CompletableFuture.completedFuture("aio")))));
    server.addService(HostedEcho.definition());
    String target = transport.bind(server);
    server.start();
    channel = transport.open(target, ChannelOptions.DEFAULT);
    grpcChannel = GrpcJavaChannels.open(transport, target);
  }

  @AfterEach
  void close() throws InterruptedException {
    grpcChannel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    Await.result(channel.closeAsync(Duration.ZERO));
    Await.result(server.stop(null));
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aioClient_everyKind_servedByTheHostedService(Kind kind) {
    Kind.Rpc rpc = kind.invoke(channel, HostedEcho.method(kind), "request", CallOptions.DEFAULT);

    assertThat(Await.result(rpc.responses())).containsExactly("hosted:request");
    assertThat(Await.result(rpc.call().code())).isEqualTo(StatusCode.OK);
  }

  @Test
  void aioClient_aioHandlerOnTheSameServer_stillServed() {
    Kind.Rpc rpc = Kind.UNARY_UNARY.invoke(channel, CallOptions.DEFAULT);

    assertThat(Await.result(rpc.responses())).containsExactly("aio");
  }

  @Test
  void grpcJavaClient_unaryAndServerStreaming_servedByTheHostedService() {
    String unary =
        ClientCalls.blockingUnaryCall(
            grpcChannel,
            HostedEcho.descriptor(Kind.UNARY_UNARY),
            io.grpc.CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS),
            "a");
    List<String> streamed = new CopyOnWriteArrayList<>();
    ClientCalls.blockingServerStreamingCall(
            grpcChannel,
            HostedEcho.descriptor(Kind.UNARY_STREAM),
            io.grpc.CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS),
            "b")
        .forEachRemaining(streamed::add);

    assertThat(unary).isEqualTo("hosted:a");
    assertThat(streamed).containsExactly("hosted:b");
  }

  @Test
  void grpcJavaClient_clientStreamingAndBidi_servedByTheHostedService() {
    assertThat(streamTwo(Kind.STREAM_UNARY)).containsExactly("hosted:a,b");
    assertThat(streamTwo(Kind.STREAM_STREAM)).containsExactly("hosted:a", "hosted:b");
  }

  private List<String> streamTwo(Kind kind) {
    CollectingObserver<String> responses = new CollectingObserver<>();
    StreamObserver<String> requests =
        ClientCalls.asyncBidiStreamingCall(
            grpcChannel.newCall(
                HostedEcho.descriptor(kind),
                io.grpc.CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS)),
            responses);
    requests.onNext("a");
    requests.onNext("b");
    requests.onCompleted();
    return Await.result(responses.done());
  }

  @Test
  void grpcJavaClient_aioHandler_served() {
    String response =
        ClientCalls.blockingUnaryCall(
            grpcChannel,
            Strings.descriptor(
                io.grpc.MethodDescriptor.MethodType.UNARY, Kind.UNARY_UNARY.method()),
            io.grpc.CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS),
            "a");

    assertThat(response).isEqualTo("aio");
  }

  @Test
  void unknownMethodOfTheHostedService_unimplemented() {
    Kind.Rpc rpc =
        Kind.UNARY_UNARY.invoke(
            channel, "/" + HostedEcho.SERVICE + "/Missing", CallOptions.DEFAULT);

    assertThat(Await.rpcError(rpc.responses()).code()).isEqualTo(StatusCode.UNIMPLEMENTED);
  }
}
