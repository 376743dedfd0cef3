package io.github.grpcaio.examples.aio;

import static java.util.concurrent.TimeUnit.SECONDS;

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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Bidirectional streaming with a writer task. In Python:
 *
 * <pre>
 * call = stub.SayHelloBidi()
 *
 * async def writer():
 *     for name in names:
 *         await call.write(helloworld_pb2.HelloRequest(name=name))
 *     await call.done_writing()
 *
 * writer_task = asyncio.create_task(writer())
 * async for response in call:
 *     print(response.message)
 * await writer_task
 * </pre>
 *
 * <p>The writer task is a chain of futures: each {@code write()} starts when the previous one was
 * handed to the transport, and {@code doneWriting()} half-closes after the last. It runs while this
 * thread reads; the two directions of the call are independent.
 */
public final class BidiStreamingWithWriter {

  static final List<String> NAMES = List.of("Alice", "Bob", "Carol", "Dave");

  /**
   * What happened.
   *
   * @param replies the replies, in order
   * @param code the final status code
   */
  public record Result(List<String> replies, StatusCode code) {}

  private BidiStreamingWithWriter() {}

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
   * Writes {@link #NAMES} from a writer task while reading the replies.
   *
   * @param out where to print what happens
   * @return what happened
   * @throws Exception if the RPC fails or takes too long
   */
  public static Result run(PrintStream out) throws Exception {
    // A server that answers each request as it arrives.
    try (Server server = GrpcAio.server()) {
      server.addGenericRpcHandlers(GreeterAio.handler(new GreeterService()));
      String target = "127.0.0.1:" + server.addInsecurePort("127.0.0.1:0");
      server.start().get(5, SECONDS);

      try (Channel channel = GrpcAio.insecureChannel(target)) {
        StreamStreamCall<HelloRequest, HelloReply> call =
            GreeterAio.newStub(channel).sayHelloBidi();

        // The writer task.
        CompletableFuture<Void> writer = CompletableFuture.completedFuture(null);
        for (String name : NAMES) {
          writer =
              writer.thenCompose(
                  previous -> call.write(HelloRequest.newBuilder().setName(name).build()));
        }
        writer = writer.thenCompose(previous -> call.doneWriting());

        // Meanwhile, read until the server ends the stream.
        List<String> replies = new ArrayList<>(); // one action at a time
        call.forEach(
                reply -> {
                  out.println("received: " + reply.getMessage());
                  replies.add(reply.getMessage());
                })
            .get(5, SECONDS);
        writer.get(5, SECONDS);

        StatusCode code = call.code().get(5, SECONDS);
        out.println("status: " + code);
        return new Result(replies, code);
      }
    }
  }
}
