package io.github.grpcaio.examples.aio;

import static java.util.concurrent.TimeUnit.SECONDS;

import io.github.grpcaio.Channel;
import io.github.grpcaio.RpcMethodHandler;
import io.github.grpcaio.Server;
import io.github.grpcaio.ServiceRpcHandler;
import io.github.grpcaio.UnaryUnaryMultiCallable;
import io.github.grpcaio.core.GrpcAio;
import io.github.grpcaio.examples.hello.HelloReply;
import io.github.grpcaio.examples.hello.HelloRequest;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The generic API, without generated stubs: the one example that calls and serves a method by name
 * with a serializer and a deserializer, as Python's {@code channel.unary_unary(method,
 * request_serializer, response_deserializer)} and {@code grpc.method_handlers_generic_handler}.
 * Every other example uses the generated {@code GreeterAio}, which does the same for you.
 *
 * <pre>
 * mvn -B -q -pl examples -am compile exec:java -Dexec.mainClass=io.github.grpcaio.examples.aio.GenericApiWithoutStubs
 * </pre>
 */
public final class GenericApiWithoutStubs {

  private GenericApiWithoutStubs() {}

  /**
   * Runs the example.
   *
   * @param args ignored
   * @throws Exception if the RPC fails
   */
  public static void main(String[] args) throws Exception {
    try {
      run(System.out);
    } finally {
      GrpcAio.shutdown();
    }
  }

  /**
   * Serves {@code /helloworld.Greeter/SayHello} by name and calls it by name.
   *
   * @param out where to print what happens
   * @return the reply's message
   * @throws Exception if the RPC fails or takes too long
   */
  public static String run(PrintStream out) throws Exception {
    Server server = GrpcAio.server();
    // Server side: a handler per method name, with the request's deserializer and the
    // response's serializer (here protobuf's parseFrom and toByteArray).
    server.addGenericRpcHandlers(
        ServiceRpcHandler.of(
            "helloworld.Greeter",
            Map.of(
                "SayHello",
                RpcMethodHandler.<HelloRequest, HelloReply>unaryUnary(
                    (request, context) ->
                        CompletableFuture.completedFuture(
                            HelloReply.newBuilder()
                                .setMessage("Hello, " + request.getName() + "!")
                                .build()),
                    HelloRequest::parseFrom,
                    HelloReply::toByteArray))));
    int port = server.addInsecurePort("127.0.0.1:0");
    server.start().get(5, SECONDS);
    try (Channel channel = GrpcAio.insecureChannel("127.0.0.1:" + port)) {
      // Client side: the full method name, the request's serializer, the response's deserializer.
      UnaryUnaryMultiCallable<HelloRequest, HelloReply> sayHello =
          channel.unaryUnary(
              "/helloworld.Greeter/SayHello", HelloRequest::toByteArray, HelloReply::parseFrom);
      String message =
          sayHello
              .call(HelloRequest.newBuilder().setName("generic").build())
              .response()
              .get(5, SECONDS)
              .getMessage();
      out.println("by name: " + message);
      return message;
    } finally {
      server.stop(Duration.ofSeconds(1)).get(10, SECONDS);
    }
  }
}
