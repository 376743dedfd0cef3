package io.github.grpcaio.core.internal.client;

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
    if (!method.channel.interceptors().streamUnary().isEmpty()) {
      return InterceptedStreamUnaryCall.start(
          method, method.channel.interceptors().streamUnary(), null, options);
    }
    return method.startStreaming(null, options, StreamUnaryCallImpl::new);
  }

  @Override
  public StreamUnaryCall<Req, Resp> call(
      Flow.Publisher<? extends Req> requests, CallOptions options) {
    if (!method.channel.interceptors().streamUnary().isEmpty()) {
      return InterceptedStreamUnaryCall.start(
          method,
          method.channel.interceptors().streamUnary(),
          Objects.requireNonNull(requests, "requests"),
          options);
    }
    return method.startStreaming(
        Objects.requireNonNull(requests, "requests"), options, StreamUnaryCallImpl::new);
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
