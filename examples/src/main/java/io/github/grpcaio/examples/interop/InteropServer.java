package io.github.grpcaio.examples.interop;

import static java.util.concurrent.TimeUnit.SECONDS;

import io.github.grpcaio.Server;
import io.github.grpcaio.core.GrpcAio;
import io.github.grpcaio.examples.interop.proto.TestServiceAio;
import java.time.Duration;

/**
 * The gRPC interop test server on the aio server API: {@code InteropServer --port=PORT} serves
 * {@code grpc.testing.TestService} (see {@link InteropService}) in plaintext on 127.0.0.1 until the
 * process is stopped. With {@code --port=0} it picks a free port; it prints {@code listening on
 * 127.0.0.1:PORT} once it serves.
 */
public final class InteropServer {

  private InteropServer() {}

  /**
   * Runs the server until the JVM is stopped.
   *
   * @param args {@code --port=PORT}
   * @throws Exception if the server cannot start
   */
  public static void main(String[] args) throws Exception {
    int port = 8080;
    for (String arg : args) {
      if (arg.startsWith("--port=")) {
        port = Integer.parseInt(arg.substring("--port=".length()));
      } else if (!arg.startsWith("--use_tls=false")) {
        System.err.println("Usage: InteropServer --port=PORT");
        System.exit(2);
      }
    }
    Running running = start(port);
    System.out.println("listening on 127.0.0.1:" + running.port());
    Server server = running.server();
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> server.stop(Duration.ofSeconds(1)).join()));
    while (!server.waitForTermination(Duration.ofHours(1)).join()) {
      // serve until stopped
    }
  }

  /**
   * A started interop server.
   *
   * @param server the server
   * @param port the port it listens on, on 127.0.0.1
   */
  public record Running(Server server, int port) {}

  /**
   * Starts an interop server on 127.0.0.1.
   *
   * @param port the port, or 0 for a free one
   * @return the started server and its port
   * @throws Exception if it cannot start within 10 seconds
   */
  public static Running start(int port) throws Exception {
    Server server = GrpcAio.server();
    TestServiceAio.addTestServiceServicerToServer(new InteropService(), server);
    int bound = server.addInsecurePort("127.0.0.1:" + port);
    server.start().get(10, SECONDS);
    return new Running(server, bound);
  }
}
