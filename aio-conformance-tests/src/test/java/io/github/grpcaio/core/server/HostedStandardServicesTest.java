package io.github.grpcaio.core.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import com.google.protobuf.InvalidProtocolBufferException;
import io.github.grpcaio.RpcMethodHandler;
import io.github.grpcaio.Server;
import io.github.grpcaio.ServerOptions;
import io.github.grpcaio.ServiceRpcHandler;
import io.github.grpcaio.core.GrpcAio;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.Transport;
import io.grpc.ManagedChannel;
import io.grpc.channelz.v1.ChannelzGrpc;
import io.grpc.channelz.v1.GetServersRequest;
import io.grpc.channelz.v1.GetServersResponse;
import io.grpc.channelz.v1.GetTopChannelsRequest;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.protobuf.services.ChannelzService;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.services.AdminInterface;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * grpc-java's standard services, each added to an aio server with one call, answer grpc-java's own
 * generated clients: health, reflection v1 (which also describes aio services that carry their
 * proto descriptor), channelz, and the admin services.
 */
@ParameterizedClass
@EnumSource(Transport.class)
class HostedStandardServicesTest {

  private final Transport transport;
  private Server server;
  private ManagedChannel channel;

  HostedStandardServicesTest(Transport transport) {
    this.transport = transport;
  }

  @BeforeEach
  void create() {
    server = GrpcAio.server(ServerOptions.DEFAULT);
  }

  @AfterEach
  void close() throws InterruptedException {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }
    Await.result(server.stop(null));
  }

  private void serve() {
    String target = transport.bind(server);
    server.start();
    channel = GrpcJavaChannels.open(transport, target);
  }

  private <S extends io.grpc.stub.AbstractStub<S>> S withDeadline(S stub) {
    return stub.withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  @Test
  void healthStatusManager_answersHealthGrpc() {
    HealthStatusManager health = new HealthStatusManager();
    server.addService(health.getHealthService());
    serve();
    HealthGrpc.HealthBlockingStub stub = withDeadline(HealthGrpc.newBlockingStub(channel));

    HealthCheckResponse serving = stub.check(HealthCheckRequest.getDefaultInstance());
    health.setStatus("", ServingStatus.NOT_SERVING);
    HealthCheckResponse notServing = stub.check(HealthCheckRequest.getDefaultInstance());

    assertThat(serving.getStatus()).isEqualTo(ServingStatus.SERVING);
    assertThat(notServing.getStatus()).isEqualTo(ServingStatus.NOT_SERVING);
  }

  @Test
  void reflectionV1_listsAndDescribesHostedAndAioServices() throws Exception {
    server.addService(ProtoReflectionServiceV1.newInstance());
    server.addService(ChannelzService.newInstance(100));
    // An aio service carrying its proto descriptor: an aio implementation of health's Check.
    RpcMethodHandler<HealthCheckRequest, HealthCheckResponse> check =
        RpcMethodHandler.unaryUnary(
            HealthGrpc.getCheckMethod(),
            (request, context) ->
                CompletableFuture.completedFuture(
                    HealthCheckResponse.newBuilder().setStatus(ServingStatus.SERVING).build()));
    server.addGenericRpcHandlers(
        ServiceRpcHandler.of(HealthGrpc.getServiceDescriptor(), Map.of("Check", check)));
    serve();

    List<String> listed = new ArrayList<>();
    for (ServiceResponse s :
        reflect(ServerReflectionRequest.newBuilder().setListServices("*").build())
            .getListServicesResponse()
            .getServiceList()) {
      listed.add(s.getName());
    }

    assertThat(listed)
        .containsExactlyInAnyOrder(
            "grpc.reflection.v1.ServerReflection",
            "grpc.channelz.v1.Channelz",
            "grpc.health.v1.Health");
    assertThat(methodsOf("grpc.health.v1.Health")).containsExactly("Check", "Watch");
    assertThat(methodsOf("grpc.channelz.v1.Channelz"))
        .containsExactlyInAnyOrderElementsOf(
            ChannelzGrpc.getServiceDescriptor().getMethods().stream()
                .map(io.grpc.MethodDescriptor::getBareMethodName)
                .toList());
    assertThat(
            withDeadline(HealthGrpc.newBlockingStub(channel))
                .check(HealthCheckRequest.getDefaultInstance())
                .getStatus())
        .isEqualTo(ServingStatus.SERVING);
  }

  /** The methods of a service, from the file reflection returns for its symbol. */
  private List<String> methodsOf(String service) throws InvalidProtocolBufferException {
    ServerReflectionResponse response =
        reflect(ServerReflectionRequest.newBuilder().setFileContainingSymbol(service).build());
    String simpleName = service.substring(service.lastIndexOf('.') + 1);
    List<String> methods = new ArrayList<>();
    for (var bytes : response.getFileDescriptorResponse().getFileDescriptorProtoList()) {
      FileDescriptorProto file = FileDescriptorProto.parseFrom(bytes);
      for (ServiceDescriptorProto s : file.getServiceList()) {
        if (s.getName().equals(simpleName)) {
          s.getMethodList().forEach(m -> methods.add(m.getName()));
        }
      }
    }
    return methods;
  }

  private ServerReflectionResponse reflect(ServerReflectionRequest request) {
    CollectingObserver<ServerReflectionResponse> responses = new CollectingObserver<>();
    StreamObserver<ServerReflectionRequest> requests =
        withDeadline(ServerReflectionGrpc.newStub(channel)).serverReflectionInfo(responses);
    requests.onNext(request);
    requests.onCompleted();
    return Await.result(responses.done()).get(0);
  }

  @Test
  void channelz_listsTheAioServersPorts() {
    server.addService(ChannelzService.newInstance(100));
    serve();

    GetServersResponse servers =
        withDeadline(ChannelzGrpc.newBlockingStub(channel))
            .getServers(GetServersRequest.getDefaultInstance());

    assertThat(servers.getServerList()).isNotEmpty();
    if (transport == Transport.NETTY) {
      assertThat(servers.getServerList())
          .anySatisfy(s -> assertThat(s.getListenSocketList()).isNotEmpty());
    }
  }

  @Test
  void adminInterface_standardServicesAddedInOneCall_answer() {
    server.addServices(AdminInterface.getStandardServices());
    serve();

    var topChannels =
        withDeadline(ChannelzGrpc.newBlockingStub(channel))
            .getTopChannels(GetTopChannelsRequest.getDefaultInstance());

    assertThat(server.serviceNames()).contains("grpc.channelz.v1.Channelz");
    assertThat(topChannels.getChannelList()).isNotNull();
  }
}
