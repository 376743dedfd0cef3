package io.github.grpcaio.core.internal.client;

import io.github.grpcaio.CallOptions;
import io.github.grpcaio.UnaryUnaryCall;
import io.github.grpcaio.UnaryUnaryClientInterceptor;
import java.util.List;
import java.util.Objects;

/**
 * A UnaryUnary call behind client interceptors: {@link InterceptedCall} seen as a {@link
 * UnaryUnaryCall}.
 */
final class InterceptedUnaryUnaryCall<Req, Resp>
    extends InterceptedCall<Req, Resp, UnaryUnaryCall<Resp>> implements UnaryUnaryCall<Resp> {

  private InterceptedUnaryUnaryCall(
      ClientMethod<Req, Resp> method, CallOptions options, RequestSource source) {
    super(method, options, source);
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
    InterceptedUnaryUnaryCall<Req, Resp> call =
        new InterceptedUnaryUnaryCall<>(method, options, RequestSource.MESSAGE);
    call.start(
        interceptors,
        (i, next, details, r) -> i.interceptUnaryUnary(next::invoke, details, r),
        request,
        options,
        (m, o, r) -> m.startUnary(r, o, UnaryUnaryCallImpl::new));
    return call;
  }
}
