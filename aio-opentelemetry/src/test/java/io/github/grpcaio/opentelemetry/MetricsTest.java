package io.github.grpcaio.opentelemetry;

import static io.github.grpcaio.opentelemetry.TestTelemetry.METHOD;
import static io.github.grpcaio.opentelemetry.TestTelemetry.STATUS;
import static io.github.grpcaio.opentelemetry.TestTelemetry.TARGET;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.Channel;
import io.github.grpcaio.ChannelOptions;
import io.github.grpcaio.Server;
import io.github.grpcaio.ServerOptions;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.UnaryStreamCall;
import io.github.grpcaio.core.GrpcAio;
import io.github.grpcaio.opentelemetry.TestTelemetry.Recorded;
import io.github.grpcaio.opentelemetry.proto.Note;
import io.github.grpcaio.opentelemetry.proto.NotesAio;
import io.github.grpcaio.opentelemetry.proto.NotesGrpc;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.Transport;
import io.grpc.MethodDescriptor;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * gRPC's standard metrics (names, units, attributes) for the four RPC kinds of a generated service,
 * of a registered generic service and of a method only a plain generic handler answers, on a
 * channel and a server configured with {@link AioOpenTelemetry}.
 */
@ParameterizedClass
@EnumSource(Transport.class)
class MetricsTest {

  @Parameter Transport transport;

  private final TestTelemetry telemetry = new TestTelemetry();
  private Server server;
  private Channel channel;
  private String boundTarget;
  private AioOpenTelemetry otel;

  @BeforeEach
  void start() {
    otel = AioOpenTelemetry.create(telemetry.sdk);
    server =
        GrpcAio.server(
            otel.configure(
                ServerOptions.builder()
                    .handlers(
                        List.of(
                            NotesAio.handler(new NotesServices.Notes()),
                            NotesServices.generic(),
                            NotesServices.unregistered()))
                    .build()));
    boundTarget = transport.bind(server);
    Await.result(server.start());
    channel = transport.open(boundTarget, otel.configure(ChannelOptions.DEFAULT));
  }

  @AfterEach
  void stop() {
    channel.close();
    Await.result(server.stop(null));
    telemetry.close();
  }

  @Test
  void generatedMethods_areRecordedUnderTheirNames_onBothSides() {
    NotesAio.Stub stub = NotesAio.newStub(channel);
    Note note = Note.newBuilder().setText("hello").build();

    assertThat(Await.result(stub.unary(note).response())).isEqualTo(note);
    assertThat(drain(stub.serverStream(note))).containsExactly(note);
    assertThat(Await.result(stub.clientStream(List.of(note)).response())).isEqualTo(note);
    var bidi = stub.bidi(List.of(note));
    assertThat(drain(bidi::read)).containsExactly(note);
    assertThat(Await.result(bidi.code())).isEqualTo(StatusCode.OK);

    for (String method : NotesServices.METHODS) {
      String name = NotesGrpc.SERVICE_NAME + "/" + method;
      assertClientMetrics(name, 1, note.getSerializedSize());
      assertServerMetrics(name, 1, note.getSerializedSize());
    }
  }

  @Test
  void registeredGenericMethods_areNamedOnTheServer_andOtherForCallsByName() {
    byte[] request = "hello".getBytes(StandardCharsets.UTF_8);
    String service = "/" + NotesServices.GENERIC + "/";

    assertThat(Await.result(channel.unaryUnary(service + "Unary").call(request).response()))
        .isEqualTo(request);
    assertThat(drain(channel.unaryStream(service + "ServerStream").call(request)))
        .containsExactly(request);
    assertThat(
            Await.result(
                channel.streamUnary(service + "ClientStream").call(List.of(request)).response()))
        .isEqualTo(request);
    var bidi = channel.streamStream(service + "Bidi").call(List.of(request));
    assertThat(drain(bidi::read)).containsExactly(request);
    assertThat(Await.result(bidi.code())).isEqualTo(StatusCode.OK);

    for (String method : NotesServices.METHODS) {
      assertServerMetrics(NotesServices.GENERIC + "/" + method, 1, request.length);
    }
    // grpc-java's rule: a descriptor made by hand, as a call by name makes, is not named.
    assertClientMetrics("other", NotesServices.METHODS.size(), request.length);
  }

  @Test
  void aCallWithADescriptorMarkedSampled_isNamedOnTheClient() {
    MethodDescriptor<byte[], byte[]> unary =
        MethodDescriptor.<byte[], byte[]>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName(NotesServices.GENERIC + "/Unary")
            .setRequestMarshaller(io.github.grpcaio.ByteArrayMarshaller.of(b -> b, b -> b))
            .setResponseMarshaller(io.github.grpcaio.ByteArrayMarshaller.of(b -> b, b -> b))
            .setSampledToLocalTracing(true)
            .build();
    byte[] request = "hello".getBytes(StandardCharsets.UTF_8);

    assertThat(Await.result(channel.unaryUnary(unary).call(request).response())).isEqualTo(request);

    assertClientMetrics(unary.getFullMethodName(), 1, request.length);
  }

