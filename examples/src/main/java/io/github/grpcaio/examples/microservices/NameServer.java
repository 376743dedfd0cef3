package io.github.grpcaio.examples.microservices;

import static java.util.concurrent.TimeUnit.SECONDS;

import io.github.grpcaio.Server;
import io.github.grpcaio.ServerCredentials;
import io.github.grpcaio.ServerOptions;
import io.github.grpcaio.core.GrpcAio;
import io.github.grpcaio.core.MdcPropagator;
import io.github.grpcaio.services.health.HealthServicer;
import io.github.grpcaio.services.reflection.Reflection;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Service 1: a gRPC server on the aio API serving {@link NameService} ({@code names.NameProcessor}
 * by its generated servicer, {@code names.NameRecords} by the generic API), with {@link
 * MdcRequestIdServerInterceptor} putting each RPC's request id into the logging context. It also
 * serves the standard health service (SERVING while it runs, NOT_SERVING from the moment it stops)
 * and server reflection, so {@code grpc_health_probe} and {@code grpcurl} work against it:
 *
 * <pre>
 * grpcurl -plaintext 127.0.0.1:50051 list
 * grpcurl -plaintext -d '{"name": "ada"}' 127.0.0.1:50051 names.NameProcessor/ProcessName
 * </pre>
 *
 * <p>Run it with:
 *
 * <pre>
 * mvn -B -q -pl examples -am compile exec:java \
 *     -Dexec.mainClass=io.github.grpcaio.examples.microservices.NameServer -Dexec.args=--port=50051
 * </pre>
 */
public final class NameServer implements AutoCloseable {

  private static final Logger logger = LoggerFactory.getLogger(NameServer.class);

  private final Server server;
  private final NameService service;
  private final HealthServicer health;
  private final int port;

  private NameServer(Server server, NameService service, HealthServicer health, int port) {
    this.server = server;
    this.service = service;
    this.health = health;
    this.port = port;
  }

  /**
   * Adds service 1's services to a server that is not started yet: {@code names.NameProcessor},
   * {@code names.NameRecords}, health ({@code grpc.health.v1.Health}, tied to the server's
   * lifecycle) and reflection.
   *
   * @param server the server
   * @param service the behaviour
   * @return the health servicer, to change a service's status
   */
  public static HealthServicer addServices(Server server, NameService service) {
    NameProcessorAio.addNameProcessorServicerToServer(service, server);
    server.addGenericRpcHandlers(service.recordsHandler());
    HealthServicer health = HealthServicer.enable(server);
    Reflection.enableServerReflection(server);
    return health;
  }

  /**
   * Starts service 1 in plaintext.
   *
   * @param service the behaviour
   * @param address where to listen, e.g. {@code "127.0.0.1:0"} for a free port
   * @return the running server
   * @throws Exception if it cannot bind or start within 10 s
   */
  public static NameServer start(NameService service, String address) throws Exception {
    return start(service, address, null, 0);
  }

  /**
   * Starts service 1.
   *
   * @param service the behaviour
   * @param address where to listen, e.g. {@code "127.0.0.1:0"} for a free port
   * @param credentials TLS credentials ({@link MutualTls#nameServiceCredentials()}), or null for
   *     plaintext
   * @param maxConcurrentStreams how many calls one connection may carry at once, or 0 for
   *     grpc-java's default (unlimited)
   * @return the running server
   * @throws Exception if it cannot bind or start within 10 s
   */
  public static NameServer start(
      NameService service, String address, ServerCredentials credentials, int maxConcurrentStreams)
      throws Exception {
    return start(service, address, credentials, maxConcurrentStreams, null);
  }

  /**
   * Starts service 1, traced and measured.
   *
   * @param service the behaviour
   * @param address where to listen, e.g. {@code "127.0.0.1:0"} for a free port
   * @param credentials TLS credentials ({@link MutualTls#nameServiceCredentials()}), or null for
   *     plaintext
   * @param maxConcurrentStreams how many calls one connection may carry at once, or 0 for
   *     grpc-java's default (unlimited)
   * @param telemetry gRPC's metrics and traces, or null for none
   * @return the running server
   * @throws Exception if it cannot bind or start within 10 s
   */
  public static NameServer start(
      NameService service,
      String address,
      ServerCredentials credentials,
      int maxConcurrentStreams,
      Telemetry telemetry)
      throws Exception {
    ServerOptions.Builder builder =
        ServerOptions.builder()
            .interceptors(List.of(new MdcRequestIdServerInterceptor()))
            // The request id the interceptor puts into the MDC goes on with each RPC.
            .contextPropagators(List.of(MdcPropagator.INSTANCE));
    if (maxConcurrentStreams > 0) {
      builder.maxConcurrentStreams(maxConcurrentStreams);
    }
    ServerOptions options =
        telemetry == null ? builder.build() : telemetry.grpc().configure(builder.build());
    Server server = GrpcAio.server(options);
    try {
      HealthServicer health = addServices(server, service);
      int port =
          credentials == null
              ? server.addInsecurePort(address)
              : server.addSecurePort(address, credentials);
      server.start().get(10, SECONDS);
      logger.info(
          "name service listening on port {} ({})",
          port,
          credentials == null ? "plaintext" : "TLS");
      return new NameServer(server, service, health, port);
    } catch (Exception | Error e) {
      server.close();
      throw e;
    }
  }

  /**
   * Returns the bound port.
   *
   * @return the port
   */
  public int port() {
    return port;
  }

  /**
   * Returns the behaviour it serves.
   *
   * @return the service
   */
  public NameService service() {
    return service;
  }

  /**
   * Returns the server's health servicer.
   *
   * @return the health servicer
   */
  public HealthServicer health() {
    return health;
  }

  /**
   * Stops the server: new calls are refused at once, calls in flight get a second to finish.
   *
   * @throws IllegalStateException if it has not terminated within 10 s
   */
  @Override
  public void close() {
    try {
      server.stop(Duration.ofSeconds(1)).get(10, SECONDS);
      logger.info("name service on port {} stopped", port);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while stopping", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("The name service did not stop", e);
    }
  }

  /**
   * Runs service 1 until the JVM is stopped (Ctrl-C).
   *
   * @param args {@code --host=127.0.0.1} and {@code --port=50051} (0 picks a free port)
   * @throws Exception if it cannot start
   */
  public static void main(String[] args) throws Exception {
    Flags flags = Flags.parse(args, Set.of("host", "port"));
    String address = flags.string("host", "127.0.0.1") + ":" + flags.integer("port", 50051);
    NameServer server = start(new NameService(), address);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                }));
    stopped.await();
  }
}
