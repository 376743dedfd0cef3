package io.github.grpcaio.core.internal.server;

import io.github.grpcaio.Compression;
import io.github.grpcaio.ContextPropagator;
import io.github.grpcaio.GenericRpcHandler;
import io.github.grpcaio.RpcMethodHandler;
import io.github.grpcaio.Server;
import io.github.grpcaio.ServerCredentials;
import io.github.grpcaio.ServerInterceptor;
import io.github.grpcaio.ServerListener;
import io.github.grpcaio.ServerOptions;
import io.github.grpcaio.UsageError;
import io.github.grpcaio.core.internal.AioRuntime;
import io.github.grpcaio.core.internal.Durations;
import io.github.grpcaio.core.internal.FallbackExecutor;
import io.github.grpcaio.core.internal.ListenAddress;
import io.github.grpcaio.core.internal.MessageCodec;
import io.github.grpcaio.core.internal.ReadOnlyFuture;
import io.github.grpcaio.core.internal.UnixSockets;
import io.github.grpcaio.core.internal.security.SecureTransports;
import io.grpc.InsecureServerCredentials;
import io.grpc.ServerBuilder;
import io.grpc.ServerCall;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A {@link Server} on grpc-java servers: one per bound port (bound at once, as Python binds in
 * {@code add_insecure_port}), all dispatching to this object through a {@link HandlerDispatcher}.
 *
 * <p>Lifecycle, one field changed under this object's lock: {@code NEW} (ports may be bound, RPCs
 * are refused with {@code UNAVAILABLE}) → {@code SERVING} → {@code STOPPING} (new RPCs refused,
 * active ones have the grace) → {@code STOPPED}. {@code NEW} may also go straight to {@code
 * STOPPING}.
 */
public final class AioServer implements Server, RpcHost {

  private static final Logger logger = Logger.getLogger(AioServer.class.getName());

  private enum State {
    NEW,
    SERVING,
    STOPPING,
    STOPPED
  }

  /** How long cancelled RPCs may take to end before the transports are closed anyway. */
  private static final long CANCEL_BOUND_SECONDS = 5;

  /** How long connections may take to close gracefully once every RPC has ended. */
  private static final Duration GRACEFUL_CLOSE = Duration.ofSeconds(5);

  private static final ServerCall.Listener<InputStream> REFUSED = new ServerCall.Listener<>() {};

  private final ServerOptions options;
  private final Executor executor;
  private final Executor blockingExecutor; // null: blocking handlers run on executor
  private final ServiceRegistry registry = new ServiceRegistry();
  private final HandlerDispatcher dispatcher = new HandlerDispatcher(this, registry);
  // The registry first: registered methods win over the generic handlers, in the order added.
  private final List<GenericRpcHandler> handlers = new CopyOnWriteArrayList<>(List.of(registry));
  private final List<ServerListener> listeners = new CopyOnWriteArrayList<>();
  private final List<io.grpc.Server> transports = new CopyOnWriteArrayList<>();
  private final Set<TrackedRpc> active = ConcurrentHashMap.newKeySet();
  private final ConcurrencyLimit concurrencyLimit;
  private final int maxSendMessageLength;
  private final int maxReceiveMessageLength;
  private final List<ContextPropagator<?>> contextPropagators;
  private final CompletableFuture<Void> drained = new CompletableFuture<>();
  private final ReadOnlyFuture<Void> terminated =
      new ReadOnlyFuture<>(ReadOnlyFuture.SHARED_CLOSE); // every stop() returns it

  private volatile State state = State.NEW; // written under this

  /**
   * Creates a server.
   *
   * @param options the options; parts not implemented yet must have been refused by the caller
   */
  public AioServer(ServerOptions options) {
    this.options = options;
    this.executor =
        FallbackExecutor.wrap(options.executor().orElseGet(AioRuntime::defaultExecutor));
    this.blockingExecutor = RpcHost.blockingExecutorOf(options);
    this.registry.addGeneric(options.handlers());
    this.handlers.addAll(options.handlers());
    this.concurrencyLimit = new ConcurrencyLimit(options.maximumConcurrentRpcs());
    this.maxSendMessageLength = options.maxSendMessageLength().orElse(-1);
    this.maxReceiveMessageLength = MessageCodec.receiveLimit(options.maxReceiveMessageLength());
    this.contextPropagators = options.contextPropagators(); // the globals of now, if none set
  }

