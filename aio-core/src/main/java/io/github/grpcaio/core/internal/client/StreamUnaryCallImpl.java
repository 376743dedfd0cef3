package io.github.grpcaio.core.internal.client;

import io.github.grpcaio.StreamUnaryCall;

/** A started stream-unary call: {@link ClientRpc} seen as a {@link StreamUnaryCall}. */
final class StreamUnaryCallImpl<Req, Resp> extends ClientRpc<Req, Resp>
    implements StreamUnaryCall<Req, Resp> {

  StreamUnaryCallImpl(ClientMethod<Req, Resp> method, PreparedCall prepared, RequestSource source) {
    super(method, prepared, source);
  }
}
