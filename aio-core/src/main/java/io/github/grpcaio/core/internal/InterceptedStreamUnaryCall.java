package io.github.grpcaio.core.internal;

import io.github.grpcaio.CallOptions;
import io.github.grpcaio.StreamUnaryCall;
import io.github.grpcaio.StreamUnaryClientInterceptor;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * A StreamUnary call behind client interceptors: an {@link InterceptedCall} with writes and a
 * response.
 */
final class InterceptedStreamUnaryCall<Req, Resp>
    extends InterceptedCall<Req, Resp, StreamUnaryCall<Req, Resp>>
    implements StreamUnaryCall<Req, Resp> {

  private final boolean writeMode;

  private InterceptedStreamUnaryCall(AioChannel channel, CallOptions options, boolean writeMode) {
    super(channel, options, true);
    this.writeMode = writeMode;
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
    Objects.requireNonNull(options, "options");
    InterceptedStreamUnaryCall<Req, Resp> call =
        new InterceptedStreamUnaryCall<>(method.channel, options, requests == null);
    InterceptorChain<StreamUnaryClientInterceptor, Flow.Publisher<Req>, StreamUnaryCall<Req, Resp>>
        chain =
            new InterceptorChain<>(
                interceptors,
                (i, next, details, r) -> i.interceptStreamUnary(next::invoke, details, r));
    // Handed to the chain in place of the caller's publisher, and subscribed to below, before
    // call() returns, as without interceptors: a hot publisher fed right after call() keeps its
    // items for the real call, however late the chain makes it.
    PresubscribedPublisher<Req> early =
        requests == null ? null : new PresubscribedPublisher<>(requests);
    call.start(
        chain,
        method,
        options,
        early,
        (details, r) ->
            call.attempt(
                () ->
                    method
                        .renamed(details.method())
                        .startStreaming(
                            r,
                            optionsOf(details),
                            (m, p) -> new StreamUnaryCallImpl<>(m, p, r == null))));
    if (early != null) {
      early.subscribeNow();
      call.addDoneCallback(ignored -> early.abandon()); // nobody subscribed: release it
    }
    return call;
  }

  @Override
  CompletableFuture<Resp> responseOf(StreamUnaryCall<Req, Resp> call) {
    return call.response();
  }

  @Override
  public CompletableFuture<Resp> response() {
    return response;
  }

  @Override
  public CompletableFuture<Void> write(Req request) {
    return forwardWrite(writeMode, request, c -> c.write(request));
  }

  @Override
  public CompletableFuture<Void> doneWriting() {
    return forwardDoneWriting(writeMode, StreamUnaryCall::doneWriting);
  }
}