  /** The handlers {@code ServerRpc} asks, in order: registered methods, then generic handlers. */
  @Override
  public List<GenericRpcHandler> handlers() {
    return handlers;
  }

  @Override
  public List<ServerInterceptor> interceptors() {
    return options.interceptors();
  }

  @Override
  public List<ContextPropagator<?>> contextPropagators() {
    return contextPropagators;
  }

  @Override
  public Executor blockingExecutor() {
    return blockingExecutor;
  }

  @Override
  public int maxSendMessageLength() {
    return maxSendMessageLength;
  }

  @Override
  public int maxReceiveMessageLength() {
    return maxReceiveMessageLength;
  }

  @Override
  public Compression defaultCompression() {
    return options.compression().orElse(null);
  }

  // ---- configuration ----

  @Override
  public void addGenericRpcHandlers(GenericRpcHandler... added) {
    checkNotStopped();
    List<GenericRpcHandler> list = new ArrayList<>(added.length);
    for (GenericRpcHandler h : added) {
      list.add(Objects.requireNonNull(h, "handler"));
    }
    registry.addGeneric(list);
    handlers.addAll(list);
  }

  @Override
  public void addRegisteredMethodHandlers(
      String service, Map<String, RpcMethodHandler<?, ?>> methodHandlers) {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(methodHandlers, "methodHandlers");
    checkNotStopped();
    registry.addRegistered(service, methodHandlers);
  }

  @Override
  public void addService(ServerServiceDefinition service) {
    Objects.requireNonNull(service, "service");
    checkNotStopped();
    registry.addHosted(service, m -> HostedCall.bridge(this, m));
  }

  @Override
  public List<String> serviceNames() {
    return registry.names();
  }

  @Override
  public void addListener(ServerListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** Tells every listener of a transition; what one throws is logged, never passed on. */
  private void fire(BiConsumer<ServerListener, Server> event, String name) {
    for (ServerListener listener : listeners) {
      try {
        event.accept(listener, this);
      } catch (RuntimeException e) {
        logger.log(Level.WARNING, "Server listener " + listener + " failed in " + name, e);
      }
    }
  }

  @Override
  public int addInsecurePort(String address) {
    checkNotStopped();
    if (options.grpcServerBuilderFactory().isPresent()) {
      return addFactoryPort(address, InsecureServerCredentials.create());
    }
    SocketAddress socketAddress = ListenAddress.parseAny(address);
    NettyServerBuilder builder =
        UnixSockets.forServer(NettyServerBuilder.forAddress(socketAddress), socketAddress, address);
    ServerConfigurer.applyNetty(builder, options);
    return port(bind(configure(builder), "address " + address));
  }

  /** The bound TCP port, or 1 for a Unix socket, as gRPC reports it. */
  private static int port(io.grpc.Server server) {
    return server.getListenSockets().get(0) instanceof InetSocketAddress inet ? inet.getPort() : 1;
  }

  @Override
  public int addSecurePort(String address, ServerCredentials credentials) {
    Objects.requireNonNull(credentials, "credentials");
    if (credentials instanceof ServerCredentials.Insecure) {
      return addInsecurePort(address);
    }
    checkNotStopped();
    if (options.grpcServerBuilderFactory().isPresent()) {
      if (!(credentials instanceof ServerCredentials.GrpcJava grpc)) {
        throw new IllegalArgumentException(
            "A server with a grpcServerBuilderFactory takes ServerCredentials.insecure() or"
                + " ServerCredentials.fromGrpc(...) credentials, not "
                + credentials.getClass().getSimpleName());
      }
      return addFactoryPort(address, grpc.credentials());
    }
    NettyServerBuilder builder = SecureTransports.forServer(address, credentials);
    ServerConfigurer.applyNetty(builder, options); // keepalive and connection limits, as plaintext
    return port(bind(configure(builder), "address " + address));
  }

  @Override
  public void addInProcessPort(String name) {
    checkNotStopped();
    InProcessServerBuilder builder = InProcessServerBuilder.forName(Objects.requireNonNull(name));
    bind(configure(builder), "name " + name);
  }

  /** Binds a TCP port with the builder that the options' server builder factory makes. */
  private int addFactoryPort(String address, io.grpc.ServerCredentials credentials) {
    InetSocketAddress socketAddress = ListenAddress.parse(address);
    ServerBuilder<?> builder =
        Objects.requireNonNull(
            options.grpcServerBuilderFactory().orElseThrow().newBuilder(socketAddress, credentials),
            "the grpcServerBuilderFactory returned null");
    ServerConfigurer.applyConnections(builder, options);
    io.grpc.Server server = bind(configure(builder), "address " + address);
    return ((InetSocketAddress) server.getListenSockets().get(0)).getPort();
  }

  private ServerBuilder<?> configure(ServerBuilder<?> builder) {
    builder.directExecutor().fallbackHandlerRegistry(dispatcher);
    ServerConfigurer.apply(builder, options, executor);
    return builder;
  }

  private io.grpc.Server bind(ServerBuilder<?> builder, String what) {
    io.grpc.Server server = builder.build();
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to bind to " + what, e);
    }
    transports.add(server);
    synchronized (this) {
      if (state == State.STOPPING || state == State.STOPPED) {
        transports.remove(server);
        server.shutdownNow();
        throw new UsageError("The server was stopped");
      }
    }
    return server;
  }

