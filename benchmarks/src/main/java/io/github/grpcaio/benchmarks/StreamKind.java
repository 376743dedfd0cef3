package io.github.grpcaio.benchmarks;

import io.github.grpcaio.benchmarks.proto.Payload;
import io.github.grpcaio.benchmarks.proto.StreamRequest;
import java.util.concurrent.CompletableFuture;

/** The three streaming RPC kinds, each moving {@code count} payloads in one RPC. */
public enum StreamKind {
  /** The server sends the payloads. */
  SERVER {
    @Override
    CompletableFuture<Long> run(Rig rig, Payload payload, long count) {
      return rig.serverStream(
          StreamRequest.newBuilder().setCount(count).setSize(payload.getBody().size()).build());
    }
  },
  /** The client sends the payloads; the server counts them. */
  CLIENT {
    @Override
    CompletableFuture<Long> run(Rig rig, Payload payload, long count) {
      return rig.clientStream(payload, count);
    }
  },
  /** The client sends the payloads and the server echoes each. */
  BIDI {
    @Override
    CompletableFuture<Long> run(Rig rig, Payload payload, long count) {
      return rig.bidi(payload, count);
    }
  };

  /**
   * Starts one RPC moving {@code count} payloads like {@code payload}.
   *
   * @return the number of payloads that arrived at the receiving end
   */
  abstract CompletableFuture<Long> run(Rig rig, Payload payload, long count);
}
