package io.github.grpcaio.examples.hello;

import static java.util.concurrent.TimeUnit.NANOSECONDS;

import io.github.grpcaio.ServicerContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;

/**
 * The examples' implementation of {@code helloworld.Greeter}: each method greets by name. None of
 * them blocks a thread; each returns a stage that completes when its work is done.
 */
public class GreeterService implements GreeterAio.Servicer {

  /** How many replies {@code SayHelloStream} sends. */
  public static final int STREAM_REPLIES = 3;

  private final Duration sayHelloDelay;

  /** Creates the service; it answers at once. */
  public GreeterService() {
    this(Duration.ZERO);
  }

  /**
   * Creates a service whose {@code SayHello} takes its time, to show deadlines and grace periods.
   *
   * @param sayHelloDelay how long {@code SayHello} waits before it answers
   */
  public GreeterService(Duration sayHelloDelay) {
    this.sayHelloDelay = Objects.requireNonNull(sayHelloDelay, "sayHelloDelay");
  }

  /** Answers {@code "Hello, <name>!"}, after the delay given at construction. */
  @Override
  public CompletionStage<HelloReply> sayHello(
      HelloRequest request, ServicerContext<HelloRequest, HelloReply> context) {
    if (sayHelloDelay.isZero()) {
      return CompletableFuture.completedFuture(greet(request.getName()));
    }
    // Python's `await asyncio.sleep(delay)`: no thread waits meanwhile.
    Executor later = CompletableFuture.delayedExecutor(sayHelloDelay.toNanos(), NANOSECONDS);
    return CompletableFuture.supplyAsync(() -> greet(request.getName()), later);
  }

  /** Answers {@code "Hello, <name>! (i/3)"} three times. */
  @Override
  public CompletionStage<?> sayHelloStream(
      HelloRequest request, ServicerContext<HelloRequest, HelloReply> context) {
    // Each write starts when the previous one was sent, as `await context.write(...)` in a loop.
    CompletableFuture<Void> written = CompletableFuture.completedFuture(null);
    for (int i = 1; i <= STREAM_REPLIES; i++) {
      HelloReply reply =
          HelloReply.newBuilder()
              .setMessage("Hello, " + request.getName() + "! (" + i + "/" + STREAM_REPLIES + ")")
              .build();
      written = written.thenCompose(previous -> context.write(reply));
    }
    return written;
  }

  /** Reads every request, then answers once: {@code "Hello, Alice, Bob and Carol!"}. */
  @Override
  public CompletionStage<HelloReply> sayHelloClientStream(
      Flow.Publisher<HelloRequest> requests, ServicerContext<HelloRequest, HelloReply> context) {
    List<String> seen = new ArrayList<>(); // one action at a time: the next request waits
    return context
        .forEachRequest(request -> seen.add(request.getName()))
        .thenApply(done -> greet(names(seen)));
  }

  /** Answers each request as it arrives: {@code "Hello, <name>!"}. */
  @Override
  public CompletionStage<?> sayHelloBidi(
      Flow.Publisher<HelloRequest> requests, ServicerContext<HelloRequest, HelloReply> context) {
    // The next request is read once the reply to this one was sent.
    return context.forEachRequestAsync(request -> context.write(greet(request.getName())));
  }

  private static HelloReply greet(String name) {
    return HelloReply.newBuilder().setMessage("Hello, " + name + "!").build();
  }

  /** Joins names as English does: {@code "Alice, Bob and Carol"}. */
  private static String names(List<String> names) {
    if (names.isEmpty()) {
      return "nobody";
    }
    if (names.size() == 1) {
      return names.get(0);
    }
    return String.join(", ", names.subList(0, names.size() - 1))
        + " and "
        + names.get(names.size() - 1);
  }
}
