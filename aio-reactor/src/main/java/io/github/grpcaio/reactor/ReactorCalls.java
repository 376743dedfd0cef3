package io.github.grpcaio.reactor;

import static java.util.Objects.requireNonNull;

import io.github.grpcaio.StreamStreamCall;
import io.github.grpcaio.StreamUnaryCall;
import io.github.grpcaio.UnaryStreamCall;
import io.github.grpcaio.UnaryUnaryCall;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.function.Function;
import java.util.function.Supplier;
import org.reactivestreams.Publisher;
import reactor.adapter.JdkFlowAdapter;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Calls as Reactor publishers: a {@link Mono} for a single response, a {@link Flux} for a stream.
 *
 * <pre>{@code
 * Mono<HelloReply> reply = ReactorCalls.unaryUnary(greeter::sayHello, request);
 * Flux<HelloReply> replies = ReactorCalls.unaryStream(greeter::sayHelloStream, request);
 * Flux<HelloReply> chat = ReactorCalls.streamStream(greeter::sayHelloBidi, Flux.just(a, b, c));
 * }</pre>
 *
 * <p>Every publisher made here is <b>cold</b>: nothing is sent until it is subscribed to, and each
 * subscription starts a new RPC (so {@code retry()} and {@code repeat()} call again). Cancelling
 * the subscription ({@code dispose()}, {@code take(n)}, {@code timeout}, {@code Mono.zip} losing a
 * branch...) cancels that RPC: the server sees the cancellation.
 *
 * <p>Demand crosses exactly: a response {@code Flux} is Reactor's {@link JdkFlowAdapter} view of
 * the call itself, so what its subscriber requests is what the call asks of the transport, and an
 * idle subscriber stops the server's sender through HTTP/2 flow control. A request publisher is
 * adapted the same way and pulled one message at a time, only while the transport is ready; a
 * request stream of a call that interceptors may retry, or of a {@code Flux} subscribed to twice,
 * must be cold too (it is subscribed to once per RPC).
 *
 * <p>A non-OK status arrives as {@code onError(}{@link io.github.grpcaio.AioRpcError}{@code )},
 * after every response sent before it; a request publisher that fails cancels the RPC, which then
 * fails with a {@link java.util.concurrent.CancellationException} whose cause is that failure.
 * Signals come on the channel's executor (publish on a scheduler of your own to do slow work); a
 * function given here that throws fails the subscriber with what it threw.
 */
public final class ReactorCalls {

  private ReactorCalls() {}

  /**
   * A unary call as a {@link Mono}: {@code call} is invoked on each subscription, on the
   * subscribing thread, for instance {@code () -> greeter.sayHello(request, options)}.
   *
   * @param call starts the RPC
   * @param <Resp> the response type
   * @return a cold mono of the response
   * @throws NullPointerException if {@code call} is null
   */
  public static <Resp> Mono<Resp> unaryUnary(Supplier<? extends UnaryUnaryCall<Resp>> call) {
    requireNonNull(call, "call");
    return Mono.defer(
        () -> {
          UnaryUnaryCall<Resp> started = call.get();
          return response(started.response(), started::cancel);
        });
  }

  /**
   * A unary call as a {@link Mono}, with a stub method or a multi-callable's {@code call}: {@code
   * ReactorCalls.unaryUnary(greeter::sayHello, request)}.
   *
   * @param method starts the RPC with a request
   * @param request the request
   * @param <Req> the request type
   * @param <Resp> the response type
   * @return a cold mono of the response
   * @throws NullPointerException if an argument is null
   */
  public static <Req, Resp> Mono<Resp> unaryUnary(
      Function<? super Req, ? extends UnaryUnaryCall<Resp>> method, Req request) {
    requireNonNull(method, "method");
    requireNonNull(request, "request");
    return unaryUnary(() -> method.apply(request));
  }

  /**
   * A server-streaming call as a {@link Flux}: {@code call} is invoked on each subscription.
   *
   * @param call starts the RPC
   * @param <Resp> the response type
   * @return a cold flux of the responses
   * @throws NullPointerException if {@code call} is null
   */
  public static <Resp> Flux<Resp> unaryStream(Supplier<? extends UnaryStreamCall<Resp>> call) {
    requireNonNull(call, "call");
    return Flux.defer(() -> responses(call.get()));
  }

