package io.github.grpcaio.core.internal.client;

import io.github.grpcaio.CallOptions;
import io.github.grpcaio.StreamUnaryCall;
import io.github.grpcaio.StreamUnaryClientInterceptor;
import java.util.List;
import java.util.concurrent.Flow;

/**
 * A StreamUnary call behind client interceptors: {@link InterceptedCall} seen as a {@link
 * StreamUnaryCall}.
 */
final class InterceptedStreamUnaryCall<Req, Resp>
    extends InterceptedCall<Req, Resp, StreamUnaryCall<Req, Resp>>
    implements StreamUnaryCall<Req, Resp> {

  private InterceptedStreamUnaryCall(
      ClientMethod<Req, Resp> method, CallOptions options, RequestSource source) {
    super(method, options, source);
  }

  /**
   * Makes the call and starts the chain.
   *
   * @param requests the caller's request publisher, or null to write
   * @throws io.github.grpcaio.UsageError if the channel is closed
   */
  static <Req, Resp> StreamUnaryCall<Req, Resp> start(
      ClientMethod<Req, Resp> method,
      List<StreamUnaryClientInterceptor> interceptors,
      Flow.Publisher<? extends Req> requests,
      CallOptions options) {
    InterceptedStreamUnaryCall<Req, Resp> call =
        new InterceptedStreamUnaryCall<>(method, options, RequestSource.ofStream(requests));
    call.startStreaming(
        interceptors,
        (i, next, details, r) -> i.interceptStreamUnary(next::invoke, details, r),
        requests,
        options,
        (m, o, r) -> m.startStreaming(r, o, StreamUnaryCallImpl::new));
    return call;
  }
}
