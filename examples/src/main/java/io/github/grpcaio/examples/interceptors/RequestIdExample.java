package io.github.grpcaio.examples.interceptors;

import static java.util.concurrent.TimeUnit.SECONDS;

import io.github.grpcaio.CallOptions;
import io.github.grpcaio.Channel;
import io.github.grpcaio.ChannelOptions;
import io.github.grpcaio.Metadata;
import io.github.grpcaio.Server;
import io.github.grpcaio.ServerOptions;
import io.github.grpcaio.ServicerContext;
import io.github.grpcaio.UnaryUnaryCall;
import io.github.grpcaio.core.GrpcAio;
import io.github.grpcaio.examples.hello.GreeterAio;
import io.github.grpcaio.examples.hello.HelloReply;
import io.github.grpcaio.examples.hello.HelloRequest;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.logging.Logger;

/**
 * A request-id interceptor pair on the Greeter. In Python:
 *
 * <pre>
 * class RequestIdInterceptor(grpc.aio.UnaryUnaryClientInterceptor):
 *     async def intercept_unary_unary(self, continuation, details, request):
 *         if 'request_id' not in details.metadata:
 *             details.metadata.add('request_id', str(uuid.uuid4()))
 *         return await continuation(details, request)
 *
 * channel = grpc.aio.insecure_channel(target, interceptors=[RequestIdInterceptor()])
 * server = grpc.aio.server(interceptors=[LoggingContextInterceptor()])
 * </pre>
 *
 * <p>Two calls: one without a request id (the client interceptor makes one up) and one with an id
 * chosen by the caller (kept). The server logs each RPC's lines with its id and returns the id in
 * the trailing metadata, where the client reads it.
 */
public final class RequestIdExample {

  private static final Logger logger = Logger.getLogger(RequestIdExample.class.getName());

  /**
   * What one call showed.
   *
   * @param reply the greeting
   * @param requestId the request id the server returned in the trailing metadata
   */
  public record Result(String reply, String requestId) {}

  private RequestIdExample() {}

  /**
   * Runs the example.
   *
   * @param args ignored
   * @throws Exception if an RPC fails
   */
  public static void main(String[] args) throws Exception {
    try {
      run(System.out, "my-own-id");
    } finally {
      GrpcAio.shutdown();
    }
  }

  /**
   * Makes two calls, the first without a request id, the second with {@code chosenId}.
   *
   * @param out where server log lines and results are printed
   * @param chosenId the request id of the second call
   * @return what the two calls showed
   * @throws Exception if an RPC fails or takes too long
   */
  public static List<Result> run(PrintStream out, String chosenId) throws Exception {
    RequestIdServerInterceptor logging =
        new RequestIdServerInterceptor(
            line -> {
              logger.info(line);
              out.println("server: " + line);
            });
    GreeterAio.Servicer greeter =
        new GreeterAio.Servicer() {
          @Override
          public CompletionStage<HelloReply> sayHello(
              HelloRequest request, ServicerContext<HelloRequest, HelloReply> context) {
            logging.log("greeting " + request.getName());
            return CompletableFuture.completedFuture(
                HelloReply.newBuilder().setMessage("Hello, " + request.getName() + "!").build());
          }
        };
    ServerOptions serverOptions = ServerOptions.builder().interceptors(List.of(logging)).build();
    try (Server server = GrpcAio.server(serverOptions)) {
      GreeterAio.addGreeterServicerToServer(greeter, server);
      String target = "127.0.0.1:" + server.addInsecurePort("127.0.0.1:0");
      server.start().get(5, SECONDS);

      ChannelOptions channelOptions =
          ChannelOptions.builder().interceptors(List.of(new RequestIdClientInterceptor())).build();
      try (Channel channel = GrpcAio.insecureChannel(target, channelOptions)) {
        Result generated = call(channel, "you", CallOptions.DEFAULT, out);
        Result chosen =
            call(
                channel,
                "me",
                CallOptions.DEFAULT.withMetadata(
                    Metadata.of(RequestIdClientInterceptor.KEY, chosenId)),
                out);
        return List.of(generated, chosen);
      }
    }
  }

  private static Result call(Channel channel, String name, CallOptions options, PrintStream out)
      throws Exception {
    UnaryUnaryCall<HelloReply> call =
        GreeterAio.newStub(channel)
            .sayHello(HelloRequest.newBuilder().setName(name).build(), options);
    String reply = call.response().get(5, SECONDS).getMessage();
    String requestId = call.trailingMetadata().get(5, SECONDS).get(RequestIdClientInterceptor.KEY);
    out.println("client: " + reply + " [request_id=" + requestId + "]");
    return new Result(reply, requestId);
  }
}
