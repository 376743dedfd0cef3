package io.github.grpcaio.core.internal;

import io.github.grpcaio.UnaryStreamCall;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/** A started unary-stream call: {@link ClientRpc} with a single request and a response stream. */
final class UnaryStreamCallImpl<Req, Resp> extends ClientRpc<Req, Resp>
    implements UnaryStreamCall<Resp>, ReadsInto<Resp> {

  UnaryStreamCallImpl(ClientMethod<Req, Resp> method, PreparedCall prepared) {
    super(method, prepared, false, true, false);
  }

  @Override
  public void subscribe(Flow.Subscriber<? super Resp> subscriber) {
    responses.subscribe(subscriber);
  }

  @Override
  public CompletableFuture<Optional<Resp>> read() {
    return responses.read();
  }

  @Override
  public void readInto(CompletableFuture<Optional<Resp>> result) {
    responses.readInto(result);
  }
}
