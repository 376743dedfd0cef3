package io.github.grpcaio.core.internal;

import io.github.grpcaio.CallOptions;
import io.github.grpcaio.StreamUnaryCall;
import io.github.grpcaio.StreamUnaryMultiCallable;
import java.util.Objects;
import java.util.concurrent.Flow;

/** Makes StreamUnary calls of one method on an {@link AioChannel}. Immutable and thread-safe. */
final class StreamUnaryMultiCallableImpl<Req, Resp> implements StreamUnaryMultiCallable<Req, Resp> {

  private final ClientMethod<Req, Resp> method;

  StreamUnaryMultiCallableImpl(ClientMethod<Req, Resp> method) {
    this.method = method;
  }

  @Override
  public StreamUnaryCall<Req, Resp> call(CallOptions options) {
    return start(null, options);
  }

  @Override
  public StreamUnaryCall<Req, Resp> call(
      Flow.Publisher<? extends Req> requests, CallOptions options) {
    return start(Objects.requireNonNull(requests, "requests"), options);
  }

  private StreamUnaryCall<Req, Resp> start(
      Flow.Publisher<? extends Req> requests, CallOptions options) {
    PreparedCall prepared = method.channel.prepare(method.descriptor, options);
    StreamUnaryCallImpl<Req, Resp> rpc =
        new StreamUnaryCallImpl<>(
            method.channel,
            prepared.call(),
            prepared.context(),
            method.requestCodec,
            method.responseCodec,
            prepared.deadline(),
            requests == null);
    method.channel.track(rpc);
    rpc.startStreaming(requests, prepared.headers());
    return rpc;
  }

  @Override
  public String method() {
    return method.displayName();
  }

  @Override
  public String toString() {
    return "StreamUnaryMultiCallable[" + method.displayName() + "]";
  }
}
