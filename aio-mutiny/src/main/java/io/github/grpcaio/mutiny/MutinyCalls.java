package io.github.grpcaio.mutiny;

import static java.util.Objects.requireNonNull;

import io.github.grpcaio.StreamStreamCall;
import io.github.grpcaio.StreamUnaryCall;
import io.github.grpcaio.UnaryStreamCall;
import io.github.grpcaio.UnaryUnaryCall;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Calls as Mutiny publishers: a {@link Uni} for a single response, a {@link Multi} for a stream.
 *
 * <pre>{@code
 * Uni<HelloReply> reply = MutinyCalls.unaryUnary(greeter::sayHello, request);
 * Multi<HelloReply> replies = MutinyCalls.unaryStream(greeter::sayHelloStream, request);
 * Multi<HelloReply> chat = MutinyCalls.streamStream(greeter::sayHelloBidi, requests);
 * }</pre>
 *
 * <p>Every {@code Uni} and {@code Multi} made here is <b>lazy</b>: nothing is sent until it is
 * subscribed to, and each subscription starts a new RPC (so {@code onFailure().retry()} and {@code
 * repeat} call again). Cancelling the subscription ({@code cancel()}, {@code select().first(n)},
 * {@code ifNoItem().after(...)}...) cancels that RPC: the server sees the cancellation.
 *
 * <p>Demand crosses exactly: a call is already a {@link Flow.Publisher}, and so is a {@code Multi},
 * so a response {@code Multi} asks the transport for what its subscriber requested and no more, and
 * an idle subscriber stops the server's sender through HTTP/2 flow control. A request {@code Multi}
 * is pulled one message at a time, only while the transport is ready; it is subscribed to once per
 * RPC, so it must replay (be cold) where a call may be retried.
 *
 * <p>A non-OK status arrives as a failure with {@link io.github.grpcaio.AioRpcError}, after every
 * response sent before it; a request stream that fails cancels the RPC, which then fails with a
 * {@link java.util.concurrent.CancellationException} whose cause is that failure. Signals come on
 * the channel's executor (use {@code emitOn} to do slow work elsewhere); a function given here that
 * throws fails the subscriber with what it threw.
 */
public final class MutinyCalls {

  private MutinyCalls() {}

  /**
   * A unary call as a {@link Uni}: {@code call} is invoked on each subscription, on the subscribing
   * thread, for instance {@code () -> greeter.sayHello(request, options)}.
   *
   * @param call starts the RPC
   * @param <Resp> the response type
   * @return a lazy uni of the response
   * @throws NullPointerException if {@code call} is null
   */
  public static <Resp> Uni<Resp> unaryUnary(Supplier<? extends UnaryUnaryCall<Resp>> call) {
    requireNonNull(call, "call");
    return Uni.createFrom()
        .deferred(
            () -> {
              UnaryUnaryCall<Resp> started = call.get();
              return response(started.response(), started::cancel);
            });
  }

  /**
   * A unary call as a {@link Uni}, with a stub method or a multi-callable's {@code call}: {@code
   * MutinyCalls.unaryUnary(greeter::sayHello, request)}.
   *
   * @param method starts the RPC with a request
   * @param request the request
   * @param <Req> the request type
   * @param <Resp> the response type
   * @return a lazy uni of the response
   * @throws NullPointerException if an argument is null
   */
  public static <Req, Resp> Uni<Resp> unaryUnary(
      Function<? super Req, ? extends UnaryUnaryCall<Resp>> method, Req request) {
    requireNonNull(method, "method");
    requireNonNull(request, "request");
    return unaryUnary(() -> method.apply(request));
  }

  /**
   * A server-streaming call as a {@link Multi}: {@code call} is invoked on each subscription.
   *
   * @param call starts the RPC
   * @param <Resp> the response type
   * @return a lazy multi of the responses
   * @throws NullPointerException if {@code call} is null
   */
  public static <Resp> Multi<Resp> unaryStream(Supplier<? extends UnaryStreamCall<Resp>> call) {
    requireNonNull(call, "call");
    return Multi.createFrom().deferred(() -> responses(call.get()));
  }

  /**
   * A server-streaming call as a {@link Multi}, with a stub method: {@code
   * MutinyCalls.unaryStream(greeter::sayHelloStream, request)}.
   *
   * @param method starts the RPC with a request
   * @param request the request
   * @param <Req> the request type
   * @param <Resp> the response type
   * @return a lazy multi of the responses
   * @throws NullPointerException if an argument is null
   */
  public static <Req, Resp> Multi<Resp> unaryStream(
      Function<? super Req, ? extends UnaryStreamCall<Resp>> method, Req request) {
    requireNonNull(method, "method");
    requireNonNull(request, "request");
    return unaryStream(() -> method.apply(request));
  }

  /**
   * A client-streaming call as a {@link Uni}, its requests from a {@link Multi} (or any {@link
   * Flow.Publisher}): {@code MutinyCalls.streamUnary(greeter::sayHelloClientStream, requests)}.
   * Each subscription starts an RPC that subscribes to {@code requests}.
   *
   * @param method starts the RPC with a request stream: a stub method or a multi-callable's {@code
   *     call}
   * @param requests the requests
   * @param <Req> the request type
   * @param <Resp> the response type
   * @return a lazy uni of the response
   * @throws NullPointerException if an argument is null
   */
  public static <Req, Resp> Uni<Resp> streamUnary(
      Function<? super Flow.Publisher<Req>, ? extends StreamUnaryCall<Req, Resp>> method,
      Flow.Publisher<Req> requests) {
    requireNonNull(method, "method");
    requireNonNull(requests, "requests");
    return Uni.createFrom()
        .deferred(
            () -> {
              StreamUnaryCall<Req, Resp> started = method.apply(requests);
              return response(started.response(), started::cancel);
            });
  }

  /**
   * A bidirectional-streaming call as a {@link Multi}, its requests from a {@link Multi} (or any
   * {@link Flow.Publisher}): {@code MutinyCalls.streamStream(greeter::sayHelloBidi, requests)}.
   * Each subscription starts an RPC that subscribes to {@code requests}.
   *
   * @param method starts the RPC with a request stream: a stub method or a multi-callable's {@code
   *     call}
   * @param requests the requests
   * @param <Req> the request type
   * @param <Resp> the response type
   * @return a lazy multi of the responses
   * @throws NullPointerException if an argument is null
   */
  public static <Req, Resp> Multi<Resp> streamStream(
      Function<? super Flow.Publisher<Req>, ? extends StreamStreamCall<Req, Resp>> method,
      Flow.Publisher<Req> requests) {
    requireNonNull(method, "method");
    requireNonNull(requests, "requests");
    return Multi.createFrom().deferred(() -> responses(method.apply(requests)));
  }

  /** The response stream of a started call; cancelling the multi cancels the call's stream. */
  private static <Resp> Multi<Resp> responses(Flow.Publisher<Resp> call) {
    return Multi.createFrom().publisher(requireNonNull(call, "the started call"));
  }

  /** The response future of a started call as a uni. Cancelling the uni cancels the RPC. */
  private static <Resp> Uni<Resp> response(CompletableFuture<Resp> response, Runnable cancel) {
    return Uni.createFrom().completionStage(response).onCancellation().invoke(cancel);
  }
}
