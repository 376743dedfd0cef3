package io.github.grpcaio.core.internal;

import io.github.grpcaio.CallOptions;
import io.github.grpcaio.UnaryUnaryCall;
import io.github.grpcaio.UnaryUnaryMultiCallable;
import java.util.Objects;

/** Makes UnaryUnary calls of one method on an {@link AioChannel}. Immutable and thread-safe. */
final class UnaryUnaryMultiCallableImpl<Req, Resp> implements UnaryUnaryMultiCallable<Req, Resp> {

  private final ClientMethod<Req, Resp> method;

  UnaryUnaryMultiCallableImpl(ClientMethod<Req, Resp> method) {
    this.method = method;
  }

  @Override
  public UnaryUnaryCall<Resp> call(Req request, CallOptions options) {
    Objects.requireNonNull(request, "request");
    PreparedCall prepared = method.channel.prepare(method.descriptor, options);
    UnaryUnaryCallImpl<Req, Resp> rpc =
        new UnaryUnaryCallImpl<>(
            method.channel,
            prepared.call(),
            prepared.context(),
            method.requestCodec,
            method.responseCodec,
            prepared.deadline());
    method.channel.track(rpc);
    rpc.startUnary(request, prepared.headers());
    return rpc;
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
