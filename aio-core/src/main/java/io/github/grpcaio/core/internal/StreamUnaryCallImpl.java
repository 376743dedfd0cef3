package io.github.grpcaio.core.internal;

import io.github.grpcaio.StreamUnaryCall;
import io.github.grpcaio.UsageError;
import java.util.concurrent.CompletableFuture;

/** A started stream-unary call: {@link ClientRpc} with a request stream and a single response. */
final class StreamUnaryCallImpl<Req, Resp> extends ClientRpc<Req, Resp>
    implements StreamUnaryCall<Req, Resp> {

  StreamUnaryCallImpl(ClientMethod<Req, Resp> method, PreparedCall prepared, boolean writeMode) {
    super(method, prepared, true, false, writeMode);
  }

  @Override
  public CompletableFuture<Void> write(Req request) {
    return writeQueue().write(request);
  }

  @Override
  public CompletableFuture<Void> doneWriting() {
    return writeQueue().doneWriting();
  }

  @Override
  public CompletableFuture<Resp> response() {
    return response;
  }

  private WriteQueue<Req> writeQueue() {
    if (writes == null) {
      throw new UsageError(InboundStream.MIXED_STYLES);
    }
    return writes;
  }
}
