package io.github.grpcaio.examples.aio;

import static java.util.concurrent.TimeUnit.SECONDS;

import io.github.grpcaio.CallOptions;
import io.github.grpcaio.Channel;
import io.github.grpcaio.Metadata;
import io.github.grpcaio.Server;
import io.github.grpcaio.ServicerContext;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.UnaryUnaryCall;
import io.github.grpcaio.core.GrpcAio;
import io.github.grpcaio.examples.hello.GreeterAio;
import io.github.grpcaio.examples.hello.HelloReply;
import io.github.grpcaio.examples.hello.HelloRequest;
import java.io.PrintStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Metadata both ways, and the status of a call. In Python:
 *
 * <pre>
 * call = stub.SayHello(request, metadata=(('client-id', 'example-client'),))
 * response = await call
 * print(await call.initial_metadata())
 * print(await call.trailing_metadata())
 * print(await call.code(), await call.details())
 * </pre>
 *
 * <p>The server reads the client's metadata with {@code context.invocationMetadata()}, sends
 * headers with {@code context.sendInitialMetadata(...)} and trailers with {@code
 * context.setTrailingMetadata(...)}. On the client, {@code initialMetadata()}, {@code
 * trailingMetadata()}, {@code code()} and {@code details()} are futures that never fail, whatever
 * the status.
 */
public final class CallMetadataAndStatus {

  /**
   * What the client saw.
   *
   * @param reply the greeting
   * @param initialMetadata the headers the server sent
   * @param trailingMetadata the trailers the server sent
   * @param code the final status code
   * @param details the final status details
   */
  public record Result(
      String reply,
      Metadata initialMetadata,
      Metadata trailingMetadata,
      StatusCode code,
      String details) {}

  private CallMetadataAndStatus() {}

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
   * Makes one call with metadata and prints everything the call object tells about it.
   *
   * @param out where to print what happens
   * @return what the client saw
   * @throws Exception if the RPC fails or takes too long
   */
  public static Result run(PrintStream out) throws Exception {
    GreeterAio.Servicer greeter =
        new GreeterAio.Servicer() {
          @Override
          public CompletionStage<HelloReply> sayHello(
              HelloRequest request, ServicerContext<HelloRequest, HelloReply> context) {
            String clientId = context.invocationMetadata().get("client-id");
            context.sendInitialMetadata(Metadata.of("server-name", "greeter-1"));
            context.setTrailingMetadata(Metadata.of("greetings-served", "1"));
            context.setDetails("greeted " + clientId);
            return CompletableFuture.completedFuture(
                HelloReply.newBuilder().setMessage("Hello, " + request.getName() + "!").build());
          }
        };
    try (Server server = GrpcAio.server()) {
      server.addGenericRpcHandlers(GreeterAio.handler(greeter));
      String target = "127.0.0.1:" + server.addInsecurePort("127.0.0.1:0");
      server.start().get(5, SECONDS);

      try (Channel channel = GrpcAio.insecureChannel(target)) {
        CallOptions options =
            CallOptions.DEFAULT.withMetadata(Metadata.of("client-id", "example-client"));
        UnaryUnaryCall<HelloReply> call =
            GreeterAio.newStub(channel)
                .sayHello(HelloRequest.newBuilder().setName("you").build(), options);

        HelloReply reply = call.response().get(5, SECONDS);
        Metadata initial = call.initialMetadata().get(5, SECONDS);
        Metadata trailing = call.trailingMetadata().get(5, SECONDS);
        StatusCode code = call.code().get(5, SECONDS);
        String details = call.details().get(5, SECONDS);

        out.println("response: " + reply.getMessage());
        out.println("initial metadata: " + initial);
        out.println("trailing metadata: " + trailing);
        out.println("code: " + code + ", details: " + details);
        return new Result(reply.getMessage(), initial, trailing, code, details);
      }
    }
  }
}