  /**
   * A server-streaming call as a {@link Flux}, with a stub method: {@code
   * ReactorCalls.unaryStream(greeter::sayHelloStream, request)}.
   *
   * @param method starts the RPC with a request
   * @param request the request
   * @param <Req> the request type
   * @param <Resp> the response type
   * @return a cold flux of the responses
   * @throws NullPointerException if an argument is null
   */
  public static <Req, Resp> Flux<Resp> unaryStream(
      Function<? super Req, ? extends UnaryStreamCall<Resp>> method, Req request) {
    requireNonNull(method, "method");
    requireNonNull(request, "request");
    return unaryStream(() -> method.apply(request));
  }

  /**
   * A client-streaming call as a {@link Mono}, its requests from a Reactive Streams publisher (a
   * {@code Flux}, a {@code Mono}): {@code ReactorCalls.streamUnary(greeter::sayHelloClientStream,
   * requests)}. Each subscription starts an RPC that subscribes to {@code requests}.
   *
   * @param method starts the RPC with a request stream: a stub method or a multi-callable's {@code
   *     call}
   * @param requests the requests
   * @param <Req> the request type
   * @param <Resp> the response type
   * @return a cold mono of the response
   * @throws NullPointerException if an argument is null
   */
  public static <Req, Resp> Mono<Resp> streamUnary(
      Function<? super Flow.Publisher<Req>, ? extends StreamUnaryCall<Req, Resp>> method,
      Publisher<Req> requests) {
    requireNonNull(method, "method");
    requireNonNull(requests, "requests");
    return Mono.defer(
        () -> {
          StreamUnaryCall<Req, Resp> started = method.apply(requestStream(requests));
          return response(started.response(), started::cancel);
        });
  }

  /**
   * A bidirectional-streaming call as a {@link Flux}, its requests from a Reactive Streams
   * publisher: {@code ReactorCalls.streamStream(greeter::sayHelloBidi, requests)}. Each
   * subscription starts an RPC that subscribes to {@code requests}.
   *
   * @param method starts the RPC with a request stream: a stub method or a multi-callable's {@code
   *     call}
   * @param requests the requests
   * @param <Req> the request type
   * @param <Resp> the response type
   * @return a cold flux of the responses
   * @throws NullPointerException if an argument is null
   */
  public static <Req, Resp> Flux<Resp> streamStream(
      Function<? super Flow.Publisher<Req>, ? extends StreamStreamCall<Req, Resp>> method,
      Publisher<Req> requests) {
    requireNonNull(method, "method");
    requireNonNull(requests, "requests");
    return Flux.defer(() -> responses(method.apply(requestStream(requests))));
  }

  /**
   * A Reactive Streams publisher as the request stream of a call, for the stub methods and
   * multi-callables that take a {@link Flow.Publisher}: Reactor's own bridge, which passes demand
   * and cancellation through unchanged.
   *
   * @param requests the requests
   * @param <Req> the request type
   * @return the same stream as a {@link Flow.Publisher}
   * @throws NullPointerException if {@code requests} is null
   */
  public static <Req> Flow.Publisher<Req> requestStream(Publisher<Req> requests) {
    return JdkFlowAdapter.publisherToFlowPublisher(requireNonNull(requests, "requests"));
  }

  /** The response stream of a started call; cancelling the flux cancels the call's stream. */
  private static <Resp> Flux<Resp> responses(Flow.Publisher<Resp> call) {
    return JdkFlowAdapter.flowPublisherToFlux(requireNonNull(call, "the started call"));
  }

  /**
   * The response future of a started call as a mono. A failure is signalled at once, without
   * waiting for demand (rule 1.4); cancelling the mono cancels the RPC.
   */
  private static <Resp> Mono<Resp> response(CompletableFuture<Resp> response, Runnable cancel) {
    return Mono.create(
        sink -> {
          sink.onCancel(cancel::run);
          // The call's own future: a failure is the AioRpcError itself, not a CompletionException.
          response.whenComplete(
              (value, failure) -> {
                if (failure != null) {
                  sink.error(failure);
                } else {
                  sink.success(value);
                }
              });
        });
  }
}
