package io.github.grpcaio.core.internal;

import io.github.grpcaio.CallOptions;
import io.github.grpcaio.StreamStreamCall;
import io.github.grpcaio.StreamStreamMultiCallable;
import java.util.Objects;
import java.util.concurrent.Flow;

/** Makes StreamStream calls of one method on an {@link AioChannel}. Immutable and thread-safe. */
final class StreamStreamMultiCallableImpl<Req, Resp>
    implements StreamStreamMultiCallable<Req, Resp> {

  private final ClientMethod<Req, Resp> method;

  StreamStreamMultiCallableImpl(ClientMethod<Req, Resp> method) {
    this.method = method;
  }

  @Override
  public StreamStreamCall<Req, Resp> call(CallOptions options) {
    return start(null, options);
  }

  @Override
  public StreamStreamCall<Req, Resp> call(
      Flow.Publisher<? extends Req> requests, CallOptions options) {
    return start(Objects.requireNonNull(requests, "requests"), options);
  }

  private StreamStreamCall<Req, Resp> start(
      Flow.Publisher<? extends Req> requests, CallOptions options) {
    PreparedCall prepared = method.channel.prepare(method.descriptor, options);
    StreamStreamCallImpl<Req, Resp> rpc =
        new StreamStreamCallImpl<>(
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
    return "StreamStreamMultiCallable[" + method.displayName() + "]";
  }
}
