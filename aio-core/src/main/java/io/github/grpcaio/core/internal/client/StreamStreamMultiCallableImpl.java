package io.github.grpcaio.core.internal.client;

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
    if (!method.channel.interceptors().streamStream().isEmpty()) {
      return InterceptedStreamStreamCall.start(
          method, method.channel.interceptors().streamStream(), null, options);
    }
    return method.startStreaming(null, options, StreamStreamCallImpl::new);
  }

  @Override
  public StreamStreamCall<Req, Resp> call(
      Flow.Publisher<? extends Req> requests, CallOptions options) {
    if (!method.channel.interceptors().streamStream().isEmpty()) {
      return InterceptedStreamStreamCall.start(
          method,
          method.channel.interceptors().streamStream(),
          Objects.requireNonNull(requests, "requests"),
          options);
    }
    return method.startStreaming(
        Objects.requireNonNull(requests, "requests"), options, StreamStreamCallImpl::new);
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
