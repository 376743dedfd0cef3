package io.github.grpcaio.core.internal.client;

import io.github.grpcaio.CallOptions;
import io.github.grpcaio.UnaryStreamCall;
import io.github.grpcaio.UnaryStreamMultiCallable;

/** Makes UnaryStream calls of one method on an {@link AioChannel}. Immutable and thread-safe. */
final class UnaryStreamMultiCallableImpl<Req, Resp> implements UnaryStreamMultiCallable<Req, Resp> {

  private final ClientMethod<Req, Resp> method;

  UnaryStreamMultiCallableImpl(ClientMethod<Req, Resp> method) {
    this.method = method;
  }

  @Override
  public UnaryStreamCall<Resp> call(Req request, CallOptions options) {
    if (!method.channel.interceptors().unaryStream().isEmpty()) {
      return InterceptedUnaryStreamCall.start(
          method, method.channel.interceptors().unaryStream(), request, options);
    }
    return method.startUnary(request, options, UnaryStreamCallImpl::new);
  }

  @Override
  public String method() {
    return method.displayName();
  }

  @Override
  public String toString() {
    return "UnaryStreamMultiCallable[" + method.displayName() + "]";
  }
}
