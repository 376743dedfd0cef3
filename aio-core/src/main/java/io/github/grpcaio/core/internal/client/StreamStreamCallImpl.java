package io.github.grpcaio.core.internal.client;

import io.github.grpcaio.StreamStreamCall;

/** A started stream-stream call: {@link ClientRpc} seen as a {@link StreamStreamCall}. */
final class StreamStreamCallImpl<Req, Resp> extends ClientRpc<Req, Resp>
    implements StreamStreamCall<Req, Resp>, ReadsInto<Resp> {

  StreamStreamCallImpl(
      ClientMethod<Req, Resp> method, PreparedCall prepared, RequestSource source) {
    super(method, prepared, source);
  }
}
