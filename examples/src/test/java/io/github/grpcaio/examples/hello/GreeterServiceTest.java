package io.github.grpcaio.examples.hello;

import static io.github.grpcaio.testkit.AioAssertions.assertThatRpc;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.StatusCode;
import io.github.grpcaio.testkit.AioServerExtension;
import io.github.grpcaio.testkit.AioTestServer;
import io.github.grpcaio.testkit.TestSubscriber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The README's "Testing your service": the Greeter tested with aio-testkit. */
@Timeout(30)
class GreeterServiceTest {

  @RegisterExtension
  final AioServerExtension grpc =
      AioServerExtension.builder().addService(GreeterAio.handler(new GreeterService())).build();

  @Test
  void sayHello_greetsByName() {
    assertThatRpc(grpc.stub(GreeterAio::newStub).sayHello(request("Ada")))
        .succeedsWith(HelloReply.newBuilder().setMessage("Hello, Ada!").build());
  }

  @Test
  void sayHello_servicerWithoutTheMethod_isUnimplemented() {
    try (AioTestServer server =
        AioTestServer.start(GreeterAio.handler(new GreeterAio.Servicer() {}))) {

      var call = server.stub(GreeterAio::newStub).sayHello(request("Ada"));

      assertThatRpc(call).failsWith(StatusCode.UNIMPLEMENTED).hasDetails("Method not implemented!");
    }
  }

  @Test
  void sayHelloStream_readTwoThenTheRest_greetsEachTime() {
    TestSubscriber<HelloReply> replies = TestSubscriber.create();
    grpc.stub(GreeterAio::newStub).sayHelloStream(request("Ada")).subscribe(replies);

    replies.request(2);

    assertThat(replies.awaitCount(2)).hasSize(2);
    replies.request(Long.MAX_VALUE);
    assertThat(replies.awaitCompletion())
        .first()
        .extracting(HelloReply::getMessage)
        .asString()
        .startsWith("Hello, Ada! (1/");
  }

  private static HelloRequest request(String name) {
    return HelloRequest.newBuilder().setName(name).build();
  }
}
