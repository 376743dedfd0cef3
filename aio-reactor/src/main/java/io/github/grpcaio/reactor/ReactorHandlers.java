package io.github.grpcaio.reactor;

import static java.util.Objects.requireNonNull;

import io.github.grpcaio.AbortError;
import io.github.grpcaio.AioRpcError;
import io.github.grpcaio.RpcMethodHandler;
import io.github.grpcaio.ServicerContext;
import io.grpc.MethodDescriptor;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.function.BiFunction;
import org.reactivestreams.Publisher;
import reactor.adapter.JdkFlowAdapter;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Server handlers written with Reactor: handler factories for {@link
 * io.github.grpcaio.ServiceRpcHandler#of}, and bridges for the methods of a generated {@code
 * XxxAio.Servicer}.
 *
 * <pre>{@code
 * // handler factories, one per method
 * ServiceRpcHandler.of(GreeterAio.getServiceDescriptor(), Map.of(
 *     "SayHello", ReactorHandlers.unaryUnary(GreeterGrpc.getSayHelloMethod(),
 *         (request, context) -> Mono.just(greet(request))),
 *     "SayHelloBidi", ReactorHandlers.streamStream(GreeterGrpc.getSayHelloBidiMethod(),
 *         (requests, context) -> requests.map(r -> greet(r)))));
 *
 * // or inside a generated servicer
 * public CompletionStage<?> sayHelloStream(HelloRequest request, ServicerContext<...> context) {
 *   return ReactorHandlers.writeAll(Flux.range(1, 3).map(i -> greet(request, i)), context);
 * }
 * }</pre>
 *
 * <p>Demand crosses exactly: the request {@code Flux} a handler gets is Reactor's {@link
 * JdkFlowAdapter} view of the RPC's request stream, which asks the transport for what its
 * subscriber requested and no more; a response publisher is pulled one message at a time, only
 * while the transport is ready. When the RPC is cancelled (client cancel, deadline, server stop),
 * the subscription to the handler's {@code Mono} or response publisher is cancelled and the request
 * {@code Flux} signals {@link java.util.concurrent.CancellationException}.
 *
 * <p>Errors: a handler's {@code Mono.error(e)} or failing response publisher ends the RPC as a
 * throwing handler does ({@code UNKNOWN}), except that an {@link AioRpcError} (the failure of a
 * call the handler made, for instance) ends it with that error's code and details, and an {@link
 * AbortError} (from {@link ServicerContext#abort}) keeps the status the abort sent. A handler
 * function that throws ends the RPC as a throwing handler does. A {@code Mono} that completes empty
 * where a response is due ends the RPC with {@code UNKNOWN} (a {@link NoSuchElementException}).
 *
 * <p>The handler functions run on the server's executor; the publishers they return may signal on
 * any thread.
 */
public final class ReactorHandlers {

  private ReactorHandlers() {}

  /**
   * A handler for one request and one response, given as a {@link Mono}.
   *
   * @param method the method's descriptor; its marshallers are used
   * @param behavior makes the response of one RPC
   * @param <Req> the request type
   * @param <Resp> the response type
   * @return the handler
   * @throws IllegalArgumentException if the descriptor is not of a unary method
   * @throws NullPointerException if an argument is null
   */
  public static <Req, Resp> RpcMethodHandler<Req, Resp> unaryUnary(
      MethodDescriptor<Req, Resp> method,
      BiFunction<? super Req, ServicerContext<Req, Resp>, ? extends Mono<Resp>> behavior) {
    requireNonNull(behavior, "behavior");
    return RpcMethodHandler.unaryUnary(
        method, (request, context) -> respond(behavior.apply(request, context), context));
  }

  /**
   * A handler for one request and a stream of responses, given as a Reactive Streams publisher (a
   * {@code Flux}).
   *
   * @param method the method's descriptor; its marshallers are used
   * @param behavior makes the responses of one RPC
   * @param <Req> the request type
   * @param <Resp> the response type
   * @return the handler
   * @throws IllegalArgumentException if the descriptor is not of a server-streaming method
   * @throws NullPointerException if an argument is null
   */
  public static <Req, Resp> RpcMethodHandler<Req, Resp> unaryStream(
      MethodDescriptor<Req, Resp> method,
      BiFunction<? super Req, ServicerContext<Req, Resp>, ? extends Publisher<Resp>> behavior) {
    requireNonNull(behavior, "behavior");
    return RpcMethodHandler.unaryStream(
        method, (request, context) -> responses(behavior.apply(request, context), context));
  }

  /**
   * A handler for a stream of requests, given as a {@link Flux}, and one response, as a {@link
   * Mono}. The request flux allows one subscriber.
   *
   * @param method the method's descriptor; its marshallers are used
   * @param behavior makes the response of one RPC from its requests
   * @param <Req> the request type
   * @param <Resp> the response type
   * @return the handler
   * @throws IllegalArgumentException if the descriptor is not of a client-streaming method
   * @throws NullPointerException if an argument is null
   */
  public static <Req, Resp> RpcMethodHandler<Req, Resp> streamUnary(
      MethodDescriptor<Req, Resp> method,
      BiFunction<? super Flux<Req>, ServicerContext<Req, Resp>, ? extends Mono<Resp>> behavior) {
    requireNonNull(behavior, "behavior");
    return RpcMethodHandler.streamUnary(
        method,
        (requests, context) -> respond(behavior.apply(requests(requests), context), context));
  }

  /**
   * A handler for streams both ways: the requests as a {@link Flux}, the responses as a Reactive
   * Streams publisher. The request flux allows one subscriber.
   *
   * @param method the method's descriptor; its marshallers are used
   * @param behavior makes the responses of one RPC from its requests
   * @param <Req> the request type
   * @param <Resp> the response type
   * @return the handler
   * @throws IllegalArgumentException if the descriptor is not of a bidirectional-streaming method
   * @throws NullPointerException if an argument is null
   */
  public static <Req, Resp> RpcMethodHandler<Req, Resp> streamStream(
      MethodDescriptor<Req, Resp> method,
      BiFunction<? super Flux<Req>, ServicerContext<Req, Resp>, ? extends Publisher<Resp>>
          behavior) {
    requireNonNull(behavior, "behavior");
    return RpcMethodHandler.streamStream(
        method,
        (requests, context) -> responses(behavior.apply(requests(requests), context), context));
  }

  /**
   * The request stream of an RPC as a {@link Flux}, for the methods of a generated servicer that
   * take a {@link Flow.Publisher}: Reactor's own bridge, demand and cancellation unchanged. The
   * stream allows one subscriber.
   *
   * @param requests the RPC's request stream
   * @param <Req> the request type
   * @return the same stream as a flux
   * @throws NullPointerException if {@code requests} is null
   */
  public static <Req> Flux<Req> requests(Flow.Publisher<Req> requests) {
    return JdkFlowAdapter.flowPublisherToFlux(requireNonNull(requests, "requests"));
  }

  /**
   * A {@link Mono} as the response of a generated servicer's unary or client-streaming method:
   * subscribes to it and returns a stage completing with its value. When the RPC is cancelled, the
   * server cancels the stage, which cancels the subscription. Errors as described on this class.
   *
   * @param response the response
   * @param context the RPC's context
   * @param <Resp> the response type
   * @return the stage to return from the servicer method
   * @throws NullPointerException if an argument is null
   */
  public static <Resp> CompletionStage<Resp> respond(
      Mono<Resp> response, ServicerContext<?, ?> context) {
    requireNonNull(context, "context");
    return requireNonNull(response, "response")
        .switchIfEmpty(
            Mono.error(
                () ->
                    new NoSuchElementException("The handler's Mono completed without a response")))
        .onErrorMap(failure -> keepStatus(failure, context))
        .toFuture();
  }

  /**
   * A Reactive Streams publisher as the responses of a generated servicer's server- or
   * bidirectional-streaming method: each response is written with {@link ServicerContext#write},
   * the next requested only once the previous write completed (so the transport's readiness holds
   * the publisher back). The returned stage completes when the publisher completed and its last
   * write was sent; when the RPC is cancelled the server cancels the stage, which cancels the
   * subscription. Errors as described on this class.
   *
   * @param responses the responses
   * @param context the RPC's context, to write with
   * @param <Resp> the response type
   * @return the stage to return from the servicer method
   * @throws NullPointerException if an argument is null
   */
  public static <Resp> CompletionStage<Void> writeAll(
      Publisher<Resp> responses, ServicerContext<?, Resp> context) {
    requireNonNull(context, "context");
    return Flux.from(requireNonNull(responses, "responses"))
        // prefetch 0: one response requested at a time, the next once its write completed
        .concatMap(response -> Mono.fromFuture(() -> context.write(response), true), 0)
        .then()
        .onErrorMap(failure -> keepStatus(failure, context))
        .toFuture();
  }

  private static <Resp> Flow.Publisher<Resp> responses(
      Publisher<Resp> responses, ServicerContext<?, ?> context) {
    return JdkFlowAdapter.publisherToFlowPublisher(
        Flux.from(requireNonNull(responses, "the handler's publisher"))
            .onErrorMap(failure -> keepStatus(failure, context)));
  }

  /**
   * An {@link AioRpcError} becomes an abort with its code and details, so the client sees the
   * status the handler failed with; anything else is passed on as it is.
   */
  static Throwable keepStatus(Throwable failure, ServicerContext<?, ?> context) {
    if (!(failure instanceof AioRpcError error)) {
      return failure;
    }
    try {
      return context.abort(error.code(), error.details());
    } catch (AbortError aborted) {
      return aborted;
    } catch (RuntimeException notAborted) {
      // Already aborted, or ended: the RPC's status is settled, the error stays as it is.
      failure.addSuppressed(notAborted);
      return failure;
    }
  }
}
