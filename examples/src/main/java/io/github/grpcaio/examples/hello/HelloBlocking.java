package io.github.grpcaio.examples.hello;

import static java.util.concurrent.TimeUnit.SECONDS;

import io.github.grpcaio.Channel;
import io.github.grpcaio.Server;
import io.github.grpcaio.ServerOptions;
import io.github.grpcaio.StreamStreamCall;
import io.github.grpcaio.core.GrpcAio;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Hello world in blocking style on virtual threads: the {@link BlockingGreeterService} served with
 * {@code virtualThreads()} (one line), called with the blocking client API ({@code await()}, {@code
 * blockingIterator()}). On Java 21+ each handler runs on a virtual thread of its own; on Java 17
 * the same code runs on the server's executor, as documented.
 *
 * <pre>
 * mvn -B -q -pl examples -am compile exec:java -Dexec.mainClass=io.github.grpcaio.examples.hello.HelloBlocking
 * </pre>
 */
public final class HelloBlocking {

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

  private HelloBlocking() {}

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
    // The one line: blocking handlers get a virtual thread each (Java 21+).
    Server server = GrpcAio.server(ServerOptions.builder().virtualThreads().build());
    GreeterAio.addGreeterServicerToServer(new BlockingGreeterService(), server);
    int port = server.addInsecurePort("127.0.0.1:0");
    server.start().get(5, SECONDS);
    out.println("server: listening on 127.0.0.1:" + port);
    try (Channel channel = GrpcAio.insecureChannel("127.0.0.1:" + port)) {
      GreeterAio.Stub greeter = GreeterAio.newStub(channel);
      Duration timeout = Duration.ofSeconds(5);

      // Unary: await() returns the reply or throws the AioRpcError.
      String unary = greeter.sayHello(request("world")).await(timeout).getMessage();
      out.println("unary: " + unary);

      // Server streaming: a blocking iterator, one reply asked for at a time.
      List<String> serverStreaming = new ArrayList<>();
      greeter
          .sayHelloStream(request("world"))
          .blockingIterator()
          .forEachRemaining(reply -> serverStreaming.add(reply.getMessage()));
      out.println("server streaming: " + String.join(" | ", serverStreaming));

      // Client streaming: the requests as a List, then await the one reply.
      String clientStreaming =
          greeter
              .sayHelloClientStream(NAMES.stream().map(HelloBlocking::request).toList())
              .await(timeout)
              .getMessage();
      out.println("client streaming: " + clientStreaming);

      // Bidi: write a request, wait until it was sent, read its answer.
      StreamStreamCall<HelloRequest, HelloReply> chat = greeter.sayHelloBidi();
      Iterator<HelloReply> replies = chat.blockingIterator();
      List<String> bidi = new ArrayList<>();
      for (String name : NAMES) {
        chat.write(request(name)).get(5, SECONDS);
        bidi.add(replies.next().getMessage());
      }
      chat.doneWriting();
      if (replies.hasNext()) {
        throw new IllegalStateException("SayHelloBidi sent more replies than requests");
      }
      out.println("bidi: " + String.join(" | ", bidi));

      return new Result(unary, serverStreaming, clientStreaming, bidi);
    } finally {
      server.stop(Duration.ofSeconds(1)).get(10, SECONDS);
      out.println("server: stopped");
    }
  }

  private static HelloRequest request(String name) {
    return HelloRequest.newBuilder().setName(name).build();
  }
}
