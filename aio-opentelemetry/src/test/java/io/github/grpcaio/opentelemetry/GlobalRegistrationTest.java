package io.github.grpcaio.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.grpcaio.Channel;
import io.github.grpcaio.ChannelOptions;
import io.github.grpcaio.ContextPropagator;
import io.github.grpcaio.Server;
import io.github.grpcaio.ServerOptions;
import io.github.grpcaio.core.GrpcAio;
import io.github.grpcaio.opentelemetry.proto.Note;
import io.github.grpcaio.opentelemetry.proto.NotesAio;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.Transport;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link AioOpenTelemetry#registerGlobal()}: channels and servers created afterwards with default
 * options are instrumented. It changes the whole JVM, once, so this class runs in a JVM of its own
 * (the module's surefire execution {@code global-registration} runs this tag only, and the default
 * one every other test).
 */
@Tag("global-registration")
@ParameterizedClass
@EnumSource(Transport.class)
class GlobalRegistrationTest {

  private static final TestTelemetry telemetry = new TestTelemetry();

  @Parameter Transport transport;

  @BeforeAll
  static void registerGlobal() {
    AioOpenTelemetry.create(telemetry.sdk).registerGlobal();
  }

  @AfterAll
  static void closeTelemetry() {
    telemetry.close();
  }

  @Test
  void channelsAndServersWithDefaultOptions_areInstrumented() {
    Server server =
        GrpcAio.server(
            ServerOptions.builder()
                .handlers(List.of(NotesAio.handler(new NotesServices.Notes())))
                .build());
    String target = transport.bind(server);
    Await.result(server.start());
    Note note = Note.newBuilder().setText(transport.name()).build();
    String method = "aio.otel.Notes/Unary";
    Attributes serverEnded =
        Attributes.of(TestTelemetry.METHOD, method, TestTelemetry.STATUS, "OK");
    long serverCallsBefore = telemetry.count("grpc.server.call.duration", serverEnded);
    try (Channel channel = transport.open(target, ChannelOptions.DEFAULT)) {
      assertThat(Await.result(NotesAio.newStub(channel).unary(note).response())).isEqualTo(note);
    } finally {
      Await.result(server.stop(null));
    }

    String grpcTarget = (transport == Transport.NETTY ? "dns:///" : "directaddress:///") + target;
    telemetry.awaitPoint(
        "grpc.client.call.duration",
        Attributes.of(
            TestTelemetry.METHOD,
            method,
            TestTelemetry.TARGET,
            grpcTarget,
            TestTelemetry.STATUS,
            "OK"),
        1);
    telemetry.awaitPoint("grpc.server.call.duration", serverEnded, serverCallsBefore + 1);
    assertThat(ContextPropagator.globals()).contains(AioOpenTelemetry.contextPropagator());
    assertThat(ChannelOptions.DEFAULT.contextPropagators())
        .contains(AioOpenTelemetry.contextPropagator());
  }

  @Test
  void registeringASecondTime_throwsSayingWhy() {
    AioOpenTelemetry another = AioOpenTelemetry.create(OpenTelemetry.noop());

    assertThatThrownBy(another::registerGlobal)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already set")
        .hasMessageContaining("once per process");
  }
}
