package io.github.grpcaio;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A gRPC server, as Python's {@code grpc.aio.Server}. Create one with {@code GrpcAio.server()}, add
 * handlers and ports, then {@link #start()}:
 *
 * <pre>{@code
 * Server server = GrpcAio.server();
 * server.addGenericRpcHandlers(greeterHandler);
 * int port = server.addInsecurePort("127.0.0.1:0");
 * server.start().join();
 * ...
 * server.stop(Duration.ofSeconds(5)).join();
 * }</pre>
 *
 * <p>Thread-safe. Handlers run on the server's executor, never on a transport thread.
 */
public interface Server extends AutoCloseable {

  /**
   * Adds generic handlers, consulted in the order added for every incoming RPC; the first one
   * returning a handler wins. A {@link ServiceRpcHandler} among them is also known by its service
   * name ({@link #serviceNames()}); a server serves one service per name.
   *
   * @throws UsageError if the server was stopped
   * @throws NullPointerException if a handler is null
   * @throws IllegalArgumentException if a {@code ServiceRpcHandler}'s service is already registered
   *     or hosted, or two of them share a name ("Service 'x.Y' is already registered"); then none
   *     is added
   */
  void addGenericRpcHandlers(GenericRpcHandler... handlers);

  /**
   * Registers the methods of one service, as Python's {@code add_registered_method_handlers}.
   * Registered methods are matched by exact name before any generic handler is asked, so they win
   * over a generic handler that would also answer them.
   *
   * @param service the fully qualified service name, for example {@code "helloworld.Greeter"}
   * @param methodHandlers handlers by method name (without the service)
   * @throws IllegalArgumentException if a service of that name is already registered or hosted
   *     ("Service 'x.Y' is already registered"), or a name is empty or holds a slash
   * @throws UsageError if the server was stopped
   */
  void addRegisteredMethodHandlers(
      String service, Map<String, RpcMethodHandler<?, ?>> methodHandlers);

  /**
   * Hosts a grpc-java service next to the aio handlers, as grpc-java's {@code
   * ServerBuilder.addService}: it is served on every port, counts against {@code
   * maximumConcurrentRpcs}, is drained and then cancelled by {@link #stop}, gets the server's
   * default compression and message limits. Its calls run on the server's executor, never on a
   * transport thread. Like registered methods, its methods win over generic handlers. Works before
   * and after {@link #start()}.
   *
   * <p>Hosted services are listed by server reflection with their proto descriptors, and a health
   * service sets them SERVING.
   *
   * @param service a grpc-java service definition
   * @throws IllegalArgumentException if a service of that name is already registered or hosted
   * @throws UsageError if the server was stopped
   */
  void addService(io.grpc.ServerServiceDefinition service);

  /**
   * Hosts a grpc-java service, as {@link #addService(io.grpc.ServerServiceDefinition)} with {@code
   * service.bindService()}.
   *
   * @param service a grpc-java service, such as a generated {@code XxxImplBase} or {@code
   *     HealthStatusManager.getHealthService()}
   * @throws IllegalArgumentException if a service of that name is already registered or hosted
   * @throws UsageError if the server was stopped
   */
  default void addService(io.grpc.BindableService service) {
    addService(service.bindService());
  }

  /**
   * Hosts several grpc-java services, for example {@code AdminInterface.getStandardServices()}.
   *
   * @param services grpc-java service definitions, added in order
   * @throws IllegalArgumentException if a service of one of the names is already registered or
   *     hosted; the services before it stay added
   * @throws UsageError if the server was stopped
   */
  default void addServices(List<io.grpc.ServerServiceDefinition> services) {
    services.forEach(this::addService);
  }

  /**
   * Returns the names of the services this server knows by name: hosted grpc-java services,
   * registered methods and {@link ServiceRpcHandler}s added as generic handlers, in the order
   * added. A generic handler that is not a {@code ServiceRpcHandler} has no name and is not listed.
   *
   * @return an immutable snapshot
   */
  List<String> serviceNames();

  /**
   * Adds a listener of this server's lifecycle; see {@link ServerListener} for when and on which
   * thread it is called. A listener added after a transition does not hear it.
   *
   * @param listener the listener
   * @throws NullPointerException if {@code listener} is null
   */
  void addListener(ServerListener listener);

  /**
   * Binds a plaintext port, as {@code add_insecure_port}. The port is bound at once (it accepts
   * connections, but RPCs wait until {@link #start()}); this works before and after {@code
   * start()}.
   *
   * @param address {@code host:port}, where {@code [::]:0} or {@code 127.0.0.1:0} picks a free
   *     port; or a Unix socket: {@code unix:path} (relative to the working directory, or absolute),
   *     {@code unix:///absolute/path} or {@code unix-abstract:name} (Linux; needs {@code
   *     io.netty:netty-transport-native-epoll} on the class path)
   * @return the bound port; 1 for a Unix socket, as gRPC reports it
   * @throws IllegalArgumentException if the address is malformed, or names a Unix socket and the
   *     native epoll transport is not available (the message names the cause)
   * @throws java.io.UncheckedIOException if the address cannot be bound ("Failed to bind to address
   *     ...")
   * @throws UsageError if the server was stopped
   */
  int addInsecurePort(String address);

  /**
   * Binds a port secured by {@code credentials}, as {@code add_secure_port}.
   *
   * @param address {@code host:port} or a Unix socket, as {@link #addInsecurePort} takes them
   * @param credentials TLS or local credentials
   * @return the bound port; 1 for a Unix socket
   * @throws IllegalArgumentException if the address or a PEM is malformed, local credentials are
   *     given an address their type does not cover, or a Unix socket's native transport is not
   *     available
   * @throws java.io.UncheckedIOException if the address cannot be bound
   * @throws UsageError if the server was stopped
   */
  int addSecurePort(String address, ServerCredentials credentials);

  /**
   * Serves on an in-process port (no sockets) that channels from {@code
   * GrpcAio.inProcessChannel(name)} reach. Meant for tests.
   *
   * @param name a name unique in this JVM
   * @throws java.io.UncheckedIOException if the name is taken
   * @throws UsageError if the server was stopped
   */
  void addInProcessPort(String name);

  /**
   * Starts serving RPCs. A second call while running does nothing, as in Python.
   *
   * @return a completed future
   * @throws UsageError if the server was stopped
   */
  CompletableFuture<Void> start();

  /**
   * Stops the server, as {@code await server.stop(grace)}. Listeners close at once: new RPCs are
   * refused with {@code UNAVAILABLE}. In-flight RPCs may finish within {@code grace}; those left
   * are then cancelled (the client sees {@code UNAVAILABLE "Cancelling all calls"}, the handler
   * sees {@code cancelled()}). Repeated calls return the same future; a smaller grace wins. Being
   * shared, the future cannot be completed or cancelled by a caller: {@code cancel} returns false
   * and changes nothing, {@code complete}, {@code completeExceptionally}, {@code completeAsync} and
   * {@code obtrude*} throw {@link UsageError}, and {@code orTimeout} and {@code completeOnTimeout}
   * return a new future with the timeout.
   *
   * @param grace how long in-flight RPCs may go on; null or zero cancels them now
   * @return a future completing, on the server's executor, when every RPC has ended (its done
   *     callbacks included) and every port is closed
   * @throws IllegalArgumentException if {@code grace} is negative
   */
  CompletableFuture<Void> stop(Duration grace);

  /**
   * Waits until the server has stopped, as {@code wait_for_termination(timeout)}.
   *
   * <p>The result follows Python: {@code true} means the timeout ran out first, {@code false} that
   * the server terminated.
   *
   * @param timeout the bound, or null to wait for ever
   * @return a future completing with {@code true} on timeout, {@code false} on termination, on the
   *     server's executor (or at once, on the calling thread, if the server has terminated); a
   *     future of its own per call, which the caller may cancel
   */
  CompletableFuture<Boolean> waitForTermination(Duration timeout);

  /** Stops the server now ({@code stop(null)}) and waits until it has terminated. */
  @Override
  void close();
}
