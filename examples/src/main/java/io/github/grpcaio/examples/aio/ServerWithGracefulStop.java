package io.github.grpcaio.examples.aio;

import static java.util.concurrent.TimeUnit.SECONDS;

import io.github.grpcaio.AioRpcError;
import io.github.grpcaio.Channel;
import io.github.grpcaio.Server;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.StreamStreamCall;
import io.github.grpcaio.core.GrpcAio;
import io.github.grpcaio.examples.hello.GreeterAio;
import io.github.grpcaio.examples.hello.GreeterService;
import io.github.grpcaio.examples.hello.HelloReply;
import io.github.grpcaio.examples.hello.HelloRequest;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * A server with all four kinds of handler, stopped gracefully while an RPC is in flight. In Python:
 *
 * <pre>
 * server = grpc.aio.server()
 * helloworld_pb2_grpc.add_GreeterServicer_to_server(Greeter(), server)
 * server.add_insecure_port('[::]:50051')
 * await server.start()
 * ...
 * await server.stop(5)   # graceful: running RPCs get 5 seconds
 * </pre>
 *
 * <p>The servicer is {@link GreeterService} (unary, server-streaming, client-streaming and bidi
 * handlers); {@code GreeterAio.handler} registers it as Python's {@code
 * add_GreeterServicer_to_server} does. {@code stop(grace)} closes the listeners at once, so new
 * RPCs fail with {@code UNAVAILABLE}; RPCs in flight may finish within the grace, then are
 * cancelled. Its future completes when everything is closed, which may be well before the grace is
 * over.
 */
public final class ServerWithGracefulStop {

  /**
   * What happened.
   *
   * @param waitWhileServing what {@code waitForTermination(100 ms)} returned while serving
   * @param inFlightReplies the replies of the RPC that was in flight across the stop
   * @param inFlightCode the final status of that RPC
   * @param newCallDuringStop the status of an RPC started after the stop began
   * @param waitAfterStop what {@code waitForTermination} returned once stopped
   */
  public record Result(
      boolean waitWhileServing,
      List<String> inFlightReplies,
      StatusCode inFlightCode,
      StatusCode newCallDuringStop,
      boolean waitAfterStop) {}

  private ServerWithGracefulStop() {}

  /**
   * Runs the example.
   *
   * @param args ignored
   * @throws Exception if an RPC fails in an unexpected way
   */
  public static void main(String[] args) throws Exception {
    try {
      run(System.out);
    } finally {
      GrpcAio.shutdown();
    }
  }

  /**
   * Serves, starts a bidi RPC, stops the server with a grace period and lets the RPC finish.
   *
   * @param out where to print what happens
   * @return what happened
   * @throws Exception if an RPC fails in an unexpected way or takes too long
   */
  public static Result run(PrintStream out) throws Exception {
    Server server = GrpcAio.server();
    server.addGenericRpcHandlers(GreeterAio.handler(new GreeterService()));
    int port = server.addInsecurePort("127.0.0.1:0");
    server.start().get(5, SECONDS);
    out.println("server: serving helloworld.Greeter on 127.0.0.1:" + port);

    // As Python's wait_for_termination(timeout): true means the timeout ran out first.
    boolean waitWhileServing = server.waitForTermination(Duration.ofMillis(100)).get(5, SECONDS);
    out.println("waitForTermination(100 ms) while serving: " + waitWhileServing);

    try (Channel channel = GrpcAio.insecureChannel("127.0.0.1:" + port)) {
      // An RPC in flight: the server has already answered its first request.
      StreamStreamCall<HelloRequest, HelloReply> chat = GreeterAio.newStub(channel).sayHelloBidi();
      chat.write(HelloRequest.newBuilder().setName("Alice").build()).get(5, SECONDS);
      String first = chat.read().get(5, SECONDS).orElseThrow().getMessage();
      out.println("in flight: " + first);

      CompletableFuture<Void> stopped = server.stop(Duration.ofSeconds(5));
      out.println("server: stopping, grace 5 s");

      // New RPCs are refused from now on...
      StatusCode refused;
      try {
        GreeterAio.newStub(channel)
            .sayHello(HelloRequest.newBuilder().setName("Bob").build())
            .response()
            .get(5, SECONDS);
        throw new IllegalStateException("a stopping server accepted a new RPC");
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof AioRpcError error)) {
          throw e;
        }
        refused = error.code();
      }
      out.println("a new call during the stop: " + refused);

      // ...but the one in flight goes on until it ends by itself.
      chat.write(HelloRequest.newBuilder().setName("Carol").build()).get(5, SECONDS);
      String second = chat.read().get(5, SECONDS).orElseThrow().getMessage();
      out.println("in flight: " + second);
      chat.doneWriting().get(5, SECONDS);
      if (chat.read().get(5, SECONDS).isPresent()) {
        throw new IllegalStateException("more replies than requests");
      }
      StatusCode code = chat.code().get(5, SECONDS);
      out.println("in flight: ended with " + code);

      stopped.get(10, SECONDS);
      boolean waitAfterStop = server.waitForTermination(Duration.ofSeconds(1)).get(5, SECONDS);
      out.println("server: stopped; waitForTermination(1 s): " + waitAfterStop);
      return new Result(waitWhileServing, List.of(first, second), code, refused, waitAfterStop);
    } finally {
      server.stop(null).get(10, SECONDS); // no-op once stopped; else cancels what is left
    }
  }
}
