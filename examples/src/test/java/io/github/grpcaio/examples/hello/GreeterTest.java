package io.github.grpcaio.examples.hello;

import static io.github.grpcaio.testkit.AioAssertions.assertThatRpc;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.AioRpcError;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.testkit.AioTestServer;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.Transport;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The greeter over a real socket: Netty on 127.0.0.1, so that messages cross the wire. */
@Timeout(30)
class GreeterTest {

  private static AioTestServer serve(GreeterAio.Servicer servicer) {
    return AioTestServer.builder()
        .transport(Transport.NETTY)
        .addService(GreeterAio.handler(servicer))
        .start();
  }

  @Test
  void sayHello_nonAsciiName_survivesTheWire() {
    try (AioTestServer server = serve(new GreeterService())) {

      var call =
          server
              .stub(GreeterAio::newStub)
              .sayHello(HelloRequest.newBuilder().setName("Grüße, 世界").build());

      assertThatRpc(call)
          .succeedsWith(HelloReply.newBuilder().setMessage("Hello, Grüße, 世界!").build());
    }
  }

  @Test
  void servicer_methodNotOverridden_answersUnimplemented() {
    try (AioTestServer server = serve(new GreeterAio.Servicer() {})) {

      var call =
          server
              .stub(GreeterAio::newStub)
              .sayHello(HelloRequest.newBuilder().setName("you").build());

      assertThatRpc(call).failsWith(StatusCode.UNIMPLEMENTED).hasDetails("Method not implemented!");
      assertThat(call.response())
          .failsWithin(Duration.ofSeconds(5))
          .withThrowableOfType(ExecutionException.class)
          .withCauseInstanceOf(AioRpcError.class);
    }
  }

  @Test
  void sayHelloClientStream_noRequests_greetsNobody() throws Exception {
    try (AioTestServer server = serve(new GreeterService())) {

      var call = server.stub(GreeterAio::newStub).sayHelloClientStream();
      Await.result(call.doneWriting(), Duration.ofSeconds(5));

      assertThatRpc(call)
          .succeedsWith(HelloReply.newBuilder().setMessage("Hello, nobody!").build());
    }
  }
}
