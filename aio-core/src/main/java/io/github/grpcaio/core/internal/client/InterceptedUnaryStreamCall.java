package io.github.grpcaio.core.internal.client;

import io.github.grpcaio.CallOptions;
import io.github.grpcaio.UnaryStreamCall;
import io.github.grpcaio.UnaryStreamClientInterceptor;
import java.util.List;
import java.util.Objects;

/**
 * A UnaryStream call behind client interceptors: {@link InterceptedCall} seen as a {@link
 * UnaryStreamCall}.
 */
final class InterceptedUnaryStreamCall<Req, Resp>
    extends InterceptedCall<Req, Resp, UnaryStreamCall<Resp>> implements UnaryStreamCall<Resp> {

  private InterceptedUnaryStreamCall(
      ClientMethod<Req, Resp> method, CallOptions options, RequestSource source) {
    super(method, options, source);
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
    InterceptedUnaryStreamCall<Req, Resp> call =
        new InterceptedUnaryStreamCall<>(method, options, RequestSource.MESSAGE);
    call.start(
        interceptors,
        (i, next, details, r) -> i.interceptUnaryStream(next::invoke, details, r),
        request,
        options,
        (m, o, r) -> m.startUnary(r, o, UnaryStreamCallImpl::new));
    return call;
  }
}
