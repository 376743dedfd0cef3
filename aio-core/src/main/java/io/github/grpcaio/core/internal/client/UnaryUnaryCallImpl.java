package io.github.grpcaio.core.internal.client;

import io.github.grpcaio.UnaryUnaryCall;

/** A started unary-unary call: {@link ClientRpc} seen as a {@link UnaryUnaryCall}. */
final class UnaryUnaryCallImpl<Req, Resp> extends ClientRpc<Req, Resp>
    implements UnaryUnaryCall<Resp> {

  UnaryUnaryCallImpl(ClientMethod<Req, Resp> method, PreparedCall prepared, RequestSource source) {
    super(method, prepared, source);
  }
}
