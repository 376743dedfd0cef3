package io.github.grpcaio.core.internal;

import io.github.grpcaio.CallOptions;
import io.github.grpcaio.UnaryStreamCall;
import io.github.grpcaio.UnaryStreamClientInterceptor;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/** A UnaryStream call behind client interceptors: an {@link InterceptedCall} with a stream. */
final class InterceptedUnaryStreamCall<Req, Resp>
    extends InterceptedCall<Req, Resp, UnaryStreamCall<Resp>> implements UnaryStreamCall<Resp> {

  private InterceptedUnaryStreamCall(AioChannel channel, CallOptions options) {
    super(channel, options, false);
  }

  /**
   * Makes the call and starts the chain.
   *
   * @throws io.github.grpcaio.UsageError if the channel is closed
   */
  static <Req, Resp> UnaryStreamCall<Resp> start(
      ClientMethod<Req, Resp> method,
      List<UnaryStreamClientInterceptor> interceptors,
      Req request,
      CallOptions options) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(options, "options");
    InterceptedUnaryStreamCall<Req, Resp> call =
        new InterceptedUnaryStreamCall<>(method.channel, options);
    InterceptorChain<UnaryStreamClientInterceptor, Req, UnaryStreamCall<Resp>> chain =
        new InterceptorChain<>(
            interceptors,
            (i, next, details, r) -> i.interceptUnaryStream(next::invoke, details, r));
    call.start(
        chain,
        method,
        options,
        request,
        (details, r) ->
            call.attempt(
                () ->
                    method
                        .renamed(details.method())
                        .startUnary(r, optionsOf(details), UnaryStreamCallImpl::new)));
    return call;
  }

  @Override
  public void subscribe(Flow.Subscriber<? super Resp> subscriber) {
    Objects.requireNonNull(subscriber, "subscriber");
    whenDecided(
        c -> c.subscribe(subscriber), error -> FailedSubscription.signal(subscriber, error));
  }

  @Override
  public CompletableFuture<Optional<Resp>> read() {
    return forwardRead(UnaryStreamCall::read);
  }
}
