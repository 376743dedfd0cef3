package io.github.grpcaio.core.internal.client;

import io.github.grpcaio.CallOptions;
import io.github.grpcaio.UnaryUnaryCall;
import io.github.grpcaio.UnaryUnaryMultiCallable;

/** Makes UnaryUnary calls of one method on an {@link AioChannel}. Immutable and thread-safe. */
final class UnaryUnaryMultiCallableImpl<Req, Resp> implements UnaryUnaryMultiCallable<Req, Resp> {

  private final ClientMethod<Req, Resp> method;

  UnaryUnaryMultiCallableImpl(ClientMethod<Req, Resp> method) {
    this.method = method;
  }

  @Override
  public UnaryUnaryCall<Resp> call(Req request, CallOptions options) {
    if (!method.channel.interceptors().unaryUnary().isEmpty()) {
      return InterceptedUnaryUnaryCall.start(
          method, method.channel.interceptors().unaryUnary(), request, options);
    }
    return method.startUnary(request, options, UnaryUnaryCallImpl::new);
  }

  @Override
  public String method() {
    return method.displayName();
  }

  @Override
  public String toString() {
    return "UnaryUnaryMultiCallable[" + method.displayName() + "]";
  }
}
