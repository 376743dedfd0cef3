package io.github.grpcaio.examples.reactor;

import static java.util.concurrent.TimeUnit.SECONDS;

import io.github.grpcaio.Channel;
import io.github.grpcaio.Server;
import io.github.grpcaio.core.GrpcAio;
import io.github.grpcaio.examples.hello.GreeterAio;
import io.github.grpcaio.examples.hello.HelloReply;
import io.github.grpcaio.examples.hello.HelloRequest;
import io.github.grpcaio.reactor.ReactorCalls;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Hello world with Project Reactor: starts a {@code helloworld.Greeter} server written with Reactor
 * ({@link ReactorGreeterService}) on a free port of 127.0.0.1, calls all four methods through the
 * typed stub as {@code Mono}s and {@code Flux}es, at once, prints the results and stops.
 *
 * <pre>
 * mvn -B -q -pl examples -am compile exec:java \
 *     -Dexec.mainClass=io.github.grpcaio.examples.reactor.ReactorGreeter
 * </pre>
 */
public final class ReactorGreeter {

  /**
   * What the client received.
   *
   * @param unary the reply of {@code SayHello}
   * @param serverStreaming the replies of {@code SayHelloStream}
   * @param firstOnly the first reply of {@code SayHelloStream}, the RPC cancelled after it
   * @param clientStreaming the reply of {@code SayHelloClientStream}
   * @param bidi the replies of {@code SayHelloBidi}
   */
  public record Result(
      String unary,
      List<String> serverStreaming,
      String firstOnly,
      String clientStreaming,
      List<String> bidi) {}

  private static final List<String> NAMES = List.of("Alice", "Bob", "Carol");

  private ReactorGreeter() {}

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
    Server server = GrpcAio.server();
    GreeterAio.addGreeterServicerToServer(new ReactorGreeterService(), server);
    int port = server.addInsecurePort("127.0.0.1:0");
    server.start().get(5, SECONDS);
    out.println("server: listening on 127.0.0.1:" + port);
    try (Channel channel = GrpcAio.insecureChannel("127.0.0.1:" + port)) {
      GreeterAio.Stub greeter = GreeterAio.newStub(channel);
      HelloRequest world = request("world");
      Flux<HelloRequest> names = Flux.fromIterable(NAMES).map(ReactorGreeter::request);

      // Cold publishers: nothing is sent until subscribed, and each subscription is one RPC.
      Mono<String> unary =
          ReactorCalls.unaryUnary(greeter::sayHello, world).map(HelloReply::getMessage);
      Mono<List<String>> serverStreaming =
          ReactorCalls.unaryStream(greeter::sayHelloStream, world)
              .map(HelloReply::getMessage)
              .collectList();
      // take(1) asks the server for one reply, then cancels the RPC.
      Mono<String> firstOnly =
          ReactorCalls.unaryStream(greeter::sayHelloStream, world)
              .take(1)
              .map(HelloReply::getMessage)
              .single();
      Mono<String> clientStreaming =
          ReactorCalls.streamUnary(greeter::sayHelloClientStream, names)
              .map(HelloReply::getMessage);
      Mono<List<String>> bidi =
          ReactorCalls.streamStream(greeter::sayHelloBidi, names)
              .map(HelloReply::getMessage)
              .collectList();

      // All five RPCs at once; a failure would arrive here as the AioRpcError itself.
      Result result =
          Mono.zip(unary, serverStreaming, firstOnly, clientStreaming, bidi)
              .map(t -> new Result(t.getT1(), t.getT2(), t.getT3(), t.getT4(), t.getT5()))
              .block(Duration.ofSeconds(5));
      out.println("unary: " + result.unary());
      out.println("server streaming: " + String.join(" | ", result.serverStreaming()));
      out.println("first only: " + result.firstOnly());
      out.println("client streaming: " + result.clientStreaming());
      out.println("bidi: " + String.join(" | ", result.bidi()));
      return result;
    } finally {
      server.stop(Duration.ofSeconds(1)).get(10, SECONDS);
      out.println("server: stopped");
    }
  }

  private static HelloRequest request(String name) {
    return HelloRequest.newBuilder().setName(name).build();
  }
}
