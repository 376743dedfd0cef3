package io.github.grpcaio;

/**
 * Hears a {@link Server}'s lifecycle, for services that must follow it (a health service turns
 * NOT_SERVING the moment the server begins to stop). Add one with {@link
 * Server#addListener(ServerListener)}.
 *
 * <p>Each method runs synchronously on the thread that caused the transition and must not block; an
 * exception it throws is logged and does not stop the transition or the other listeners.
 */
public interface ServerListener {

  /**
   * Called once when {@link Server#start()} first starts the server, before {@code start()}
   * returns, on the thread calling {@code start()}.
   *
   * @param server the server
   */
  default void started(Server server) {}

  /**
   * Called once when {@link Server#stop(java.time.Duration)} is first called (or {@link
   * Server#close()}), on that thread, after new RPCs are refused and before the ports close and the
   * grace period begins, so in-flight RPCs still run while this runs.
   *
   * @param server the server
   */
  default void stopping(Server server) {}

  /**
   * Called once when the server has terminated (every RPC ended, every port closed), on the
   * server's executor, before the future returned by {@code stop} completes.
   *
   * @param server the server
   */
  default void terminated(Server server) {}
}
