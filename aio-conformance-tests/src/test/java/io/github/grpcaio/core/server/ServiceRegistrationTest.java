package io.github.grpcaio.core.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.grpcaio.CallOptions;
import io.github.grpcaio.Channel;
import io.github.grpcaio.ChannelOptions;
import io.github.grpcaio.RpcMethodHandler;
import io.github.grpcaio.Server;
import io.github.grpcaio.ServerListener;
import io.github.grpcaio.ServerOptions;
import io.github.grpcaio.ServiceRpcHandler;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.UsageError;
import io.github.grpcaio.core.GrpcAio;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.Transport;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.stub.ServerCalls;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What a server knows by name and tells its listeners: {@code serviceNames()} in registration
 * order, one service per name whatever the kind of registration, registered and hosted methods
 * matched before generic handlers, and the lifecycle events in order, on the documented threads.
 */
@ParameterizedClass
@EnumSource(Transport.class)
class ServiceRegistrationTest {

  private static final String DEFAULT_PREFIX = "grpc-aio-executor-";

  private final Transport transport;
  private final List<AutoCloseable> toClose = new ArrayList<>();

  ServiceRegistrationTest(Transport transport) {
    this.transport = transport;
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      AutoCloseable c = toClose.get(i);
      if (c instanceof Server s) {
        Await.result(s.stop(null));
      } else if (c instanceof Channel ch) {
        Await.result(ch.closeAsync(Duration.ZERO));
      }
    }
  }

  private Server server(ServerOptions options) {
    Server server = GrpcAio.server(options);
    toClose.add(server);
    return server;
  }

  private Channel channel(Server server) {
    Channel channel = transport.open(transport.bind(server), ChannelOptions.DEFAULT);
    toClose.add(channel);
    return channel;
  }

  private static ServiceRpcHandler answering(String service, String answer) {
    return ServiceRpcHandler.of(
        service,
        Map.of(
            Kind.UNARY_UNARY.methodName,
            Kind.UNARY_UNARY.handler(ctx -> CompletableFuture.completedFuture(answer))));
  }

  /** A hosted grpc-java service answering its unary method with {@code answer}. */
  static ServerServiceDefinition hosted(String service, String answer) {
    return ServerServiceDefinition.builder(service)
        .addMethod(
            Strings.descriptor(MethodType.UNARY, "/" + service + "/" + Kind.UNARY_UNARY.methodName),
            ServerCalls.asyncUnaryCall(
                (String request, io.grpc.stub.StreamObserver<String> out) -> {
                  out.onNext(answer);
                  out.onCompleted();
                }))
        .build();
  }

  private static String unary(Channel channel, String service) {
    return Await.result(
            Kind.UNARY_UNARY
                .invoke(
                    channel, "/" + service + "/" + Kind.UNARY_UNARY.methodName, CallOptions.DEFAULT)
                .responses())
        .get(0);
  }

  // ---- serviceNames ----

  @Test
  void serviceNames_everyKindOfRegistration_inTheOrderAdded() {
    Server server =
        server(ServerOptions.builder().handlers(List.of(answering("a.FromOptions", "o"))).build());
    server.addGenericRpcHandlers(details -> null, answering("b.Generic", "g"));
    server.addService(hosted("c.Hosted", "h"));
    server.addRegisteredMethodHandlers(
        "d.Registered",
        Map.of("M", Kind.UNARY_UNARY.handler(ctx -> CompletableFuture.completedFuture("r"))));

    assertThat(server.serviceNames())
        .containsExactly("a.FromOptions", "b.Generic", "c.Hosted", "d.Registered");
  }

  // ---- one service per name ----

  @Test
  void secondServiceOfOneName_anyMixOfKinds_throwsIllegalArgumentException() {
    Server server = server(ServerOptions.DEFAULT);
    server.addGenericRpcHandlers(answering("x.Generic", "g"));
    server.addService(hosted("x.Hosted", "h"));
    server.addRegisteredMethodHandlers("x.Registered", Map.of());

    for (String name : List.of("x.Generic", "x.Hosted", "x.Registered")) {
      assertThatThrownBy(() -> server.addGenericRpcHandlers(answering(name, "again")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("Service '" + name + "' is already registered");
      assertThatThrownBy(() -> server.addService(hosted(name, "again")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("Service '" + name + "' is already registered");
      assertThatThrownBy(() -> server.addRegisteredMethodHandlers(name, Map.of()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("Service '" + name + "' is already registered");
    }
    assertThat(server.serviceNames()).containsExactly("x.Generic", "x.Hosted", "x.Registered");
  }

  @Test
  void twoServicesOfOneNameInOneCall_neitherIsAdded() {
    Server server = server(ServerOptions.DEFAULT);

    assertThatThrownBy(
            () -> server.addGenericRpcHandlers(answering("x.Y", "1"), answering("x.Y", "2")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Service 'x.Y' is already registered");
    assertThat(server.serviceNames()).isEmpty();
  }

  @Test
  void twoServicesOfOneNameInTheOptions_throwsIllegalArgumentException() {
    ServerOptions options =
        ServerOptions.builder()
            .handlers(List.of(answering("x.Y", "1"), answering("x.Y", "2")))
            .build();

    assertThatThrownBy(() -> GrpcAio.server(options))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Service 'x.Y' is already registered");
  }

  @Test
  void addRegisteredMethodHandlers_illegalNames_throwIllegalArgumentException() {
    Server server = server(ServerOptions.DEFAULT);
    RpcMethodHandler<String, String> h =
        Kind.UNARY_UNARY.handler(ctx -> CompletableFuture.completedFuture("r"));

    assertThatThrownBy(() -> server.addRegisteredMethodHandlers("", Map.of("M", h)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> server.addRegisteredMethodHandlers("a/b", Map.of("M", h)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> server.addRegisteredMethodHandlers("x.Y", Map.of("M/N", h)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(server.serviceNames()).isEmpty();
  }

  @Test
  void registration_afterStop_throwsUsageError() {
    Server server = server(ServerOptions.DEFAULT);
    Await.result(server.stop(null));

    assertThatThrownBy(() -> server.addService(hosted("x.Y", "h"))).isInstanceOf(UsageError.class);
    assertThatThrownBy(() -> server.addRegisteredMethodHandlers("x.Y", Map.of()))
        .isInstanceOf(UsageError.class);
  }

  // ---- ServiceRpcHandler.of(ServiceDescriptor, Map) ----

  @Test
  void ofDescriptor_checksNamesAndKinds_andKeepsTheDescriptor() {
    ServiceDescriptor descriptor =
        new ServiceDescriptor(
            "x.Described", Strings.descriptor(MethodType.UNARY, "/x.Described/UnaryUnary"));
    RpcMethodHandler<String, String> unary =
        Kind.UNARY_UNARY.handler(ctx -> CompletableFuture.completedFuture("r"));
    RpcMethodHandler<String, String> streaming =
        Kind.STREAM_STREAM.handler(ctx -> CompletableFuture.completedFuture("r"));

    ServiceRpcHandler handler = ServiceRpcHandler.of(descriptor, Map.of("UnaryUnary", unary));

    assertThat(handler.serviceName()).isEqualTo("x.Described");
    assertThat(handler.serviceDescriptor()).containsSame(descriptor);
    assertThat(handler.methodHandlers()).containsOnlyKeys("UnaryUnary");
    assertThatThrownBy(() -> ServiceRpcHandler.of(descriptor, Map.of("Other", unary)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'Other' is not a method of x.Described");
    assertThatThrownBy(() -> ServiceRpcHandler.of(descriptor, Map.of("UnaryUnary", streaming)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("x.Described/UnaryUnary is UNARY, its handler is BIDI_STREAMING");
  }

  // ---- lookup order ----

  @Test
  void registeredAndHostedMethods_winOverAGenericHandlerAddedBefore() {
    Server server = server(ServerOptions.DEFAULT);
    // A generic handler that would answer every method.
    RpcMethodHandler<String, String> catchAll =
        Kind.UNARY_UNARY.handler(ctx -> CompletableFuture.completedFuture("generic"));
    server.addGenericRpcHandlers(details -> catchAll);
    server.addRegisteredMethodHandlers(
        "x.Registered",
        Map.of(
            Kind.UNARY_UNARY.methodName,
            Kind.UNARY_UNARY.handler(ctx -> CompletableFuture.completedFuture("registered"))));
    server.addService(hosted("x.Hosted", "hosted"));
    Channel channel = channel(server);
    server.start();

    assertThat(unary(channel, "x.Registered")).isEqualTo("registered");
    assertThat(unary(channel, "x.Hosted")).isEqualTo("hosted");
    assertThat(unary(channel, "x.Other")).isEqualTo("generic");
  }

  @Test
  void registeredMethod_otherMethodOfThatService_goesOnToTheGenericHandlers() {
    Server server = server(ServerOptions.DEFAULT);
    server.addRegisteredMethodHandlers(
        "x.Y",
        Map.of("Known", Kind.UNARY_UNARY.handler(ctx -> CompletableFuture.completedFuture("r"))));
    Channel channel = channel(server);
    server.start();

    Kind.Rpc rpc = Kind.UNARY_UNARY.invoke(channel, "/x.Y/Unknown", CallOptions.DEFAULT);

    assertThat(Await.rpcError(rpc.responses()).code()).isEqualTo(StatusCode.UNIMPLEMENTED);
  }

  // ---- listeners ----

  @Test
  void listeners_hearStartStoppingTerminated_inOrder_onTheDocumentedThreads() {
    Server server = server(ServerOptions.DEFAULT);
    CompletableFuture<String> gate = new CompletableFuture<>();
    CompletableFuture<Void> handling = new CompletableFuture<>();
    server.addGenericRpcHandlers(
        Kind.UNARY_UNARY.service(
            ctx -> {
              handling.complete(null);
              return gate;
            }));
    Channel channel = channel(server);
    List<String> events = new CopyOnWriteArrayList<>();
    AtomicReference<CompletableFuture<Void>> stopFuture = new AtomicReference<>();
    List<Kind.Rpc> refused = new CopyOnWriteArrayList<>();
    Thread test = Thread.currentThread();
    server.addListener(
        new ServerListener() {
          @Override
          public void started(Server s) {
            events.add("started:" + (Thread.currentThread() == test));
          }

          @Override
          public void stopping(Server s) {
            events.add("stopping:" + (Thread.currentThread() == test));
            refused.add(Kind.UNARY_UNARY.invoke(channel, CallOptions.DEFAULT));
          }

          @Override
          public void terminated(Server s) {
            CompletableFuture<Void> stop = stopFuture.get();
            events.add(
                "terminated:"
                    + Thread.currentThread().getName().startsWith(DEFAULT_PREFIX)
                    + ":"
                    + (stop != null && stop.isDone()));
          }
        });
    server.start();
    server.start(); // a second start is heard once
    Kind.Rpc inFlight = Kind.UNARY_UNARY.invoke(channel, CallOptions.DEFAULT);
    Await.result(handling);

    stopFuture.set(server.stop(Duration.ofSeconds(10)));
    assertThat(events).containsExactly("started:true", "stopping:true");
    assertThat(Await.rpcError(refused.get(0).responses()).code()).isEqualTo(StatusCode.UNAVAILABLE);
    gate.complete("finished in grace");
    assertThat(Await.result(inFlight.responses())).containsExactly("finished in grace");
    Await.result(stopFuture.get());
    server.stop(null); // a second stop is not heard

    assertThat(events).containsExactly("started:true", "stopping:true", "terminated:true:false");
  }

  @Test
  void aListenerThatThrows_isLogged_andTheOthersAndTheServerGoOn() {
    Server server = server(ServerOptions.DEFAULT);
    server.addGenericRpcHandlers(
        Kind.UNARY_UNARY.service(ctx -> CompletableFuture.completedFuture("served")));
    Channel channel = channel(server);
    List<String> events = new CopyOnWriteArrayList<>();
    server.addListener(
        new ServerListener() {
          @Override
          public void started(Server s) {
            throw new IllegalStateException("listener bug");
          }

          @Override
          public void stopping(Server s) {
            throw new IllegalStateException("listener bug");
          }
        });
    server.addListener(
        new ServerListener() {
          @Override
          public void started(Server s) {
            events.add("started");
          }

          @Override
          public void stopping(Server s) {
            events.add("stopping");
          }
        });

    server.start();
    assertThat(Await.result(Kind.UNARY_UNARY.invoke(channel, CallOptions.DEFAULT).responses()))
        .containsExactly("served");
    Await.result(server.stop(null));

    assertThat(events).containsExactly("started", "stopping");
    assertThatThrownBy(() -> server.addListener(null)).isInstanceOf(NullPointerException.class);
  }
}
