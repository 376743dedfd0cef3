package io.github.grpcaio.examples.microservices;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import com.google.protobuf.InvalidProtocolBufferException;
import io.github.grpcaio.Server;
import io.github.grpcaio.core.GrpcAio;
import io.github.grpcaio.examples.hello.GreeterGrpc;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.Transport;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Server reflection on service 1 ({@link NameServer#addServices}) next to a hosted grpc-java
 * service, seen by grpc-java's reflection clients (v1 and v1alpha) as {@code grpcurl} sees it: the
 * generated aio service and the grpc-java one are listed and described by their proto files with
 * every method, the generic {@code names.NameRecords} is listed by name.
 */
@ParameterizedClass
@EnumSource(Transport.class)
class ReflectionExampleTest {

  /** The reflection protocol versions grpc-java serves, each with its own generated messages. */
  enum Version {
    V1 {
      @Override
      Answer ask(ManagedChannel channel, String listOrSymbol) {
        var request = io.grpc.reflection.v1.ServerReflectionRequest.newBuilder();
        var response =
            exchange(
                channel,
                io.grpc.reflection.v1.ServerReflectionGrpc.getServerReflectionInfoMethod(),
                listOrSymbol == null
                    ? request.setListServices("").build()
                    : request.setFileContainingSymbol(listOrSymbol).build());
        return new Answer(
            response.getListServicesResponse().getServiceList().stream()
                .map(io.grpc.reflection.v1.ServiceResponse::getName)
                .toList(),
            response.getFileDescriptorResponse().getFileDescriptorProtoList());
      }
    },
    V1ALPHA {
      @Override
      @SuppressWarnings("deprecation") // the version grpcurl asks first
      Answer ask(ManagedChannel channel, String listOrSymbol) {
        var request = io.grpc.reflection.v1alpha.ServerReflectionRequest.newBuilder();
        var response =
            exchange(
                channel,
                io.grpc.reflection.v1alpha.ServerReflectionGrpc.getServerReflectionInfoMethod(),
                listOrSymbol == null
                    ? request.setListServices("").build()
                    : request.setFileContainingSymbol(listOrSymbol).build());
        return new Answer(
            response.getListServicesResponse().getServiceList().stream()
                .map(io.grpc.reflection.v1alpha.ServiceResponse::getName)
                .toList(),
            response.getFileDescriptorResponse().getFileDescriptorProtoList());
      }
    };

    /** Lists the services ({@code listOrSymbol} null) or asks for the files of a symbol. */
    abstract Answer ask(ManagedChannel channel, String listOrSymbol);
  }

  /** What one reflection answer holds: listed names, or serialized file descriptors. */
  record Answer(List<String> services, List<ByteString> files) {}

  private final Transport transport;
  private Server server;
  private ManagedChannel channel;

  ReflectionExampleTest(Transport transport) {
    this.transport = transport;
  }

  @BeforeEach
  void startServer() {
    server = GrpcAio.server();
    String target = transport.bind(server);
    NameServer.addServices(server, new NameService());
    server.addService(new GreeterGrpc.GreeterImplBase() {});
    Await.result(server.start());
    channel = transport.grpcChannelBuilder(target).build();
  }

  @AfterEach
  void stopServer() throws InterruptedException {
    channel.shutdownNow();
    assertThat(channel.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    Await.result(server.stop(Duration.ZERO));
  }

  @ParameterizedTest
  @EnumSource(Version.class)
  void listServices_listsGeneratedHostedAndGenericServices(Version version) {
    assertThat(version.ask(channel, null).services())
        .containsExactlyInAnyOrder(
            "names.NameProcessor",
            NameService.RECORDS_SERVICE,
            "helloworld.Greeter",
            "grpc.health.v1.Health",
            "grpc.reflection.v1.ServerReflection",
            "grpc.reflection.v1alpha.ServerReflection");
  }

  @ParameterizedTest
  @EnumSource(Version.class)
  void fileContainingSymbol_describesTheGeneratedAioServiceWithEveryMethod(Version version)
      throws Exception {
    assertThat(methodsOf(version, "names.NameProcessor"))
        .containsExactlyElementsOf(methodNames(NameProcessorGrpc.getServiceDescriptor()));
  }

  @ParameterizedTest
  @EnumSource(Version.class)
  void fileContainingSymbol_describesTheHostedGrpcJavaServiceWithEveryMethod(Version version)
      throws Exception {
    assertThat(methodsOf(version, "helloworld.Greeter"))
        .containsExactlyElementsOf(methodNames(GreeterGrpc.getServiceDescriptor()))
        .hasSize(4);
  }

  private static List<String> methodNames(ServiceDescriptor descriptor) {
    return descriptor.getMethods().stream().map(MethodDescriptor::getBareMethodName).toList();
  }

  /** The methods of {@code service} as the files reflection returns for it describe them. */
  private List<String> methodsOf(Version version, String service)
      throws InvalidProtocolBufferException {
    Answer answer = version.ask(channel, service);
    for (ByteString bytes : answer.files()) {
      FileDescriptorProto file = FileDescriptorProto.parseFrom(bytes);
      for (ServiceDescriptorProto s : file.getServiceList()) {
        if ((file.getPackage() + "." + s.getName()).equals(service)) {
          return s.getMethodList().stream().map(MethodDescriptorProto::getName).toList();
        }
      }
    }
    throw new AssertionError("No file returned describes " + service);
  }

  /** Sends one request on a reflection stream and returns the one answer. */
  private static <Q, R> R exchange(
      ManagedChannel channel, MethodDescriptor<Q, R> method, Q request) {
    List<R> responses = new ArrayList<>();
    CompletableFuture<List<R>> done = new CompletableFuture<>();
    StreamObserver<Q> requests =
        ClientCalls.asyncBidiStreamingCall(
            channel.newCall(method, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS)),
            new StreamObserver<R>() {
              @Override
              public void onNext(R value) {
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
