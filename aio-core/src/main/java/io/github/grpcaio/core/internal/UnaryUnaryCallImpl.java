package io.github.grpcaio.core.internal;

import io.github.grpcaio.UnaryUnaryCall;
import java.util.concurrent.CompletableFuture;

/** A started unary-unary call: {@link ClientRpc} with a single request and response. */
final class UnaryUnaryCallImpl<Req, Resp> extends ClientRpc<Req, Resp>
    implements UnaryUnaryCall<Resp> {

  UnaryUnaryCallImpl(ClientMethod<Req, Resp> method, PreparedCall prepared) {
    super(method, prepared, false, false, false);
  }

  @Override
  public CompletableFuture<Resp> response() {
    return response;
  }
}
