package io.github.grpcaio.examples.aio;

import static java.util.concurrent.TimeUnit.SECONDS;

import io.github.grpcaio.AioRpcError;
import io.github.grpcaio.Channel;
import io.github.grpcaio.Server;
import io.github.grpcaio.ServicerContext;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.core.GrpcAio;
import io.github.grpcaio.examples.hello.GreeterAio;
import io.github.grpcaio.examples.hello.HelloReply;
import io.github.grpcaio.examples.hello.HelloRequest;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * Handling errors by status code. In Python:
 *
 * <pre>
 * try:
 *     response = await stub.SayHello(request)
 * except grpc.aio.AioRpcError as e:
 *     if e.code() == grpc.StatusCode.NOT_FOUND:
 *         print("not found:", e.details())
 *     elif e.code() == grpc.StatusCode.INVALID_ARGUMENT:
 *         print("invalid argument:", e.details())
 *     else:
 *         raise
 * </pre>
 *
 * <p>The server ends an RPC with an error by {@code throw context.abort(code, details)}. On the
 * client, the response future fails with {@link AioRpcError}: {@code get()} throws it wrapped in an
 * {@link ExecutionException}; a stage attached directly to {@code response()} receives it as is.
 */
public final class ErrorHandling {

  private static final Set<String> KNOWN_USERS = Set.of("Alice", "Bob");

  private ErrorHandling() {}

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
   * Greets a known user, an empty name and an unknown user, and reports each outcome.
   *
   * @param out where to print what happens
   * @return one line per call
   * @throws Exception if an RPC fails in an unexpected way or takes too long
   */
  public static List<String> run(PrintStream out) throws Exception {
    GreeterAio.Servicer strictGreeter =
        new GreeterAio.Servicer() {
          @Override
          public CompletionStage<HelloReply> sayHello(
              HelloRequest request, ServicerContext<HelloRequest, HelloReply> context) {
            if (request.getName().isBlank()) {
              throw context.abort(StatusCode.INVALID_ARGUMENT, "name must not be empty");
            }
            if (!KNOWN_USERS.contains(request.getName())) {
              throw context.abort(StatusCode.NOT_FOUND, "no user named " + request.getName());
            }
            return CompletableFuture.completedFuture(
                HelloReply.newBuilder().setMessage("Hello, " + request.getName() + "!").build());
          }
        };
    try (Server server = GrpcAio.server()) {
      server.addGenericRpcHandlers(GreeterAio.handler(strictGreeter));
      String target = "127.0.0.1:" + server.addInsecurePort("127.0.0.1:0");
      server.start().get(5, SECONDS);

      try (Channel channel = GrpcAio.insecureChannel(target)) {
        GreeterAio.Stub greeter = GreeterAio.newStub(channel);
        List<String> outcomes = new ArrayList<>();

        for (String name : List.of("Alice", "", "Mallory")) {
          String outcome;
          try {
            HelloReply reply =
                greeter
                    .sayHello(HelloRequest.newBuilder().setName(name).build())
                    .response()
                    .get(5, SECONDS);
            outcome = "ok: " + reply.getMessage();
          } catch (ExecutionException e) {
            if (!(e.getCause() instanceof AioRpcError error)) {
              throw e;
            }
            outcome =
                switch (error.code()) {
                  case NOT_FOUND -> "not found: " + error.details();
                  case INVALID_ARGUMENT -> "invalid argument: " + error.details();
                  default -> throw error;
                };
          }
          out.println("'" + name + "' -> " + outcome);
          outcomes.add(outcome);
        }

        // The same without blocking: handle() on the response future gets the AioRpcError as is.
        // (Further down a chain, after thenApply and the like, it arrives wrapped in a
        // CompletionException.)
        String outcome =
            greeter
                .sayHello(HelloRequest.newBuilder().setName("Eve").build())
                .response()
                .handle(
                    (reply, error) -> {
                      if (error == null) {
                        return "ok: " + reply.getMessage();
                      }
                      return error instanceof AioRpcError rpcError
                          ? rpcError.code() + ": " + rpcError.details()
                          : "failed: " + error;
                    })
                .get(5, SECONDS);
        out.println("'Eve' -> " + outcome);
        outcomes.add(outcome);
        return outcomes;
      }
    }
  }
}
