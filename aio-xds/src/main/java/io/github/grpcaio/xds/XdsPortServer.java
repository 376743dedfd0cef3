package io.github.grpcaio.xds;

import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import java.io.IOException;
import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An xDS-managed grpc-java server whose {@link #start()} names the control plane's reason when the
 * port failed before it first served; everything else is the xDS server's.
 */
final class XdsPortServer extends Server {

  private final Server delegate;
  private final XdsPort.ServingStatus status;

  XdsPortServer(Server delegate, XdsPort.ServingStatus status) {
    this.delegate = delegate;
    this.status = status;
  }

  Server delegate() {
    return delegate;
  }

  /**
   * Starts the port: waits until the control plane has sent its listener.
   *
   * @throws IOException if the port cannot be bound, or the control plane reported no valid
   *     listener for it (or could not be reached) first
   */
  @Override
  public Server start() throws IOException {
    try {
      delegate.start();
    } catch (IOException e) {
      Throwable failure = status.failure;
      if (failure != null) {
        throw new IOException(
            "The xDS control plane gave no valid listener for the port: " + failure.getMessage(),
            failure);
      }
      throw e;
    }
    return this;
  }

  @Override
  public int getPort() {
    return delegate.getPort();
  }

  @Override
  public List<? extends SocketAddress> getListenSockets() {
    return delegate.getListenSockets();
  }

  @Override
  public List<ServerServiceDefinition> getServices() {
    return delegate.getServices();
  }

  @Override
  public List<ServerServiceDefinition> getImmutableServices() {
    return delegate.getImmutableServices();
  }

  @Override
  public List<ServerServiceDefinition> getMutableServices() {
    return delegate.getMutableServices();
  }

  @Override
  public Server shutdown() {
    delegate.shutdown();
    return this;
  }

  @Override
  public Server shutdownNow() {
    delegate.shutdownNow();
    return this;
  }

  @Override
  public boolean isShutdown() {
    return delegate.isShutdown();
  }

  @Override
  public boolean isTerminated() {
    return delegate.isTerminated();
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    return delegate.awaitTermination(timeout, unit);
  }

  @Override
  public void awaitTermination() throws InterruptedException {
    delegate.awaitTermination();
  }
}
