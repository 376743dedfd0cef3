package io.github.grpcaio.examples.aio;

import static java.util.concurrent.TimeUnit.SECONDS;

import io.github.grpcaio.AioRpcError;
import io.github.grpcaio.CallOptions;
import io.github.grpcaio.Channel;
import io.github.grpcaio.Server;
import io.github.grpcaio.ServicerContext;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.core.GrpcAio;
import io.github.grpcaio.examples.hello.GreeterAio;
import io.github.grpcaio.examples.hello.GreeterService;
import io.github.grpcaio.examples.hello.HelloReply;
import io.github.grpcaio.examples.hello.HelloRequest;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * A unary call with a timeout. In Python:
 *
 * <pre>
 * try:
 *     response = await stub.SayHello(request, timeout=5.0)
 * except grpc.aio.AioRpcError as e:
 *     if e.code() == grpc.StatusCode.DEADLINE_EXCEEDED:
 *         print("Request timed out")
 * </pre>
 *
 * <p>The timeout is {@link CallOptions#withTimeout}. It becomes a deadline that travels to the
 * server: there {@code context.timeRemaining()} shows it, and when it passes the server's handler
 * sees {@code context.cancelled()} turn true while the client gets {@code DEADLINE_EXCEEDED}.
 */
public final class UnaryCallWithTimeout {

  /** How long the example's server takes to answer. */
  static final Duration SERVER_DELAY = Duration.ofMillis(750);

  /**
   * What happened.
   *
   * @param reply the greeting of the call that had time enough
   * @param timedOut the code of the call whose timeout was shorter than the server's delay
   * @param cancelledOnServer the name in the request whose RPC the server saw cancelled
   */
  public record Result(String reply, StatusCode timedOut, String cancelledOnServer) {}

  private UnaryCallWithTimeout() {}

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
   * Calls a server that takes {@link #SERVER_DELAY} to answer, first with a timeout long enough,
   * then with one too short.
   *
   * @param out where to print what happens
   * @return what happened
   * @throws Exception if an RPC fails in an unexpected way or takes too long
   */
  public static Result run(PrintStream out) throws Exception {
    // The server answers after SERVER_DELAY, and notes which RPC it saw cancelled.
    CompletableFuture<String> cancelledOnServer = new CompletableFuture<>();
    GreeterService slowGreeter =
        new GreeterService(SERVER_DELAY) {
          @Override
          public CompletionStage<HelloReply> sayHello(
              HelloRequest request, ServicerContext<HelloRequest, HelloReply> context) {
            context.addDoneCallback(
                rpc -> {
                  if (rpc.cancelled()) {
                    cancelledOnServer.complete(request.getName());
                  }
                });
            return super.sayHello(request, context);
          }
        };
    try (Server server = GrpcAio.server()) {
      server.addGenericRpcHandlers(GreeterAio.handler(slowGreeter));
      String target = "127.0.0.1:" + server.addInsecurePort("127.0.0.1:0");
      server.start().get(5, SECONDS);

      try (Channel channel = GrpcAio.insecureChannel(target)) {
        GreeterAio.Stub greeter = GreeterAio.newStub(channel);

        // Time enough: 5 seconds for a server that needs 750 ms.
        CallOptions patient = CallOptions.DEFAULT.withTimeout(Duration.ofSeconds(5));
        HelloReply reply =
            greeter
                .sayHello(HelloRequest.newBuilder().setName("patient").build(), patient)
                .response()
                .get(10, SECONDS);
        out.println("with a 5 s timeout: " + reply.getMessage());

        // Too little time: the call fails with DEADLINE_EXCEEDED after 250 ms.
        CallOptions impatient = CallOptions.DEFAULT.withTimeout(Duration.ofMillis(250));
        StatusCode code;
        try {
          greeter
              .sayHello(HelloRequest.newBuilder().setName("impatient").build(), impatient)
              .response()
              .get(10, SECONDS);
          throw new IllegalStateException("the server answered before the deadline");
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof AioRpcError error)
              || error.code() != StatusCode.DEADLINE_EXCEEDED) {
            throw e;
          }
          code = error.code();
          out.println("with a 250 ms timeout: request timed out (" + code + ")");
        }

        // The deadline reached the server, which cancelled its side of the RPC.
        String name = cancelledOnServer.get(5, SECONDS);
        out.println("the server saw the RPC for '" + name + "' cancelled");
        return new Result(reply.getMessage(), code, name);
      }
    }
  }
}
