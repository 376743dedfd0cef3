package io.github.grpcaio.core.internal;

import io.github.grpcaio.CallOptions;
import io.github.grpcaio.StreamStreamCall;
import io.github.grpcaio.StreamStreamClientInterceptor;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * A StreamStream call behind client interceptors: an {@link InterceptedCall} with writes and a
 * response stream.
 */
final class InterceptedStreamStreamCall<Req, Resp>
    extends InterceptedCall<Req, Resp, StreamStreamCall<Req, Resp>>
    implements StreamStreamCall<Req, Resp> {

  private final boolean writeMode;

  private InterceptedStreamStreamCall(AioChannel channel, CallOptions options, boolean writeMode) {
    super(channel, options, false);
    this.writeMode = writeMode;
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
    Objects.requireNonNull(options, "options");
    InterceptedStreamStreamCall<Req, Resp> call =
        new InterceptedStreamStreamCall<>(method.channel, options, requests == null);
    InterceptorChain<
            StreamStreamClientInterceptor, Flow.Publisher<Req>, StreamStreamCall<Req, Resp>>
        chain =
            new InterceptorChain<>(
                interceptors,
                (i, next, details, r) -> i.interceptStreamStream(next::invoke, details, r));
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
                            (m, p) -> new StreamStreamCallImpl<>(m, p, r == null))));
    if (early != null) {
      early.subscribeNow();
      call.addDoneCallback(ignored -> early.abandon()); // nobody subscribed: release it
    }
    return call;
  }

  @Override
  public void subscribe(Flow.Subscriber<? super Resp> subscriber) {
    Objects.requireNonNull(subscriber, "subscriber");
    whenDecided(
        c -> c.subscribe(subscriber), error -> FailedSubscription.signal(subscriber, error));
  }

  @Override
  public CompletableFuture<Optional<Resp>> read() {
    return forward(StreamStreamCall::read);
  }

  @Override
  public CompletableFuture<Void> write(Req request) {
    return forwardWrite(writeMode, request, c -> c.write(request));
  }

  @Override
  public CompletableFuture<Void> doneWriting() {
    return forwardDoneWriting(writeMode, StreamStreamCall::doneWriting);
  }
}
