package io.github.grpcaio.core.internal.client;

import io.github.grpcaio.UnaryStreamCall;

/** A started unary-stream call: {@link ClientRpc} seen as a {@link UnaryStreamCall}. */
final class UnaryStreamCallImpl<Req, Resp> extends ClientRpc<Req, Resp>
    implements UnaryStreamCall<Resp>, ReadsInto<Resp> {

  UnaryStreamCallImpl(ClientMethod<Req, Resp> method, PreparedCall prepared, RequestSource source) {
    super(method, prepared, source);
  }
}
