package io.github.grpcaio.examples.aio;

import static java.util.concurrent.TimeUnit.SECONDS;

import io.github.grpcaio.Channel;
import io.github.grpcaio.Server;
import io.github.grpcaio.ServicerContext;
import io.github.grpcaio.core.GrpcAio;
import io.github.grpcaio.examples.hello.GreeterAio;
import io.github.grpcaio.examples.hello.HelloReply;
import io.github.grpcaio.examples.hello.HelloRequest;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Many requests in flight at once. In Python:
 *
 * <pre>
 * calls = [stub.SayHello(helloworld_pb2.HelloRequest(name=f"user{i}")) for i in range(20)]
 * responses = await asyncio.gather(*calls)
 * </pre>
 *
 * <p>Each {@code call()} starts its RPC at once and returns without waiting; {@link
 * CompletableFuture#allOf} is {@code asyncio.gather}. No thread waits for any single response, so a
 * handful of threads carries any number of calls.
 */
public final class ConcurrentRequests {

  /** How many calls the example makes at once. */
  static final int REQUESTS = 20;

  private ConcurrentRequests() {}

  /**
   * Runs the example.
   *
   * @param args ignored
   * @throws Exception if an RPC fails
   */
  public static void main(String[] args) throws Exception {
    try {
      run(System.out);
    } finally {
      GrpcAio.shutdown();
    }
  }

  /**
   * Starts {@link #REQUESTS} calls, then waits for all of them.
   *
   * @param out where to print what happens
   * @return the replies, in the order the calls were made
   * @throws Exception if an RPC fails or takes too long
   */
  public static List<String> run(PrintStream out) throws Exception {
    // The server answers nobody before all REQUESTS requests have arrived: the example finishes
    // only if the calls really are in flight at the same time.
    AtomicInteger arrived = new AtomicInteger();
    CompletableFuture<Void> allArrived = new CompletableFuture<>();
    GreeterAio.Servicer gatheringGreeter =
        new GreeterAio.Servicer() {
          @Override
          public CompletionStage<HelloReply> sayHello(
              HelloRequest request, ServicerContext<HelloRequest, HelloReply> context) {
            if (arrived.incrementAndGet() == REQUESTS) {
              allArrived.complete(null);
            }
            return allArrived.thenApply(
                all ->
                    HelloReply.newBuilder()
                        .setMessage("Hello, " + request.getName() + "!")
                        .build());
          }
        };
    try (Server server = GrpcAio.server()) {
      server.addGenericRpcHandlers(GreeterAio.handler(gatheringGreeter));
      String target = "127.0.0.1:" + server.addInsecurePort("127.0.0.1:0");
      server.start().get(5, SECONDS);

      try (Channel channel = GrpcAio.insecureChannel(target)) {
        GreeterAio.Stub greeter = GreeterAio.newStub(channel);
        List<CompletableFuture<HelloReply>> responses = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
          responses.add(
              greeter.sayHello(HelloRequest.newBuilder().setName("user" + i).build()).response());
        }
        out.println("started " + responses.size() + " calls");

        CompletableFuture.allOf(responses.toArray(new CompletableFuture<?>[0])).get(10, SECONDS);
        List<String> replies = responses.stream().map(f -> f.join().getMessage()).toList();
        out.println(
            "received "
                + replies.size()
                + " replies: "
                + replies.get(0)
                + " ... "
                + replies.get(replies.size() - 1));
        return replies;
      }
    }
  }
}
