package io.github.grpcaio.benchmarks;

/** Where a rig's server listens and its channel connects. */
public enum Transport {
  /** Netty on a free plaintext port of {@code 127.0.0.1}: a real socket and HTTP/2 framing. */
  NETTY,
  /** grpc-java's in-process transport: no sockets, no serialization of frames. */
  IN_PROCESS
}
