package io.github.grpcaio.examples.aio;

import static java.util.concurrent.TimeUnit.SECONDS;

import io.github.grpcaio.Channel;
import io.github.grpcaio.ChannelConnectivity;
import io.github.grpcaio.Server;
import io.github.grpcaio.UnaryUnaryCall;
import io.github.grpcaio.UsageError;
import io.github.grpcaio.core.GrpcAio;
import io.github.grpcaio.examples.hello.GreeterAio;
import io.github.grpcaio.examples.hello.GreeterService;
import io.github.grpcaio.examples.hello.HelloReply;
import io.github.grpcaio.examples.hello.HelloRequest;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Managing the channel's lifecycle by hand. In Python:
 *
 * <pre>
 * channel = grpc.aio.insecure_channel('localhost:50051')
 * try:
 *     stub = helloworld_pb2_grpc.GreeterStub(channel)
 *     response = await stub.SayHello(helloworld_pb2.HelloRequest(name='you'))
 * finally:
 *     await channel.close(grace=2)
 * </pre>
 *
 * <p>{@code closeAsync(grace)} refuses new calls at once and lets calls in flight finish within the
 * grace period; whatever still runs then is cancelled. Its future completes once everything is
 * closed.
 */
public final class ManualChannelLifecycle {

  /**
   * What happened.
   *
   * @param reply the greeting received before the channel was closed
   * @param stateAfterClose the channel's state once closed
   * @param callAfterClose the message of the error a call on the closed channel raised
   * @param replyDuringClose the greeting of a call that was in flight while its channel closed
   */
  public record Result(
      String reply,
      ChannelConnectivity stateAfterClose,
      String callAfterClose,
      String replyDuringClose) {}

  private ManualChannelLifecycle() {}

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
   * Opens a channel, calls, closes it and tries to call again; then closes a second channel while a
   * call is in flight on it.
   *
   * @param out where to print what happens
   * @return what happened
   * @throws Exception if an RPC fails or takes too long
   */
  public static Result run(PrintStream out) throws Exception {
    // A server that takes 200 ms to answer, so that a call can be in flight when we close.
    try (Server server = GrpcAio.server()) {
      server.addGenericRpcHandlers(GreeterAio.handler(new GreeterService(Duration.ofMillis(200))));
      String target = "127.0.0.1:" + server.addInsecurePort("127.0.0.1:0");
      server.start().get(5, SECONDS);

      Channel channel = GrpcAio.insecureChannel(target);
      HelloReply response;
      try {
        response =
            GreeterAio.newStub(channel)
                .sayHello(HelloRequest.newBuilder().setName("you").build())
                .response()
                .get(5, SECONDS);
      } finally {
        channel.closeAsync(Duration.ofSeconds(2)).get(5, SECONDS);
      }
      out.println("Greeter client received: " + response.getMessage());
      ChannelConnectivity state = channel.getState(false);
      out.println("after close, the channel is " + state);

      // A closed channel refuses new calls at once.
      String refused;
      try {
        GreeterAio.newStub(channel).sayHello(HelloRequest.newBuilder().setName("again").build());
        throw new IllegalStateException("a closed channel accepted a call");
      } catch (UsageError e) {
        refused = e.getMessage();
      }
      out.println("a call on the closed channel raised UsageError: " + refused);

      // The grace period: a call in flight when the channel starts closing may still finish.
      Channel second = GrpcAio.insecureChannel(target);
      UnaryUnaryCall<HelloReply> inFlight =
          GreeterAio.newStub(second).sayHello(HelloRequest.newBuilder().setName("Bob").build());
      CompletableFuture<Void> closing = second.closeAsync(Duration.ofSeconds(2));
      String duringClose = inFlight.response().get(5, SECONDS).getMessage();
      closing.get(5, SECONDS);
      out.println("a call in flight during close(grace) received: " + duringClose);
      return new Result(response.getMessage(), state, refused, duringClose);
    }
  }
}
