package io.github.grpcaio.core.internal;

import io.github.grpcaio.CallOptions;
import io.github.grpcaio.UnaryUnaryCall;
import io.github.grpcaio.UnaryUnaryClientInterceptor;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/** A UnaryUnary call behind client interceptors: an {@link InterceptedCall} with a response. */
final class InterceptedUnaryUnaryCall<Req, Resp>
    extends InterceptedCall<Req, Resp, UnaryUnaryCall<Resp>> implements UnaryUnaryCall<Resp> {

  private InterceptedUnaryUnaryCall(AioChannel channel, CallOptions options) {
    super(channel, options, true);
  }

  /**
   * Makes the call and starts the chain.
   *
   * @throws io.github.grpcaio.UsageError if the channel is closed
   */
  static <Req, Resp> UnaryUnaryCall<Resp> start(
      ClientMethod<Req, Resp> method,
      List<UnaryUnaryClientInterceptor> interceptors,
      Req request,
      CallOptions options) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(options, "options");
    InterceptedUnaryUnaryCall<Req, Resp> call =
        new InterceptedUnaryUnaryCall<>(method.channel, options);
    InterceptorChain<UnaryUnaryClientInterceptor, Req, UnaryUnaryCall<Resp>> chain =
        new InterceptorChain<>(
            interceptors, (i, next, details, r) -> i.interceptUnaryUnary(next::invoke, details, r));
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
                        .startUnary(r, optionsOf(details), UnaryUnaryCallImpl::new)));
    return call;
  }

  @Override
  CompletableFuture<Resp> responseOf(UnaryUnaryCall<Resp> call) {
    return call.response();
  }

  @Override
  public CompletableFuture<Resp> response() {
    return response;
  }
}
