package io.github.grpcaio.core.internal;

import io.github.grpcaio.UnaryUnaryCall;
import io.grpc.ClientCall;
import io.grpc.Deadline;
import java.io.InputStream;
import java.util.concurrent.CompletableFuture;

/** A started unary-unary call: {@link ClientRpc} with a single request and response. */
final class UnaryUnaryCallImpl<Req, Resp> extends ClientRpc<Req, Resp>
    implements UnaryUnaryCall<Resp> {

  UnaryUnaryCallImpl(
      AioChannel channel,
      ClientCall<InputStream, InputStream> call,
      SerializingExecutor context,
      MessageCodec<Req> requestCodec,
      MessageCodec<Resp> responseCodec,
      Deadline deadline) {
    super(channel, call, context, requestCodec, responseCodec, deadline, false, false, false);
  }

  @Override
  public CompletableFuture<Resp> response() {
    return response;
  }
}
