package io.github.grpcaio.reliability;

import io.github.grpcaio.Server;
import io.github.grpcaio.core.GrpcAio;

/**
 * A {@link FaultService} server in a JVM of its own, for {@link ServerProcessKilledTest} to kill
 * (with {@link ForkedJvm}): listens on a free port of 127.0.0.1, prints {@code READY <port>} on a
 * line of its own, and serves until the process is killed.
 */
public final class FaultServerMain {

  private FaultServerMain() {}

  /**
   * Runs the server.
   *
   * @param args none
   */
  public static void main(String[] args) {
    Server server = GrpcAio.server();
    server.addGenericRpcHandlers(new FaultService().handler());
    int port = server.addInsecurePort("127.0.0.1:0");
    server.start().join();
    System.out.println("READY " + port);
    System.out.flush();
    server.waitForTermination(null).join();
  }
}