  @Test
  void aMethodOnlyAPlainGenericHandlerAnswers_isOther_onBothSides() {
    byte[] request = "hello".getBytes(StandardCharsets.UTF_8);

    assertThat(
            Await.result(
                channel
                    .unaryUnary("/" + NotesServices.UNREGISTERED + "/Unary")
                    .call(request)
                    .response()))
        .isEqualTo(request);

    assertClientMetrics("other", 1, request.length);
    assertServerMetrics("other", 1, request.length);
  }

  @Test
  void aServiceExportedToAGrpcJavaServer_isNamedOnThatServer() throws Exception {
    io.grpc.ServerServiceDefinition exported =
        GrpcAio.bindService(NotesServices.generic(), ServerOptions.DEFAULT);
    io.grpc.ServerBuilder<?> builder =
        transport == Transport.NETTY
            ? io.grpc.netty.NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            : io.grpc.inprocess.InProcessServerBuilder.forName("exported-" + UUID.randomUUID());
    otel.configureServerBuilder(builder);
    io.grpc.Server host = builder.addService(exported).build().start();
    String target =
        transport == Transport.NETTY
            ? "127.0.0.1:" + ((InetSocketAddress) host.getListenSockets().get(0)).getPort()
            : ((io.grpc.inprocess.InProcessSocketAddress) host.getListenSockets().get(0)).getName();
    byte[] request = "hello".getBytes(StandardCharsets.UTF_8);
    try (Channel toHost = transport.open(target, otel.configure(ChannelOptions.DEFAULT))) {
      assertThat(
              Await.result(
                  toHost
                      .unaryUnary("/" + NotesServices.GENERIC + "/Unary")
                      .call(request)
                      .response()))
          .isEqualTo(request);
      assertServerMetrics(NotesServices.GENERIC + "/Unary", 1, request.length);
    } finally {
      host.shutdownNow();
      assertThat(host.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  /**
   * The client metrics of one method: {@code grpc.client.attempt.started} with method and target,
   * the attempt's duration and sizes and the call's duration with the status too.
   */
  private void assertClientMetrics(String method, long calls, long messageSize) {
    Recorded started =
        telemetry.awaitPoint(
            "grpc.client.attempt.started", Attributes.of(METHOD, method, TARGET, target()), calls);
    assertThat(started.metric().getUnit()).isEqualTo("{attempt}");
    Attributes ended = Attributes.of(METHOD, method, TARGET, target(), STATUS, "OK");
    assertUnit(telemetry.awaitPoint("grpc.client.attempt.duration", ended, calls), "s");
    assertUnit(telemetry.awaitPoint("grpc.client.call.duration", ended, calls), "s");
    assertBytes(
        telemetry.awaitPoint(
            "grpc.client.attempt.sent_total_compressed_message_size", ended, calls),
        calls * messageSize);
    assertBytes(
        telemetry.awaitPoint(
            "grpc.client.attempt.rcvd_total_compressed_message_size", ended, calls),
        calls * messageSize);
  }

  /** The server metrics of one method: started with the method, ended with the status too. */
  private void assertServerMetrics(String method, long calls, long messageSize) {
    Recorded started =
        telemetry.awaitPoint("grpc.server.call.started", Attributes.of(METHOD, method), calls);
    assertThat(started.metric().getUnit()).isEqualTo("{call}");
    Attributes ended = Attributes.of(METHOD, method, STATUS, "OK");
    assertUnit(telemetry.awaitPoint("grpc.server.call.duration", ended, calls), "s");
    assertBytes(
        telemetry.awaitPoint("grpc.server.call.sent_total_compressed_message_size", ended, calls),
        calls * messageSize);
    assertBytes(
        telemetry.awaitPoint("grpc.server.call.rcvd_total_compressed_message_size", ended, calls),
        calls * messageSize);
  }

  private static void assertUnit(Recorded recorded, String unit) {
    assertThat(recorded.metric().getUnit()).as(recorded.metric().getName()).isEqualTo(unit);
  }

  /**
   * One message each way per call, uncompressed: over Netty the sizes sum to the messages' sizes.
   * grpc-java's in-process transport hands messages over as objects and reports no wire size, so
   * its sizes are 0.
   */
  private void assertBytes(Recorded recorded, long bytes) {
    assertUnit(recorded, "By");
    assertThat(((HistogramPointData) recorded.point()).getSum())
        .as(recorded.metric().getName())
        .isEqualTo(transport == Transport.NETTY ? (double) bytes : 0.0);
  }

  /**
   * The channel's target as grpc-java records it: its canonical form, with the scheme of the name
   * resolver (Netty's {@code 127.0.0.1:port} goes through DNS) or of the in-process address.
   */
  private String target() {
    return (transport == Transport.NETTY ? "dns:///" : "directaddress:///") + boundTarget;
  }

  private static <T> List<T> drain(UnaryStreamCall<T> call) {
    List<T> all = drain(call::read);
    assertThat(Await.result(call.code())).isEqualTo(StatusCode.OK);
    return all;
  }

  private static <T> List<T> drain(Supplier<CompletableFuture<Optional<T>>> read) {
    List<T> all = new ArrayList<>();
    for (Optional<T> next = Await.result(read.get());
        next.isPresent();
        next = Await.result(read.get())) {
      all.add(next.get());
    }
    return all;
  }
}
