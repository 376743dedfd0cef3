package io.github.grpcaio.examples.aio;

import static java.util.concurrent.TimeUnit.SECONDS;

import io.github.grpcaio.Channel;
import io.github.grpcaio.Server;
import io.github.grpcaio.core.GrpcAio;
import io.github.grpcaio.examples.hello.GreeterAio;
import io.github.grpcaio.examples.hello.GreeterService;
import io.github.grpcaio.examples.hello.HelloReply;
import io.github.grpcaio.examples.hello.HelloRequest;
import java.io.PrintStream;

/**
 * The async client with a context manager. In Python:
 *
 * <pre>
 * async with grpc.aio.insecure_channel('localhost:50051') as channel:
 *     stub = helloworld_pb2_grpc.GreeterStub(channel)
 *     response = await stub.SayHello(helloworld_pb2.HelloRequest(name='you'))
 * print("Greeter client received: " + response.message)
 * </pre>
 *
 * <p>In Java the context manager is try-with-resources: {@code Channel} is {@link AutoCloseable},
 * and leaving the block closes it (cancelling any call still running, as {@code async with} does).
 */
public final class ChannelInTryWithResources {

  private ChannelInTryWithResources() {}

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
   * Starts a server, then calls it from a channel opened in a try-with-resources block.
   *
   * @param out where to print what happens
   * @return the greeting the client received
   * @throws Exception if the RPC fails or takes too long
   */
  public static String run(PrintStream out) throws Exception {
    // A server to talk to (ServerWithGracefulStop shows the server side).
    try (Server server = GrpcAio.server()) {
      server.addGenericRpcHandlers(GreeterAio.handler(new GreeterService()));
      String target = "127.0.0.1:" + server.addInsecurePort("127.0.0.1:0");
      server.start().get(5, SECONDS);

      HelloReply response;
      try (Channel channel = GrpcAio.insecureChannel(target)) {
        GreeterAio.Stub greeter = GreeterAio.newStub(channel);
        response =
            greeter
                .sayHello(HelloRequest.newBuilder().setName("you").build())
                .response()
                .get(5, SECONDS);
      }
      out.println("Greeter client received: " + response.getMessage());
      return response.getMessage();
    }
  }
}
