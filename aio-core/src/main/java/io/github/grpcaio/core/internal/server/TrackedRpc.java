package io.github.grpcaio.core.internal.server;

/**
 * An RPC the server tracks from its start until it has ended, so that {@code stop(grace)} can wait
 * for it and then cancel it: an aio {@link ServerRpc} or a hosted grpc-java {@link HostedCall}.
 */
interface TrackedRpc {

  /**
   * The server is stopping and the grace period is over: ends the RPC now with {@code UNAVAILABLE
   * "Cancelling all calls"}, unless it has ended. Any thread; the RPC is released later, once its
   * end is delivered.
   */
  void cancelForShutdown();
}
