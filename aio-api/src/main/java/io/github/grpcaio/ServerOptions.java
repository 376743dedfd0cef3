package io.github.grpcaio;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * How a server is configured: the arguments of Python's {@code grpc.aio.server(...)} ({@code
 * migration_thread_pool}, {@code handlers}, {@code interceptors}, {@code options}, {@code
 * maximum_concurrent_rpcs}, {@code compression}) as an immutable value built with {@link
 * #builder()}. Unset values mean grpc-java's defaults.
 */
public final class ServerOptions {

  /** A server with every default. */
  public static final ServerOptions DEFAULT = builder().build();

  /** The {@code grpc.*} option names {@link Builder#option(String, Object)} accepts. */
  public static final Set<String> OPTION_NAMES =
      Set.copyOf(
          new TreeSet<>(
              List.of(
                  "grpc.max_receive_message_length",
                  "grpc.max_send_message_length",
                  "grpc.max_metadata_size",
                  "grpc.max_concurrent_streams",
                  "grpc.keepalive_time_ms",
                  "grpc.keepalive_timeout_ms",
                  "grpc.keepalive_permit_without_calls",
                  "grpc.http2.min_ping_interval_without_data_ms",
                  "grpc.max_connection_idle_ms",
                  "grpc.max_connection_age_ms",
                  "grpc.max_connection_age_grace_ms")));

  /**
   * gRPC core's server option names that have no meaning in grpc-java: {@link
   * Builder#option(String, Object)} accepts them, ignores the value and logs a warning the first
   * time each is used, so that option lists ported from Python keep working.
   */
  public static final Set<String> IGNORED_OPTION_NAMES =
      OptionNames.ignored("grpc.http2.max_ping_strikes");

  private final Executor executor;
  private final Executor blockingExecutor;
  private final boolean virtualThreads;
  private final List<GenericRpcHandler> handlers;
  private final List<ServerInterceptor> interceptors;
  private final List<io.grpc.ServerInterceptor> grpcInterceptors;
  private final List<ContextPropagator<?>> contextPropagators; // null: the globals
  private final Consumer<? super io.grpc.ServerBuilder<?>> grpcBuilderConfigurer;
  private final GrpcServerBuilderFactory grpcServerBuilderFactory;
  private final Integer maximumConcurrentRpcs;
  private final Compression compression;
  private final Integer maxReceiveMessageLength;
  private final Integer maxSendMessageLength;
  private final Integer maxMetadataSize;
  private final Integer maxConcurrentStreams;
  private final Duration keepaliveTime;
  private final Duration keepaliveTimeout;
  private final Boolean permitKeepaliveWithoutCalls;
  private final Duration permitKeepaliveTime;
  private final Duration maxConnectionIdle;
  private final Duration maxConnectionAge;
  private final Duration maxConnectionAgeGrace;

  private ServerOptions(Builder b) {
    this.executor = b.executor;
    this.blockingExecutor = b.blockingExecutor;
    this.virtualThreads = b.virtualThreads;
    this.handlers = List.copyOf(b.handlers);
    this.interceptors = List.copyOf(b.interceptors);
    this.grpcInterceptors = List.copyOf(b.grpcInterceptors);
    this.contextPropagators = b.contextPropagators;
    this.grpcBuilderConfigurer = b.grpcBuilderConfigurer;
    this.grpcServerBuilderFactory = b.grpcServerBuilderFactory;
    this.maximumConcurrentRpcs = b.maximumConcurrentRpcs;
    this.compression = b.compression;
    this.maxReceiveMessageLength = b.maxReceiveMessageLength;
    this.maxSendMessageLength = b.maxSendMessageLength;
    this.maxMetadataSize = b.maxMetadataSize;
    this.maxConcurrentStreams = b.maxConcurrentStreams;
    this.keepaliveTime = b.keepaliveTime;
    this.keepaliveTimeout = b.keepaliveTimeout;
    this.permitKeepaliveWithoutCalls = b.permitKeepaliveWithoutCalls;
    this.permitKeepaliveTime = b.permitKeepaliveTime;
    this.maxConnectionIdle = b.maxConnectionIdle;
    this.maxConnectionAge = b.maxConnectionAge;
    this.maxConnectionAgeGrace = b.maxConnectionAgeGrace;
  }

  /**
   * Starts a builder with every default.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder holding these options, to derive a changed copy.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.executor = executor;
    b.blockingExecutor = blockingExecutor;
    b.virtualThreads = virtualThreads;
    b.handlers = handlers;
    b.interceptors = interceptors;
    b.grpcInterceptors = grpcInterceptors;
    b.contextPropagators = contextPropagators;
    b.grpcBuilderConfigurer = grpcBuilderConfigurer;
    b.grpcServerBuilderFactory = grpcServerBuilderFactory;
    b.maximumConcurrentRpcs = maximumConcurrentRpcs;
    b.compression = compression;
    b.maxReceiveMessageLength = maxReceiveMessageLength;
    b.maxSendMessageLength = maxSendMessageLength;
    b.maxMetadataSize = maxMetadataSize;
    b.maxConcurrentStreams = maxConcurrentStreams;
    b.keepaliveTime = keepaliveTime;
    b.keepaliveTimeout = keepaliveTimeout;
    b.permitKeepaliveWithoutCalls = permitKeepaliveWithoutCalls;
    b.permitKeepaliveTime = permitKeepaliveTime;
    b.maxConnectionIdle = maxConnectionIdle;
    b.maxConnectionAge = maxConnectionAge;
    b.maxConnectionAgeGrace = maxConnectionAgeGrace;
    return b;
  }

  /**
   * Returns the executor that runs handlers, callbacks and subscribers.
   *
   * @return the executor, empty for the library's shared default
   */
  public Optional<Executor> executor() {
    return Optional.ofNullable(executor);
  }

  /**
   * Returns the executor that runs blocking handlers ({@code RpcMethodHandler.*Blocking}), one task
   * per RPC; see {@link Builder#blockingExecutor}.
   *
   * @return the executor, empty when none was set (then blocking handlers run on a virtual thread
   *     each if {@link #virtualThreads()} and the JVM has them, else on {@link #executor()})
   */
  public Optional<Executor> blockingExecutor() {
    return Optional.ofNullable(blockingExecutor);
  }

  /**
   * Tells whether blocking handlers run on a virtual thread each, where the JVM has them; see
   * {@link Builder#virtualThreads()}.
   *
   * @return true if asked for
   */
  public boolean virtualThreads() {
    return virtualThreads;
  }

  /**
   * Returns the generic handlers installed at creation.
   *
   * @return an unmodifiable list
   */
  public List<GenericRpcHandler> handlers() {
    return handlers;
  }

  /**
   * Returns the server interceptors, in order.
   *
   * @return an unmodifiable list
   */
  public List<ServerInterceptor> interceptors() {
    return interceptors;
  }

  /**
   * Returns the grpc-java server interceptors, in the order they run; see {@link
   * Builder#grpcInterceptors}.
   *
   * @return an unmodifiable list
   */
  public List<io.grpc.ServerInterceptor> grpcInterceptors() {
    return grpcInterceptors;
  }

  /**
   * Returns the limit of RPCs handled at once; the excess is refused with {@code RESOURCE_EXHAUSTED
   * "Concurrent RPC limit exceeded!"}.
   *
   * @return the limit, empty for none
   */
  public Optional<Integer> maximumConcurrentRpcs() {
    return Optional.ofNullable(maximumConcurrentRpcs);
  }

  /**
   * Returns the default compression of responses.
   *
   * @return the algorithm, empty for none
   */
  public Optional<Compression> compression() {
    return Optional.ofNullable(compression);
  }

  /**
   * Returns the largest request accepted; a larger one ends its RPC with {@code
   * RESOURCE_EXHAUSTED}.
   *
   * @return bytes, empty for grpc's default of 4 MiB
   */
  public Optional<Integer> maxReceiveMessageLength() {
    return Optional.ofNullable(maxReceiveMessageLength);
  }

  /**
   * Returns the largest response sent; a larger one ends its RPC with {@code RESOURCE_EXHAUSTED}.
   *
   * @return bytes, empty for unlimited
   */
  public Optional<Integer> maxSendMessageLength() {
    return Optional.ofNullable(maxSendMessageLength);
  }

  /**
   * Returns the largest metadata accepted.
   *
   * @return bytes, empty for grpc's default
   */
  public Optional<Integer> maxMetadataSize() {
    return Optional.ofNullable(maxMetadataSize);
  }

  /**
   * Returns the limit of concurrent streams per connection ({@code grpc.max_concurrent_streams}).
   *
   * @return the limit, empty for unlimited
   */
  public Optional<Integer> maxConcurrentStreams() {
    return Optional.ofNullable(maxConcurrentStreams);
  }

  /**
   * Returns the keepalive ping interval ({@code grpc.keepalive_time_ms}).
   *
   * @return the interval, empty for grpc's default
   */
  public Optional<Duration> keepaliveTime() {
    return Optional.ofNullable(keepaliveTime);
  }

  /**
   * Returns how long to wait for a keepalive ack ({@code grpc.keepalive_timeout_ms}).
   *
   * @return the timeout, empty for grpc's default
   */
  public Optional<Duration> keepaliveTimeout() {
    return Optional.ofNullable(keepaliveTimeout);
  }

  /**
   * Returns whether clients may send keepalive pings when they have no call ({@code
   * grpc.keepalive_permit_without_calls}); a client that does so when not permitted is sent a
   * GOAWAY. Netty ports only.
   *
   * @return the choice, empty for grpc's default (false)
   */
  public Optional<Boolean> permitKeepaliveWithoutCalls() {
    return Optional.ofNullable(permitKeepaliveWithoutCalls);
  }

  /**
   * Returns the shortest interval between client keepalive pings the server tolerates ({@code
   * grpc.http2.min_ping_interval_without_data_ms}); a client pinging more often is sent a GOAWAY.
   * Netty ports only.
   *
   * @return the interval, empty for grpc-java's default of 5 minutes
   */
  public Optional<Duration> permitKeepaliveTime() {
    return Optional.ofNullable(permitKeepaliveTime);
  }

  /**
   * Returns how long a connection may stay without calls before the server closes it gracefully
   * ({@code grpc.max_connection_idle_ms}). Netty ports only.
   *
   * @return the duration, empty for unlimited
   */
  public Optional<Duration> maxConnectionIdle() {
    return Optional.ofNullable(maxConnectionIdle);
  }

  /**
   * Returns how long a connection may live before the server closes it gracefully ({@code
   * grpc.max_connection_age_ms}); grpc-java adds a random jitter of ±10%. Netty ports only.
   *
   * @return the duration, empty for unlimited
   */
  public Optional<Duration> maxConnectionAge() {
    return Optional.ofNullable(maxConnectionAge);
  }

  /**
   * Returns how long calls may go on after {@link #maxConnectionAge()} before the connection is
   * closed by force ({@code grpc.max_connection_age_grace_ms}). Netty ports only.
   *
   * @return the duration, empty for unlimited
   */
  public Optional<Duration> maxConnectionAgeGrace() {
    return Optional.ofNullable(maxConnectionAgeGrace);
  }

  /**
   * Returns the context propagators of this server's RPCs; see {@link Builder#contextPropagators}.
   *
   * @return the propagators set, or, if none were set, those {@linkplain
   *     ContextPropagator#registerGlobal registered globally} now
   */
  public List<ContextPropagator<?>> contextPropagators() {
    return contextPropagators != null ? contextPropagators : ContextPropagator.globals();
  }

  /**
   * Returns what configures the grpc-java server builder; see {@link Builder#grpcBuilder}.
   *
   * @return the configurer, empty for none
   */
  public Optional<Consumer<? super io.grpc.ServerBuilder<?>>> grpcBuilder() {
    return Optional.ofNullable(grpcBuilderConfigurer);
  }

  /**
   * Returns what makes the grpc-java server builder of each TCP port; see {@link
   * Builder#grpcServerBuilderFactory}.
   *
   * @return the factory, empty for the library's own Netty builder
   */
  public Optional<GrpcServerBuilderFactory> grpcServerBuilderFactory() {
    return Optional.ofNullable(grpcServerBuilderFactory);
  }

  @Override
  public String toString() {
    return "ServerOptions[executor="
        + executor
        + ", blockingExecutor="
        + blockingExecutor
        + ", virtualThreads="
        + virtualThreads
        + ", handlers="
        + handlers.size()
        + ", interceptors="
        + interceptors.size()
        + ", grpcInterceptors="
        + grpcInterceptors.size()
        + ", contextPropagators="
        + contextPropagators
        + ", grpcBuilder="
        + grpcBuilderConfigurer
        + ", grpcServerBuilderFactory="
        + grpcServerBuilderFactory
        + ", maximumConcurrentRpcs="
        + maximumConcurrentRpcs
        + ", compression="
        + compression
        + ", maxReceiveMessageLength="
        + maxReceiveMessageLength
        + ", maxSendMessageLength="
        + maxSendMessageLength
        + ", maxMetadataSize="
        + maxMetadataSize
        + ", maxConcurrentStreams="
        + maxConcurrentStreams
        + ", keepaliveTime="
        + keepaliveTime
        + ", keepaliveTimeout="
        + keepaliveTimeout
        + ", permitKeepaliveWithoutCalls="
        + permitKeepaliveWithoutCalls
        + ", permitKeepaliveTime="
        + permitKeepaliveTime
        + ", maxConnectionIdle="
        + maxConnectionIdle
        + ", maxConnectionAge="
        + maxConnectionAge
        + ", maxConnectionAgeGrace="
        + maxConnectionAgeGrace
        + "]";
  }

  /** Builds {@link ServerOptions}. Not thread-safe. */
  public static final class Builder {
    private Executor executor;
    private Executor blockingExecutor;
    private boolean virtualThreads;
    private List<GenericRpcHandler> handlers = List.of();
    private List<ServerInterceptor> interceptors = List.of();
    private List<io.grpc.ServerInterceptor> grpcInterceptors = List.of();
    private List<ContextPropagator<?>> contextPropagators;
    private Consumer<? super io.grpc.ServerBuilder<?>> grpcBuilderConfigurer;
    private GrpcServerBuilderFactory grpcServerBuilderFactory;
    private Integer maximumConcurrentRpcs;
    private Compression compression;
    private Integer maxReceiveMessageLength;
    private Integer maxSendMessageLength;
    private Integer maxMetadataSize;
    private Integer maxConcurrentStreams;
    private Duration keepaliveTime;
    private Duration keepaliveTimeout;
    private Boolean permitKeepaliveWithoutCalls;
    private Duration permitKeepaliveTime;
    private Duration maxConnectionIdle;
    private Duration maxConnectionAge;
    private Duration maxConnectionAgeGrace;

    private Builder() {}

    /**
     * Sets the executor for handlers, callbacks and subscribers (Python's {@code
     * migration_thread_pool}).
     *
     * @param executor the executor, or null for the shared default
     * @return this builder
     */
    public Builder executor(Executor executor) {
      this.executor = executor;
      return this;
    }

    /**
     * Sets the executor that runs blocking handlers ({@code RpcMethodHandler.*Blocking} and the
     * generated blocking servicers), one task per RPC: the handler and what it blocks on run there,
     * while the RPC's transport events, callbacks and subscribers stay on {@link
     * #executor(Executor)}, except that when the handler returns, its thread sends the response and
     * runs what the RPC has queued by then (a done callback, say), to save a thread hop. It must
     * start each task on a thread of its own, or queue it (a bounded pool then bounds how many
     * blocking handlers run at once; the others wait, with their RPCs open). If it rejects a task,
     * that handler runs on a new thread. Replaces {@link #virtualThreads()}.
     *
     * @param blockingExecutor the executor, or null for the default: blocking handlers run on
     *     {@link #executor(Executor)}, as the asynchronous ones do
     * @return this builder
     */
    public Builder blockingExecutor(Executor blockingExecutor) {
      this.blockingExecutor = blockingExecutor;
      this.virtualThreads = false;
      return this;
    }

    /**
     * Runs each blocking handler ({@code RpcMethodHandler.*Blocking} and the generated blocking
     * servicers) on a virtual thread of its own, where the JVM has them (Java 21 and later): then
     * ten thousand handlers blocked at once (sleeping, awaiting a client call, reading a request)
     * hold ten thousand cheap virtual threads, not platform threads. The library targets Java 17
     * and finds virtual threads at run time ({@code Thread.ofVirtual()}, looked up once by
     * reflection), so one jar serves both; on Java 17 to 20 this does nothing and blocking handlers
     * run on {@link #executor(Executor)} (a cached pool by default: one platform thread per blocked
     * handler). Replaces {@link #blockingExecutor(Executor)}.
     *
     * @return this builder
     */
    public Builder virtualThreads() {
      this.blockingExecutor = null;
      this.virtualThreads = true;
      return this;
    }

    /**
     * Sets the generic handlers, consulted in order. Two {@link ServiceRpcHandler}s of one service
     * name make creating the server fail with {@code IllegalArgumentException("Service 'x.Y' is
     * already registered")}: a server serves one service per name.
     *
     * @return this builder
     */
    public Builder handlers(List<? extends GenericRpcHandler> handlers) {
      this.handlers = List.copyOf(handlers);
      return this;
    }

    /**
     * Sets the server interceptors, in order.
     *
     * @return this builder
     */
    public Builder interceptors(List<? extends ServerInterceptor> interceptors) {
      this.interceptors = List.copyOf(interceptors);
      return this;
    }

    /**
     * Sets grpc-java server interceptors, installed on every port. They are the outermost layer and
     * run in list order (the first sees a call first), around every RPC: aio handlers and hosted
     * grpc-java services alike. Then, for aio handlers only, the aio {@link #interceptors} run, in
     * their order, around the handler lookup; a hosted grpc-java service is not an aio handler and
     * does not pass through them.
     *
     * <p>Their code (each {@code interceptCall} and the listeners they wrap) runs on the server's
     * executor, never on a transport thread, serialized per call, in the call's {@code
     * io.grpc.Context}. The cost: with a list that is not empty, every RPC of a Netty port hops
     * onto the executor before its handler is found, where aio RPCs are otherwise delivered from
     * the transport thread directly. grpc-java marks server interceptors on a builder and call
     * executors experimental.
     *
     * @param interceptors the interceptors, in the order they run
     * @return this builder
     * @throws NullPointerException if the list or an element is null
     */
    public Builder grpcInterceptors(List<? extends io.grpc.ServerInterceptor> interceptors) {
      this.grpcInterceptors = List.copyOf(interceptors);
      return this;
    }

    /**
     * Sets the context propagators: the thread-bound values (an SLF4J MDC, an OpenTelemetry {@code
     * Context}, any {@link ThreadLocal}) carried to where the library runs code for an RPC, from
     * where it starts and from where the interceptors hand it to the handler. See {@link
     * ContextPropagator}. gRPC's {@link io.grpc.Context} is always carried, whatever this list
     * says.
     *
     * @param propagators the propagators, or null for those {@linkplain
     *     ContextPropagator#registerGlobal registered globally} when the server is created
     * @return this builder
     * @throws NullPointerException if an element is null
     */
    public Builder contextPropagators(List<? extends ContextPropagator<?>> propagators) {
      this.contextPropagators = propagators == null ? null : List.copyOf(propagators);
      return this;
    }

    /**
     * Sets code that configures the grpc-java server builder the library makes for each port of
     * this server (Netty or in-process), after the library's own settings: to install what
     * grpc-java integrations configure through a builder, such as {@code
     * GrpcOpenTelemetry::configureServerBuilder}. It must not change the executor or the transport
     * settings the options above set.
     *
     * @param configurer the configurer, or null for none
     * @return this builder
     */
    public Builder grpcBuilder(Consumer<? super io.grpc.ServerBuilder<?>> configurer) {
      this.grpcBuilderConfigurer = configurer;
      return this;
    }

    /**
     * Sets what makes the grpc-java server builder of each TCP port, in place of the library's own
     * Netty builder: how an integration such as {@code aio-xds} makes an xDS-managed server. The
     * handlers, interceptors and every other option here stay as they are. With a factory, {@code
     * addSecurePort} takes {@link ServerCredentials#insecure()} or {@link
     * ServerCredentials#fromGrpc} credentials only (the factory gets grpc-java credentials); other
     * credentials make it throw {@link IllegalArgumentException}. In-process ports are not
     * affected.
     *
     * @param factory the factory, or null for the library's own Netty builder
     * @return this builder
     */
    public Builder grpcServerBuilderFactory(GrpcServerBuilderFactory factory) {
      this.grpcServerBuilderFactory = factory;
      return this;
    }

    /**
     * Limits the RPCs handled at once.
     *
     * @param limit the limit, positive
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder maximumConcurrentRpcs(int limit) {
      if (limit <= 0) {
        throw new IllegalArgumentException("maximumConcurrentRpcs must be positive: " + limit);
      }
      this.maximumConcurrentRpcs = limit;
      return this;
    }

    /**
     * Sets the default compression of responses.
     *
     * @param compression the algorithm, or null
     * @return this builder
     */
    public Builder compression(Compression compression) {
      this.compression = compression;
      return this;
    }

    /**
     * Sets the largest request accepted.
     *
     * @param bytes the limit; -1 means unlimited
     * @return this builder
     * @throws IllegalArgumentException if below -1
     */
    public Builder maxReceiveMessageLength(int bytes) {
      this.maxReceiveMessageLength = limit("maxReceiveMessageLength", bytes);
      return this;
    }

    /**
     * Sets the largest response sent.
     *
     * @param bytes the limit; -1 means unlimited
     * @return this builder
     * @throws IllegalArgumentException if below -1
     */
    public Builder maxSendMessageLength(int bytes) {
      this.maxSendMessageLength = limit("maxSendMessageLength", bytes);
      return this;
    }

    /**
     * Sets the largest metadata accepted.
     *
     * @param bytes the limit, positive
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder maxMetadataSize(int bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("maxMetadataSize must be positive: " + bytes);
      }
      this.maxMetadataSize = bytes;
      return this;
    }

    /**
     * Limits concurrent streams per connection.
     *
     * @param limit the limit, positive
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder maxConcurrentStreams(int limit) {
      if (limit <= 0) {
        throw new IllegalArgumentException("maxConcurrentStreams must be positive: " + limit);
      }
      this.maxConcurrentStreams = limit;
      return this;
    }

    /**
     * Sets keepalive pings from the server, on TCP ports. grpc-java raises a time below 10 s to 10
     * s. A client that does not ack a ping within {@code timeout} loses its connection.
     *
     * @param time the interval between pings
     * @param timeout how long to wait for the ack
     * @return this builder
     * @throws IllegalArgumentException if a duration is not positive
     */
    public Builder keepalive(Duration time, Duration timeout) {
      this.keepaliveTime = positive("keepalive time", time);
      this.keepaliveTimeout = positive("keepalive timeout", timeout);
      return this;
    }

    /**
     * Sets what the server tolerates of client keepalive pings ({@code
     * grpc.http2.min_ping_interval_without_data_ms} and {@code
     * grpc.keepalive_permit_without_calls}). A client that pings more often, or without calls when
     * that is not permitted, is sent a GOAWAY ({@code ENHANCE_YOUR_CALM}).
     *
     * @param minTime the shortest interval between pings tolerated; zero tolerates any
     * @param permitWithoutCalls whether pings without calls are tolerated
     * @return this builder
     * @throws IllegalArgumentException if {@code minTime} is negative
     */
    public Builder permitKeepalive(Duration minTime, boolean permitWithoutCalls) {
      this.permitKeepaliveTime = notNegative("permitKeepalive minTime", minTime);
      this.permitKeepaliveWithoutCalls = permitWithoutCalls;
      return this;
    }

    /**
     * Closes connections without calls after {@code idle} ({@code grpc.max_connection_idle_ms}).
     * grpc-java raises values below 1 s to 1 s.
     *
     * @param idle the idle time
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder maxConnectionIdle(Duration idle) {
      this.maxConnectionIdle = positive("maxConnectionIdle", idle);
      return this;
    }

    /**
     * Closes connections gracefully after {@code age} ({@code grpc.max_connection_age_ms}), and by
     * force {@code grace} later ({@code grpc.max_connection_age_grace_ms}). grpc-java raises an age
     * below 1 s to 1 s.
     *
     * @param grace how long calls may go on afterwards, or null for as long as they need
     * @return this builder
     * @throws IllegalArgumentException if {@code age} is not positive or {@code grace} negative
     */
    public Builder maxConnectionAge(Duration age, Duration grace) {
      this.maxConnectionAge = positive("maxConnectionAge", age);
      this.maxConnectionAgeGrace =
          grace == null ? null : notNegative("maxConnectionAge grace", grace);
      return this;
    }

    /**
     * Sets an option by its Python name, mapped onto the typed setters above. Durations ({@code
     * *_ms}) take milliseconds as an {@code Integer} or {@code Long}; {@code
     * grpc.keepalive_permit_without_calls} a {@code Boolean} or 0/1.
     *
     * <p>A name of {@link #IGNORED_OPTION_NAMES} is accepted and has no effect (a warning is logged
     * once per name).
     *
     * @param name one of {@link #OPTION_NAMES} or {@link #IGNORED_OPTION_NAMES}
     * @param value an {@code Integer} or {@code Long}, or a boolean as said
     * @return this builder
     * @throws IllegalArgumentException for an unknown name (the message names the closest known one
     *     and lists them all) or a value of the wrong type
     */
    public Builder option(String name, Object value) {
      switch (Objects.requireNonNull(name, "name")) {
        case "grpc.max_receive_message_length" ->
            maxReceiveMessageLength(OptionValues.toInt(name, value));
        case "grpc.max_send_message_length" ->
            maxSendMessageLength(OptionValues.toInt(name, value));
        case "grpc.max_metadata_size" -> maxMetadataSize(OptionValues.toInt(name, value));
        case "grpc.max_concurrent_streams" -> maxConcurrentStreams(OptionValues.toInt(name, value));
        case "grpc.keepalive_time_ms" -> keepaliveTime = OptionValues.toPositiveMillis(name, value);
        case "grpc.keepalive_timeout_ms" ->
            keepaliveTimeout = OptionValues.toPositiveMillis(name, value);
        case "grpc.keepalive_permit_without_calls" ->
            permitKeepaliveWithoutCalls = OptionValues.toBoolean(name, value);
        case "grpc.http2.min_ping_interval_without_data_ms" ->
            permitKeepaliveTime = OptionValues.toNonNegativeMillis(name, value);
        case "grpc.max_connection_idle_ms" ->
            maxConnectionIdle = OptionValues.toPositiveMillis(name, value);
        case "grpc.max_connection_age_ms" ->
            maxConnectionAge = OptionValues.toPositiveMillis(name, value);
        case "grpc.max_connection_age_grace_ms" ->
            maxConnectionAgeGrace = OptionValues.toNonNegativeMillis(name, value);
        default ->
            OptionNames.acceptIgnoredOrRefuse("server", name, OPTION_NAMES, IGNORED_OPTION_NAMES);
      }
      return this;
    }

    /**
     * Builds the options.
     *
     * @return an immutable value
     */
    public ServerOptions build() {
      return new ServerOptions(this);
    }

    private static int limit(String what, int bytes) {
      if (bytes < -1) {
        throw new IllegalArgumentException(what + " must be -1 (unlimited) or more: " + bytes);
      }
      return bytes;
    }

    private static Duration positive(String what, Duration d) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " must be positive: " + d);
      }
      return d;
    }

    private static Duration notNegative(String what, Duration d) {
      if (d == null || d.isNegative()) {
        throw new IllegalArgumentException(what + " must not be negative: " + d);
      }
      return d;
    }
  }
}
