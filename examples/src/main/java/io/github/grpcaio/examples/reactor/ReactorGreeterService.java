package io.github.grpcaio.examples.reactor;

import io.github.grpcaio.ServicerContext;
import io.github.grpcaio.examples.hello.GreeterAio;
import io.github.grpcaio.examples.hello.HelloReply;
import io.github.grpcaio.examples.hello.HelloRequest;
import io.github.grpcaio.reactor.ReactorHandlers;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code helloworld.Greeter} written with Reactor: each method builds a {@code Mono} or a {@code
 * Flux}, and {@link ReactorHandlers} bridges it into the generated servicer (the responses of a
 * {@code Flux} are written as the transport is ready for them; when the client cancels, the
 * subscription is cancelled).
 */
public final class ReactorGreeterService implements GreeterAio.Servicer {

  /** How many replies {@code SayHelloStream} sends. */
  public static final int STREAM_REPLIES = 3;

  /** Answers {@code "Hello, <name>!"}. */
  @Override
  public CompletionStage<HelloReply> sayHello(
      HelloRequest request, ServicerContext<HelloRequest, HelloReply> context) {
    return ReactorHandlers.respond(Mono.just(greet(request.getName())), context);
  }

  /** Answers {@code "Hello, <name>! (i/3)"} three times. */
  @Override
  public CompletionStage<?> sayHelloStream(
      HelloRequest request, ServicerContext<HelloRequest, HelloReply> context) {
    Flux<HelloReply> replies =
        Flux.range(1, STREAM_REPLIES)
            .map(i -> greet(request.getName() + "! (" + i + "/" + STREAM_REPLIES + ")"));
    return ReactorHandlers.writeAll(replies, context);
  }

  /** Reads every request, then answers once: {@code "Hello, Alice, Bob, Carol!"}. */
  @Override
  public CompletionStage<HelloReply> sayHelloClientStream(
      Flow.Publisher<HelloRequest> requests, ServicerContext<HelloRequest, HelloReply> context) {
    Mono<HelloReply> reply =
        ReactorHandlers.requests(requests)
            .map(HelloRequest::getName)
            .collectList()
            .map(names -> greet(String.join(", ", names)));
    return ReactorHandlers.respond(reply, context);
  }

  /** Answers each request as it arrives: {@code "Hello, <name>!"}. */
  @Override
  public CompletionStage<?> sayHelloBidi(
      Flow.Publisher<HelloRequest> requests, ServicerContext<HelloRequest, HelloReply> context) {
    return ReactorHandlers.writeAll(
        ReactorHandlers.requests(requests).map(request -> greet(request.getName())), context);
  }

  /** {@code "Hello, <who>!"}, or for a stream reply (who ends with ")") without the last "!". */
  private static HelloReply greet(String who) {
    String message = who.endsWith(")") ? "Hello, " + who : "Hello, " + who + "!";
    return HelloReply.newBuilder().setMessage(message).build();
  }
}
