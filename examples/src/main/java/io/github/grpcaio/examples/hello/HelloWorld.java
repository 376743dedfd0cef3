package io.github.grpcaio.examples.hello;

import static java.util.concurrent.TimeUnit.SECONDS;

import io.github.grpcaio.Channel;
import io.github.grpcaio.Server;
import io.github.grpcaio.StreamStreamCall;
import io.github.grpcaio.StreamUnaryCall;
import io.github.grpcaio.UnaryStreamCall;
import io.github.grpcaio.core.GrpcAio;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Hello world, all four RPC kinds: starts a {@code helloworld.Greeter} server on a free port of
 * 127.0.0.1, calls each method once over the socket, prints the results and stops the server.
 *
 * <pre>
 * mvn -B -q -pl examples -am compile exec:java
 * </pre>
 */
public final class HelloWorld {

  /**
   * What the client received.
   *
   * @param unary the reply of {@code SayHello}
   * @param serverStreaming the replies of {@code SayHelloStream}
   * @param clientStreaming the reply of {@code SayHelloClientStream}
   * @param bidi the replies of {@code SayHelloBidi}
   */
  public record Result(
      String unary, List<String> serverStreaming, String clientStreaming, List<String> bidi) {}

  private static final List<String> NAMES = List.of("Alice", "Bob", "Carol");

  private HelloWorld() {}

  /**
   * Runs the example; exits with a non-zero status if anything fails.
   *
   * @param args ignored
   * @throws Exception if an RPC fails or takes too long
   */
  public static void main(String[] args) throws Exception {
    try {
      run(System.out);
    } finally {
      // Python's shutdown_grpc_aio(): the shared pool's idle threads end now, not a minute later.
      GrpcAio.shutdown();
    }
  }

  /**
   * Runs the server and the client.
   *
   * @param out where to print what happens
   * @return what the client received
   * @throws Exception if an RPC fails or takes too long
   */
  public static Result run(PrintStream out) throws Exception {
    Server server = GrpcAio.server();
    GreeterAio.addGreeterServicerToServer(new GreeterService(), server);
    int port = server.addInsecurePort("127.0.0.1:0");
    server.start().get(5, SECONDS);
    out.println("server: listening on 127.0.0.1:" + port);
    try (Channel channel = GrpcAio.insecureChannel("127.0.0.1:" + port)) {
      // The generated stub: one method per RPC, each returning the call object.
      GreeterAio.Stub greeter = GreeterAio.newStub(channel);

      // Unary: one request, one response.
      String unary =
          greeter
              .sayHello(HelloRequest.newBuilder().setName("world").build())
              .response()
              .get(5, SECONDS)
              .getMessage();
      out.println("unary: " + unary);

      // Server streaming: Python's `async for reply in call`. forEach runs the action on each
      // reply, the next one asked for once the action returned; its future ends with the stream.
      UnaryStreamCall<HelloReply> stream =
          greeter.sayHelloStream(HelloRequest.newBuilder().setName("world").build());
      List<String> serverStreaming = new ArrayList<>(); // one action at a time
      stream.forEach(reply -> serverStreaming.add(reply.getMessage())).get(5, SECONDS);
      out.println("server streaming: " + String.join(" | ", serverStreaming));

      // Client streaming: the requests as a Stream (or a List, an Iterator), as Python's
      // stub.SayHelloClientStream(iter(requests)); sent as the transport is ready for them.
      StreamUnaryCall<HelloRequest, HelloReply> upload =
          greeter.sayHelloClientStream(
              NAMES.stream().map(name -> HelloRequest.newBuilder().setName(name).build()));
      String clientStreaming = upload.response().get(5, SECONDS).getMessage();
      out.println("client streaming: " + clientStreaming);

      // Bidirectional streaming: write() each request, read its answer, then doneWriting().
      StreamStreamCall<HelloRequest, HelloReply> chat = greeter.sayHelloBidi();
      List<String> bidi = new ArrayList<>();
      for (String name : NAMES) {
        chat.write(HelloRequest.newBuilder().setName(name).build()).get(5, SECONDS);
        bidi.add(chat.read().get(5, SECONDS).orElseThrow().getMessage());
      }
      chat.doneWriting().get(5, SECONDS);
      if (chat.read().get(5, SECONDS).isPresent()) {
        throw new IllegalStateException("SayHelloBidi sent more replies than requests");
      }
      out.println("bidi: " + String.join(" | ", bidi));

      return new Result(unary, serverStreaming, clientStreaming, bidi);
    } finally {
      // Graceful: refuse new RPCs, give running ones up to a second, then cancel what is left.
      server.stop(Duration.ofSeconds(1)).get(10, SECONDS);
      out.println("server: stopped");
    }
  }
}