  private void checkNotStopped() {
    State s = state;
    if (s == State.STOPPING || s == State.STOPPED) {
      throw new UsageError("The server was stopped");
    }
  }

  // ---- lifecycle ----

  @Override
  public CompletableFuture<Void> start() {
    synchronized (this) {
      switch (state) {
        case NEW -> state = State.SERVING;
        case SERVING -> {
          return CompletableFuture.completedFuture(null); // a second start is a no-op, as in Python
        }
        default -> throw new UsageError("A stopped server cannot be started again");
      }
    }
    fire(ServerListener::started, "started");
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletableFuture<Void> stop(Duration grace) {
    if (grace != null && grace.isNegative()) {
      throw new IllegalArgumentException("grace must not be negative: " + grace);
    }
    boolean first;
    synchronized (this) {
      first = state == State.NEW || state == State.SERVING;
      if (first) {
        state = State.STOPPING;
      }
    }
    if (first) {
      // New RPCs are refused already; in-flight ones run on while listeners react (a health
      // service turns NOT_SERVING before the ports close).
      fire(ServerListener::stopping, "stopping");
      for (io.grpc.Server server : transports) {
        server.shutdown(); // closes listeners; grpc-java refuses new RPCs on live connections
      }
      if (active.isEmpty()) {
        drained.complete(null);
      }
      drained.whenComplete((ignored, error) -> executor.execute(this::terminate));
    }
    if (grace == null || grace.isZero()) {
      cancelActive();
    } else {
      // Each stop() schedules its own deadline, so the smallest grace wins; moot once every RPC
      // has ended.
      AioRuntime.scheduleUnlessDone(
          this::cancelActive, Durations.toNanos(grace), executor, drained);
    }
    return terminated;
  }

  private void cancelActive() {
    for (TrackedRpc rpc : new ArrayList<>(active)) {
      rpc.cancelForShutdown();
    }
    // A handler that blocks its thread keeps its RPC's context busy, so its cancellation may never
    // run; after a bound, shut the transports down anyway so that stop() cannot hang.
    drained.completeOnTimeout(null, CANCEL_BOUND_SECONDS, TimeUnit.SECONDS);
  }

  /**
   * Every RPC has ended: closes the connections and completes {@link #terminated}. Runs on the
   * executor, as it blocks.
   *
   * <p>The connections first get the chance to close gracefully (grpc-java's {@code shutdown()},
   * called by {@link #stop}, sends GOAWAY and closes each one once its client acknowledged).
   * Forcing them shut at once could reset a connection whose client has just sent something (the
   * ack of that GOAWAY ping, a window update), and a reset can make the client drop the statuses it
   * has not read yet: it would then report "Connection closed after GOAWAY" instead. What is left
   * after {@link #GRACEFUL_CLOSE} (an unresponsive client) is closed by force.
   */
  private void terminate() {
    try {
      long end = System.nanoTime() + Durations.toNanos(GRACEFUL_CLOSE);
      for (io.grpc.Server server : transports) {
        server.awaitTermination(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
      }
      for (io.grpc.Server server : transports) {
        server.shutdownNow();
      }
      for (io.grpc.Server server : transports) {
        if (!server.awaitTermination(10, TimeUnit.SECONDS)) {
          logger.warning("A server transport did not terminate in 10 s");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      state = State.STOPPED;
    }
    fire(ServerListener::terminated, "terminated");
    terminated.succeed(null);
  }

  @Override
  public CompletableFuture<Boolean> waitForTermination(Duration timeout) {
    CompletableFuture<Boolean> result = new CompletableFuture<>();
    terminated.whenComplete((ignored, error) -> result.complete(false));
    if (timeout != null) {
      // On the executor, not the JDK's delay thread (completeOnTimeout's): the caller's dependents
      // run where this future completes, and one that blocks must not stall the JVM's timeouts.
      AioRuntime.scheduleUnlessDone(
          () -> result.complete(true), Math.max(0, Durations.toNanos(timeout)), executor, result);
    }
    return result;
  }

  @Override
  public void close() {
    stop(null).join();
  }

  // ---- calls, in the first task of the call's executor (a transport thread for refusals) ----

  @Override
  public ServerCall.Listener<InputStream> startCall(
      MethodRoute route, ServerCall<InputStream, InputStream> call, io.grpc.Metadata headers) {
    if (!admit(call)) {
      return REFUSED;
    }
    ServerRpc<Object, Object> rpc = new ServerRpc<>(this, route, call, headers, executor);
    active.add(rpc);
    if (state != State.SERVING) {
      // stop() began meanwhile and may not have seen this call: cancel it ourselves.
      rpc.cancelForShutdown();
    }
    rpc.start();
    return rpc;
  }

  /** Starts a call of a hosted grpc-java method, admitted as aio RPCs are. */
  <Req, Resp> ServerCall.Listener<InputStream> startHostedCall(
      ServerCall<InputStream, InputStream> call,
      io.grpc.Metadata headers,
      ServerMethodDefinition<Req, Resp> definition) {
    if (!admit(call)) {
      return REFUSED;
    }
    HostedCall<Req, Resp> hosted = new HostedCall<>(this, call, definition, executor);
    active.add(hosted);
    ServerCall.Listener<InputStream> listener = hosted.start(headers, defaultCompression());
    if (state != State.SERVING) {
      hosted.cancelForShutdown(); // as in startCall
    }
    return listener;
  }

  /**
   * Takes a place for a new call, or refuses it: {@code UNAVAILABLE} unless the server is serving,
   * {@code RESOURCE_EXHAUSTED} over {@code maximumConcurrentRpcs}.
   *
   * @return false if the call was refused (and closed)
   */
  private boolean admit(ServerCall<InputStream, InputStream> call) {
    State s = state;
    if (s != State.SERVING) {
      call.close(
          Status.UNAVAILABLE.withDescription(
              s == State.NEW ? "The server is not started" : "The server is stopping"),
          new io.grpc.Metadata());
      return false;
    }
    return concurrencyLimit.admit(call);
  }

  /**
   * Frees the call's place under {@code maximumConcurrentRpcs}. Called exactly once per call, as
   * soon as its outcome is decided and before its status is handed to the transport, so that a
   * client that saw the status and starts another RPC finds the place free.
   */
  @Override
  public void releaseSlot() {
    concurrencyLimit.release();
  }

  /** Forgets an ended aio RPC. Called exactly once per call, after {@link #releaseSlot()}. */
  @Override
  public void release(ServerRpc<?, ?> rpc) {
    release((TrackedRpc) rpc);
  }

  /** Forgets an ended call. Called exactly once per call, after {@link #releaseSlot()}. */
  void release(TrackedRpc rpc) {
    active.remove(rpc);
    if (state == State.STOPPING && active.isEmpty()) {
      drained.complete(null);
    }
  }

  /** How many RPCs were started and not yet released: what a stop waits for. Any thread. */
  int activeRpcs() {
    return active.size();
  }

  @Override
  public String toString() {
    return "AioServer[" + state + ", ports=" + transports.size() + "]";
  }
}
