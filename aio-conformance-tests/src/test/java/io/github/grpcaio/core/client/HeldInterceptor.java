package io.github.grpcaio.core.client;

import io.github.grpcaio.ClientCallDetails;
import io.github.grpcaio.StreamStreamCall;
import io.github.grpcaio.StreamStreamClientInterceptor;
import io.github.grpcaio.StreamUnaryCall;
import io.github.grpcaio.StreamUnaryClientInterceptor;
import io.github.grpcaio.UnaryStreamCall;
import io.github.grpcaio.UnaryStreamClientInterceptor;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A client interceptor of the streaming kinds that passes each call on once {@link #release}
 * completes (a token fetch, say), so that a test can act on a call while its chain still runs.
 * Completed at once, it passes calls on at once, racing what the caller does next.
 */
final class HeldInterceptor
    implements UnaryStreamClientInterceptor,
        StreamUnaryClientInterceptor,
        StreamStreamClientInterceptor {

  /** Completing it passes the calls on; failing it fails them. */
  final CompletableFuture<Void> release;

  HeldInterceptor() {
    this(new CompletableFuture<>());
  }

  HeldInterceptor(CompletableFuture<Void> release) {
    this.release = release;
  }

  @Override
  public <Req, Resp> CompletionStage<UnaryStreamCall<Resp>> interceptUnaryStream(
      UnaryStreamClientInterceptor.Continuation<Req, Resp> continuation,
      ClientCallDetails details,
      Req request) {
    return release.thenCompose(ignored -> continuation.invoke(details, request));
  }

  @Override
  public <Req, Resp> CompletionStage<StreamUnaryCall<Req, Resp>> interceptStreamUnary(
      StreamUnaryClientInterceptor.Continuation<Req, Resp> continuation,
      ClientCallDetails details,
      Flow.Publisher<Req> requests) {
    return release.thenCompose(ignored -> continuation.invoke(details, requests));
  }

  @Override
  public <Req, Resp> CompletionStage<StreamStreamCall<Req, Resp>> interceptStreamStream(
      StreamStreamClientInterceptor.Continuation<Req, Resp> continuation,
      ClientCallDetails details,
      Flow.Publisher<Req> requests) {
    return release.thenCompose(ignored -> continuation.invoke(details, requests));
  }
}
