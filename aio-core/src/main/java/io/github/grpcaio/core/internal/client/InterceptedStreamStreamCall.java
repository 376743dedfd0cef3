package io.github.grpcaio.core.internal.client;

import io.github.grpcaio.CallOptions;
import io.github.grpcaio.StreamStreamCall;
import io.github.grpcaio.StreamStreamClientInterceptor;
import java.util.List;
import java.util.concurrent.Flow;

/**
 * A StreamStream call behind client interceptors: {@link InterceptedCall} seen as a {@link
 * StreamStreamCall}.
 */
final class InterceptedStreamStreamCall<Req, Resp>
    extends InterceptedCall<Req, Resp, StreamStreamCall<Req, Resp>>
    implements StreamStreamCall<Req, Resp> {

  private InterceptedStreamStreamCall(
      ClientMethod<Req, Resp> method, CallOptions options, RequestSource source) {
    super(method, options, source);
  }

  /**
   * Makes the call and starts the chain.
   *
   * @param requests the caller's request publisher, or null to write
   * @throws io.github.grpcaio.UsageError if the channel is closed
   */
  static <Req, Resp> StreamStreamCall<Req, Resp> start(
      ClientMethod<Req, Resp> method,
      List<StreamStreamClientInterceptor> interceptors,
      Flow.Publisher<? extends Req> requests,
      CallOptions options) {
    InterceptedStreamStreamCall<Req, Resp> call =
        new InterceptedStreamStreamCall<>(method, options, RequestSource.ofStream(requests));
    call.startStreaming(
        interceptors,
        (i, next, details, r) -> i.interceptStreamStream(next::invoke, details, r),
        requests,
        options,
        (m, o, r) -> m.startStreaming(r, o, StreamStreamCallImpl::new));
    return call;
  }
}
