package io.github.grpcaio.examples.hello;

import io.github.grpcaio.ServicerContext;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * {@code helloworld.Greeter} written as plain blocking code, as a synchronous Python servicer is:
 * each method returns its reply, reads requests from an iterator and writes with {@code
 * blockingWrite}, which waits while the client is not ready. Served with {@code
 * ServerOptions.builder().virtualThreads()}, each RPC gets a virtual thread of its own on Java 21+
 * (blocking there costs no platform thread), and a thread of the server's executor on Java 17.
 */
public class BlockingGreeterService implements GreeterAio.BlockingServicer {

  /** How many replies {@code SayHelloStream} sends. */
  public static final int STREAM_REPLIES = 3;

  /** Answers {@code "Hello, <name>! (on a virtual thread)"}, or "platform thread" on Java 17. */
  @Override
  public HelloReply sayHello(
      HelloRequest request, ServicerContext<HelloRequest, HelloReply> context) {
    return greet(request.getName() + "! (on a " + threadKind() + ")");
  }

  /** Writes {@code "Hello, <name>! (i/3)"} three times, each once the client can take it. */
  @Override
  public void sayHelloStream(
      HelloRequest request, ServicerContext<HelloRequest, HelloReply> context) {
    for (int i = 1; i <= STREAM_REPLIES; i++) {
      context.blockingWrite(greet(request.getName() + "! (" + i + "/" + STREAM_REPLIES + ")"));
    }
  }

  /** Reads every request, then answers once: {@code "Hello, Alice, Bob and Carol!"}. */
  @Override
  public HelloReply sayHelloClientStream(
      Iterator<HelloRequest> requests, ServicerContext<HelloRequest, HelloReply> context) {
    List<String> names = new ArrayList<>();
    requests.forEachRemaining(request -> names.add(request.getName()));
    if (names.size() > 1) {
      String last = names.remove(names.size() - 1);
      return greet(String.join(", ", names) + " and " + last + "!");
    }
    return greet((names.isEmpty() ? "nobody" : names.get(0)) + "!");
  }

  /** Answers each request as it arrives: {@code "Hello, <name>!"}. */
  @Override
  public void sayHelloBidi(
      Iterator<HelloRequest> requests, ServicerContext<HelloRequest, HelloReply> context) {
    while (requests.hasNext()) {
      context.blockingWrite(greet(requests.next().getName() + "!"));
    }
  }

  private static HelloReply greet(String text) {
    return HelloReply.newBuilder().setMessage("Hello, " + text).build();
  }

  /** "virtual thread" on Java 21+ with virtualThreads(); "platform thread" otherwise. */
  private static String threadKind() {
    // Thread.isVirtual() is Java 21 API; the examples compile for 17. Virtual threads made by
    // the library are named grpc-aio-virtual-N.
    return Thread.currentThread().getName().startsWith("grpc-aio-virtual-")
        ? "virtual thread"
        : "platform thread";
  }
}
