package io.github.grpcaio.examples.aio;

import static java.util.concurrent.TimeUnit.SECONDS;

import io.github.grpcaio.Channel;
import io.github.grpcaio.Server;
import io.github.grpcaio.ServicerContext;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.UnaryStreamCall;
import io.github.grpcaio.core.GrpcAio;
import io.github.grpcaio.examples.hello.GreeterAio;
import io.github.grpcaio.examples.hello.HelloReply;
import io.github.grpcaio.examples.hello.HelloRequest;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Server streaming, cancelled by the client after five responses. In Python:
 *
 * <pre>
 * call = stub.SayHelloStream(request)
 * count = 0
 * async for response in call:
 *     count += 1
 *     if count &gt;= 5:
 *         call.cancel()
 *         break
 * </pre>
 *
 * <p>{@code cancel()} ends the RPC at once on both sides: the client's code becomes {@code
 * CANCELLED} with details {@code "Locally cancelled by application!"}, further reads fail with a
 * {@link CancellationException} (Python's {@code CancelledError}), and the server's handler sees
 * {@code context.cancelled()}. Cancelling the subscription of a subscriber does the same.
 */
public final class ServerStreamingCancellation {

  /**
   * What happened.
   *
   * @param received the replies read before cancelling
   * @param cancelReturned what {@code cancel()} returned
   * @param cancelled what {@code cancelled()} returned afterwards
   * @param code the final status code
   * @param details the final status details
   * @param serverSawCancel whether the server's handler saw the RPC cancelled
   */
  public record Result(
      List<String> received,
      boolean cancelReturned,
      boolean cancelled,
      StatusCode code,
      String details,
      boolean serverSawCancel) {}

  private ServerStreamingCancellation() {}

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
   * Reads five replies of a long stream, then cancels the call.
   *
   * @param out where to print what happens
   * @return what happened
   * @throws Exception if an RPC fails in an unexpected way or takes too long
   */
  public static Result run(PrintStream out) throws Exception {
    // The server streams greetings until the client cancels: a stream that never ends by itself.
    // It cannot run away: each write waits until the transport took the previous one, and HTTP/2
    // flow control stops the transport once the client's window is full.
    CompletableFuture<Boolean> serverSawCancel = new CompletableFuture<>();
    GreeterAio.Servicer streamer =
        new GreeterAio.Servicer() {
          @Override
          public CompletionStage<?> sayHelloStream(
              HelloRequest request, ServicerContext<HelloRequest, HelloReply> context) {
            context.addDoneCallback(rpc -> serverSawCancel.complete(rpc.cancelled()));
            CompletableFuture<Void> done = new CompletableFuture<>();
            writeFrom(1, request.getName(), context, done);
            return done;
          }
        };
    try (Server server = GrpcAio.server()) {
      server.addGenericRpcHandlers(GreeterAio.handler(streamer));
      String target = "127.0.0.1:" + server.addInsecurePort("127.0.0.1:0");
      server.start().get(5, SECONDS);

      try (Channel channel = GrpcAio.insecureChannel(target)) {
        UnaryStreamCall<HelloReply> call =
            GreeterAio.newStub(channel)
                .sayHelloStream(HelloRequest.newBuilder().setName("you").build());
        // The blocking form of `async for`, for a thread that may wait (this one): hasNext()
        // waits for the next reply and is false if the server ended the stream first.
        Iterator<HelloReply> replies = call.blockingIterator();
        List<String> received = new ArrayList<>();
        while (received.size() < 5 && replies.hasNext()) {
          String reply = replies.next().getMessage();
          out.println("received: " + reply);
          received.add(reply);
        }

        boolean cancelReturned = call.cancel();
        out.println("cancel() returned " + cancelReturned + ", cancelled() is " + call.cancelled());
        StatusCode code = call.code().get(5, SECONDS);
        String details = call.details().get(5, SECONDS);
        out.println("code: " + code + ", details: " + details);

        try {
          call.read().get(5, SECONDS);
          throw new IllegalStateException("read() after cancel() returned normally");
        } catch (CancellationException e) {
          out.println("read() after cancel(): CancellationException");
        }

        boolean sawCancel = serverSawCancel.get(5, SECONDS);
        out.println("the server's handler saw cancelled(): " + sawCancel);
        return new Result(received, cancelReturned, call.cancelled(), code, details, sawCancel);
      }
    }
  }

  /**
   * Writes reply number {@code i}, and the next one once it was sent: the Java form of {@code for i
   * in itertools.count(1): await context.write(...)}. A write fails once the RPC was cancelled,
   * which ends the loop.
   */
  private static void writeFrom(
      int i,
      String name,
      ServicerContext<HelloRequest, HelloReply> context,
      CompletableFuture<Void> done) {
    context
        .write(HelloReply.newBuilder().setMessage("Hello, " + name + "! #" + i).build())
        .whenComplete(
            (sent, error) -> {
              if (error != null) {
                done.completeExceptionally(error);
              } else {
                writeFrom(i + 1, name, context, done);
              }
            });
  }
}
