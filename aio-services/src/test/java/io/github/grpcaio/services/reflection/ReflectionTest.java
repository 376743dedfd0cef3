package io.github.grpcaio.services.reflection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import com.google.protobuf.InvalidProtocolBufferException;
import io.github.grpcaio.RpcMethodHandler;
import io.github.grpcaio.Server;
import io.github.grpcaio.ServiceRpcHandler;
import io.github.grpcaio.core.GrpcAio;
import io.github.grpcaio.services.GrpcChannels;
import io.github.grpcaio.services.health.HealthServicer;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.Transport;
import io.grpc.ManagedChannel;
import io.grpc.protobuf.services.ChannelzService;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
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
 * {@code Reflection.enableServerReflection} seen by grpc-java's v1 reflection client: an aio
 * service with a schema (health) and a hosted grpc-java service (channelz) are listed and described
 * with their files, a {@code ServiceRpcHandler} without descriptor is listed by name, and a service
 * added after start is seen.
 */
@ParameterizedClass
@EnumSource(Transport.class)
class ReflectionTest {

  private static final String BY_NAME = "test.ByName";

  private final Transport transport;
  private Server server;
  private ManagedChannel channel;

  ReflectionTest(Transport transport) {
    this.transport = transport;
  }

  @BeforeEach
  void startServer() {
    server = GrpcAio.server();
    String target = transport.bind(server);
    HealthServicer.enable(server);
    server.addGenericRpcHandlers(byName(BY_NAME));
    server.addService(ChannelzService.newInstance(100));
    Reflection.enableServerReflection(server);
    Await.result(server.start());
    channel = GrpcChannels.open(transport, target);
  }

  @AfterEach
  void stopServer() throws InterruptedException {
    GrpcChannels.close(channel);
    Await.result(server.stop(Duration.ZERO));
  }

  private static ServiceRpcHandler byName(String service) {
    return ServiceRpcHandler.of(
        service,
        Map.of(
            "Echo",
            RpcMethodHandler.<byte[], byte[]>unaryUnary(
                (request, context) -> CompletableFuture.completedFuture(request),
                bytes -> bytes,
                bytes -> bytes)));
  }

  @Test
  void listServices_listsAioHostedAndNameOnlyServices() {
    assertThat(listServices())
        .containsExactlyInAnyOrder(
            HealthServicer.SERVICE_NAME,
            BY_NAME,
            "grpc.channelz.v1.Channelz",
            "grpc.reflection.v1.ServerReflection",
            "grpc.reflection.v1alpha.ServerReflection");
  }

  @Test
  void fileContainingSymbol_describesTheAioHealthServiceWithEveryMethod() throws Exception {
    assertThat(methodsOf(HealthServicer.SERVICE_NAME)).containsExactly("Check", "Watch");
  }

  @Test
  void fileContainingSymbol_describesTheHostedGrpcJavaService() throws Exception {
    assertThat(methodsOf("grpc.channelz.v1.Channelz"))
        .contains("GetTopChannels", "GetServers", "GetSocket");
  }

  @Test
  void listServices_seesAServiceAddedAfterStart() {
    server.addGenericRpcHandlers(byName("test.Later"));

    assertThat(listServices()).contains("test.Later", BY_NAME, HealthServicer.SERVICE_NAME);
  }

  @Test
  void enableServerReflection_twice_isRefused() {
    assertThatThrownBy(() -> Reflection.enableServerReflection(server))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("grpc.reflection.v1.ServerReflection");
  }

  private List<String> listServices() {
    ServerReflectionResponse response =
        ask(ServerReflectionRequest.newBuilder().setListServices("").build());
    return response.getListServicesResponse().getServiceList().stream()
        .map(ServiceResponse::getName)
        .toList();
  }

  /** Asks for the files of {@code service} and returns its methods as the files describe them. */
  private List<String> methodsOf(String service) throws InvalidProtocolBufferException {
    ServerReflectionResponse response =
        ask(ServerReflectionRequest.newBuilder().setFileContainingSymbol(service).build());
    assertThat(response.hasFileDescriptorResponse()).as("%s", response).isTrue();
    for (ByteString bytes : response.getFileDescriptorResponse().getFileDescriptorProtoList()) {
      FileDescriptorProto file = FileDescriptorProto.parseFrom(bytes);
      for (ServiceDescriptorProto s : file.getServiceList()) {
        if ((file.getPackage() + "." + s.getName()).equals(service)) {
          return s.getMethodList().stream().map(MethodDescriptorProto::getName).toList();
        }
      }
    }
    throw new AssertionError("No file describes " + service + ": " + response);
  }

  /** Sends one request on a v1 reflection stream and returns the one answer. */
  private ServerReflectionResponse ask(ServerReflectionRequest request) {
    List<ServerReflectionResponse> responses = new ArrayList<>();
    CompletableFuture<List<ServerReflectionResponse>> done = new CompletableFuture<>();
    StreamObserver<ServerReflectionRequest> requests =
        ServerReflectionGrpc.newStub(channel)
            .withDeadlineAfter(10, TimeUnit.SECONDS)
            .serverReflectionInfo(
                new StreamObserver<>() {
                  @Override
                  public void onNext(ServerReflectionResponse value) {
                    responses.add(value);
                  }

                  @Override
                  public void onError(Throwable t) {
                    done.completeExceptionally(t);
                  }

                  @Override
                  public void onCompleted() {
                    done.complete(responses);
                  }
                });
    requests.onNext(request);
    requests.onCompleted();
    assertThat(Await.result(done)).hasSize(1);
    return responses.get(0);
  }
}
