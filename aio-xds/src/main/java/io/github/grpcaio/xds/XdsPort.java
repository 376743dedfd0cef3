package io.github.grpcaio.xds;

import io.grpc.ForwardingServerBuilder;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.xds.XdsServerBuilder;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The builder of one xDS-managed port: grpc-java's {@code XdsServerBuilder}, whose server fails to
 * start, instead of waiting on, when the control plane reports no valid listener before the port
 * first serves.
 */
final class XdsPort extends ForwardingServerBuilder<XdsPort> {

  private static final Logger logger = Logger.getLogger(XdsPort.class.getName());

  private final XdsServerBuilder delegate;

  XdsPort(XdsServerBuilder delegate) {
    this.delegate = delegate;
  }

  @Override
  protected ServerBuilder<?> delegate() {
    return delegate;
  }

  @Override
  public Server build() {
    ServingStatus status = new ServingStatus();
    delegate.xdsServingStatusListener(status);
    XdsPortServer server = new XdsPortServer(delegate.build(), status);
    status.server = server;
    return server;
  }

  /**
   * Follows the port's serving status (on grpc-java's xDS synchronization context): a "not serving"
   * before the first "serving" ends the start, which would otherwise wait for ever.
   */
  static final class ServingStatus implements XdsServerBuilder.XdsServingStatusListener {
    // Written by build() before start(), which hands over to the synchronization context.
    volatile XdsPortServer server;
    // Written on the synchronization context, read by the thread in start() once it returns.
    volatile boolean served;
    volatile Throwable failure;

    @Override
    public void onServing() {
      served = true;
    }

    @Override
    public void onNotServing(Throwable cause) {
      if (served) {
        logger.log(Level.WARNING, "xDS port not serving: " + cause.getMessage());
        return;
      }
      failure = cause;
      server.delegate().shutdownNow(); // start() then throws
    }
  }
}
