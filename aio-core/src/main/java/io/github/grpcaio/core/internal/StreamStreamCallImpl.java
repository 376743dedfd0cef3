package io.github.grpcaio.core.internal;

import io.github.grpcaio.StreamStreamCall;
import io.github.grpcaio.UsageError;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/** A started stream-stream call: {@link ClientRpc} with streams both ways. */
final class StreamStreamCallImpl<Req, Resp> extends ClientRpc<Req, Resp>
    implements StreamStreamCall<Req, Resp>, ReadsInto<Resp> {

  StreamStreamCallImpl(ClientMethod<Req, Resp> method, PreparedCall prepared, boolean writeMode) {
    super(method, prepared, true, true, writeMode);
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

  @Override
  public CompletableFuture<Void> write(Req request) {
    return writeQueue().write(request);
  }

  @Override
  public CompletableFuture<Void> doneWriting() {
    return writeQueue().doneWriting();
  }

  private WriteQueue<Req> writeQueue() {
    if (writes == null) {
      throw new UsageError(InboundStream.MIXED_STYLES);
    }
    return writes;
  }
}
