package io.github.grpcaio.examples.hello;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.grpcaio.AioRpcError;
import io.github.grpcaio.Channel;
import io.github.grpcaio.Server;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.core.GrpcAio;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class GreeterTest {

  private Server server;
  private Channel channel;

  private void serve(GreeterAio.Servicer servicer) throws Exception {
    server = GrpcAio.server();
    server.addGenericRpcHandlers(GreeterAio.handler(servicer));
    int port = server.addInsecurePort("127.0.0.1:0");
    server.start().get(5, SECONDS);
    channel = GrpcAio.insecureChannel("127.0.0.1:" + port);
  }

  @AfterEach
  void tearDown() throws Exception {
    if (channel != null) {
      channel.closeAsync(null).get(10, SECONDS);
    }
    if (server != null) {
      server.stop(null).get(10, SECONDS);
    }
  }

  @Test
  void sayHello_nonAsciiName_survivesTheWire() throws Exception {
    serve(new GreeterService());

    HelloReply reply =
        GreeterAio.newStub(channel)
            .sayHello(HelloRequest.newBuilder().setName("Grüße, 世界").build())
            .response()
            .get(5, SECONDS);

    assertThat(reply.getMessage()).isEqualTo("Hello, Grüße, 世界!");
  }

  @Test
  void servicer_methodNotOverridden_answersUnimplemented() throws Exception {
    serve(new GreeterAio.Servicer() {});

    ExecutionException e =
        catchThrowableOfType(
            ExecutionException.class,
            () ->
                GreeterAio.newStub(channel)
                    .sayHello(HelloRequest.newBuilder().setName("you").build())
                    .response()
                    .get(5, SECONDS));

    assertThat(e).cause().isInstanceOf(AioRpcError.class);
    AioRpcError error = (AioRpcError) e.getCause();
    assertThat(error.code()).isEqualTo(StatusCode.UNIMPLEMENTED);
    assertThat(error.details()).isEqualTo("Method not implemented!");
  }

  @Test
  void sayHelloClientStream_noRequests_greetsNobody() throws Exception {
    serve(new GreeterService());

    var call = GreeterAio.newStub(channel).sayHelloClientStream();
    call.doneWriting().get(5, SECONDS);

    assertThat(call.response().get(5, SECONDS).getMessage()).isEqualTo("Hello, nobody!");
  }
}
