package io.github.grpcaio.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.Channel;
import io.github.grpcaio.ChannelOptions;
import io.github.grpcaio.Server;
import io.github.grpcaio.ServerOptions;
import io.github.grpcaio.ServicerContext;
import io.github.grpcaio.core.GrpcAio;
import io.github.grpcaio.opentelemetry.proto.Note;
import io.github.grpcaio.opentelemetry.proto.NotesAio;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.Transport;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Spans across aio clients and servers configured with {@link AioOpenTelemetry}: the client span's
 * parent is the span current where the call is made, the server span's parent is the client's
 * attempt span (carried in the W3C {@code traceparent} header), and a call made by a handler is a
 * child of the handler's server span; and the switches for metrics and traces.
 */
@ParameterizedClass
@EnumSource(Transport.class)
class TracingTest {

  private static final String UNARY = "aio.otel.Notes.Unary";

  @Parameter Transport transport;

  private final TestTelemetry telemetry = new TestTelemetry();
  private final List<Server> servers = new ArrayList<>();
  private final List<Channel> channels = new ArrayList<>();
  private final Note note = Note.newBuilder().setText("hello").build();

  @AfterEach
  void stop() {
    channels.forEach(Channel::close);
    servers.forEach(server -> Await.result(server.stop(null)));
    telemetry.close();
  }

  @Test
  void oneHop_theClientSpanIsAChildOfTheCurrentSpan_andTheServerSpanOfTheAttempt() {
    AioOpenTelemetry otel = AioOpenTelemetry.create(telemetry.sdk);
    NotesAio.Stub stub =
        NotesAio.newStub(channelTo(otel, NotesAio.handler(new NotesServices.Notes())));

    callInATestSpan(stub);

    List<SpanData> spans = telemetry.awaitSpans(4);
    SpanData root = only(spans, "test", SpanContext.getInvalid());
    hop(spans, root);
    assertThat(spans).extracting(SpanData::getTraceId).containsOnly(root.getTraceId());
  }

  @Test
  void twoHops_eachSpanIsAChildOfTheOneBefore_andTheHandlerSeesItsServerSpan() {
    AioOpenTelemetry otel = AioOpenTelemetry.create(telemetry.sdk);
    NotesAio.Stub toB =
        NotesAio.newStub(channelTo(otel, NotesAio.handler(new NotesServices.Notes())));
    AtomicReference<SpanContext> seenByA = new AtomicReference<>();
    NotesAio.Servicer relay =
        new NotesAio.Servicer() {
          @Override
          public CompletionStage<Note> unary(Note request, ServicerContext<Note, Note> context) {
            seenByA.set(Span.current().getSpanContext());
            return toB.unary(request).response();
          }
        };
    NotesAio.Stub toA = NotesAio.newStub(channelTo(otel, NotesAio.handler(relay)));

    callInATestSpan(toA);

    List<SpanData> spans = telemetry.awaitSpans(7);
    SpanData root = only(spans, "test", SpanContext.getInvalid());
    SpanData recvByA = hop(spans, root);
    assertThat(seenByA.get()).isEqualTo(recvByA.getSpanContext());
    hop(spans, recvByA);
    assertThat(spans).extracting(SpanData::getTraceId).containsOnly(root.getTraceId());
  }

  @Test
  void withoutTracing_noSpanIsRecorded_evenWhenAnotherInstanceTraces() {
    try (TestTelemetry other = new TestTelemetry()) {
      AioOpenTelemetry.create(other.sdk); // turns grpc-java's process-wide tracing switch on
      AioOpenTelemetry metricsOnly =
          AioOpenTelemetry.newBuilder(telemetry.sdk).tracing(false).build();
      NotesAio.Stub stub =
          NotesAio.newStub(channelTo(metricsOnly, NotesAio.handler(new NotesServices.Notes())));

      assertThat(Await.result(stub.unary(note).response())).isEqualTo(note);

      telemetry.awaitPoint(
          "grpc.server.call.duration",
          Attributes.of(TestTelemetry.METHOD, "aio.otel.Notes/Unary", TestTelemetry.STATUS, "OK"),
          1);
      assertThat(telemetry.spans.getFinishedSpanItems()).isEmpty();
      assertThat(other.spans.getFinishedSpanItems()).isEmpty();
    }
  }

  @Test
  void withoutMetrics_spansAreRecordedButNoMetric() {
    AioOpenTelemetry tracingOnly =
        AioOpenTelemetry.newBuilder(telemetry.sdk).metrics(false).build();
    NotesAio.Stub stub =
        NotesAio.newStub(channelTo(tracingOnly, NotesAio.handler(new NotesServices.Notes())));

    assertThat(Await.result(stub.unary(note).response())).isEqualTo(note);

    assertThat(telemetry.awaitSpans(3))
        .extracting(SpanData::getName)
        .containsExactlyInAnyOrder("Sent." + UNARY, "Attempt." + UNARY, "Recv." + UNARY);
    assertThat(telemetry.metrics.collectAllMetrics()).isEmpty();
  }

  /** Starts a server instrumented by {@code otel} serving {@code service}, and a channel to it. */
  private Channel channelTo(AioOpenTelemetry otel, io.github.grpcaio.GenericRpcHandler service) {
    Server server =
        GrpcAio.server(otel.configure(ServerOptions.builder().handlers(List.of(service)).build()));
    servers.add(server);
    String target = transport.bind(server);
    Await.result(server.start());
    Channel channel = transport.open(target, otel.configure(ChannelOptions.DEFAULT));
    channels.add(channel);
    return channel;
  }

  /** Calls {@code Unary} with a span named {@code test} current, and ends that span. */
  private void callInATestSpan(NotesAio.Stub stub) {
    Span test = telemetry.sdk.getTracer("test").spanBuilder("test").startSpan();
    try (Scope scope = test.makeCurrent()) {
      assertThat(Await.result(stub.unary(note).response())).isEqualTo(note);
    } finally {
      test.end();
    }
  }

  /**
   * Checks one call made with {@code parent} current: its client span is a child of {@code parent},
   * its attempt span of the client span, the server span of the attempt span.
   *
   * @return the server span
   */
  private static SpanData hop(List<SpanData> spans, SpanData parent) {
    SpanData sent = only(spans, "Sent." + UNARY, parent.getSpanContext());
    SpanData attempt = only(spans, "Attempt." + UNARY, sent.getSpanContext());
    return only(spans, "Recv." + UNARY, attempt.getSpanContext());
  }

  /** The one span of that name whose parent is {@code parent}. */
  private static SpanData only(List<SpanData> spans, String name, SpanContext parent) {
    List<SpanData> matching =
        spans.stream()
            .filter(s -> s.getName().equals(name))
            .filter(s -> s.getParentSpanContext().getSpanId().equals(parent.getSpanId()))
            .toList();
    assertThat(matching)
        .as("spans named %s with parent %s, among %s", name, parent.getSpanId(), spans)
        .hasSize(1);
    return matching.get(0);
  }
}
