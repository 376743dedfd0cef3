package io.github.grpcaio.it;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.AioRpcError;
import io.github.grpcaio.Channel;
import io.github.grpcaio.Server;
import io.github.grpcaio.ServerOptions;
import io.github.grpcaio.ServicerContext;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.core.GrpcAio;
import io.github.grpcaio.it.echo.EchoAio;
import io.github.grpcaio.it.echo.EchoReply;
import io.github.grpcaio.it.echo.EchoRequest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The generated {@code BlockingServicer}: plain blocking methods, registered through the same
 * {@code addXxxServicerToServer}, on virtual threads where the JVM has them (the server's executor
 * on Java 17), over every transport.
 */
@ParameterizedClass
@EnumSource(Transport.class)
class GeneratedBlockingServicerTest {

  @Parameter Transport transport;

  private Server server;
  private Channel channel;

  /** Echo written as blocking code; EchoChat stays unimplemented. */
  static final class BlockingEcho implements EchoAio.BlockingServicer {
    @Override
    public EchoReply echo(EchoRequest request, ServicerContext<EchoRequest, EchoReply> context) {
      return reply(request.getText());
    }

    @Override
    public void echoStream(EchoRequest request, ServicerContext<EchoRequest, EchoReply> context) {
      for (int i = 1; i <= request.getRepeat(); i++) {
        context.blockingWrite(reply(request.getText() + " " + i));
      }
    }

    @Override
    public EchoReply echoCollect(
        Iterator<EchoRequest> requests, ServicerContext<EchoRequest, EchoReply> context) {
      List<String> texts = new ArrayList<>();
      requests.forEachRemaining(r -> texts.add(r.getText()));
      return reply(String.join("+", texts));
    }
  }

  private static EchoReply reply(String text) {
    return EchoReply.newBuilder().setText(text).build();
  }

  private static EchoRequest request(String text) {
    return EchoRequest.newBuilder().setText(text).build();
  }

  @BeforeEach
  void startServer() {
    server = GrpcAio.server(ServerOptions.builder().virtualThreads().build());
    EchoAio.addEchoServicerToServer(new BlockingEcho(), server);
    channel = transport.start(server);
  }

  @AfterEach
  void stopServer() throws Exception {
    channel.close();
    server.stop(null).get(10, SECONDS);
  }

  @Test
  void blockingServicer_everyKind_answersAsTheAsynchronousOneDoes() {
    EchoAio.Stub stub = EchoAio.newStub(channel);

    EchoReply unary = stub.echo(request("hi")).await();
    List<String> streamed = new ArrayList<>();
    stub.echoStream(request("n").toBuilder().setRepeat(3).build())
        .blockingIterator()
        .forEachRemaining(r -> streamed.add(r.getText()));
    EchoReply collected = stub.echoCollect(List.of(request("a"), request("b"))).await();

    assertThat(unary.getText()).isEqualTo("hi");
    assertThat(streamed).containsExactly("n 1", "n 2", "n 3");
    assertThat(collected.getText()).isEqualTo("a+b");
  }

  @Test
  void blockingServicer_methodNotOverridden_endsWithUnimplemented() {
    var call = EchoAio.newStub(channel).echoChat(List.of(request("x")));

    AioRpcError error =
        (AioRpcError)
            org.assertj.core.api.Assertions.catchThrowable(
                () -> {
                  call.blockingIterator().forEachRemaining(r -> {});
                });

    assertThat(error.code()).isEqualTo(StatusCode.UNIMPLEMENTED);
    assertThat(error.details()).isEqualTo("Method not implemented!");
  }
}
