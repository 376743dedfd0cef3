package io.github.grpcaio.testkit;

import io.github.grpcaio.Channel;
import io.github.grpcaio.ChannelOptions;
import io.github.grpcaio.GenericRpcHandler;
import io.github.grpcaio.Server;
import io.github.grpcaio.ServerInterceptor;
import io.github.grpcaio.ServerOptions;
import io.github.grpcaio.core.GrpcAio;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A real grpc-aio server for tests, started on one {@link Transport} (in-process under a unique
 * name by default, or Netty on {@code 127.0.0.1} port 0), with channels to it. Closing it closes
 * every channel it handed out and stops the server, and fails if the test left an RPC open or
 * something could not close in time:
 *
 * <pre>{@code
 * try (AioTestServer server = AioTestServer.start(new GreeterImpl().bindService())) {
 *   assertThatRpc(GreeterAio.newStub(server.channel()).sayHello(request)).succeedsWith(reply);
 * }
 * }</pre>
 *
 * <p>An RPC counts as open from the moment its server handler is called until its server context is
 * done (the status was sent or the RPC was cancelled). Handlers are wrapped by a server interceptor
 * placed before any other to track this; they run unchanged otherwise.
 *
 * <p>Thread-safe. Nothing here blocks except {@link #close()}, whose waits are bounded by {@link
 * Builder#closeTimeout(Duration)}. No JUnit needed; see {@link AioServerExtension} for the
 * extension.
 */
public final class AioTestServer implements AutoCloseable {

  /** The default bound of every wait in {@link #close()}: 5 seconds. */
  public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(5);

  /** How long {@link #close()} waits by default for RPCs that are ending to end: 1 second. */
  public static final Duration DEFAULT_LEAK_GRACE = Duration.ofSeconds(1);

  private final Transport transport;
  private final Server server;
  private final String target;
  private final ChannelOptions channelOptions;
  private final Duration closeTimeout;
  private final Duration leakGrace;
  private final boolean failOnOpenRpcs;
  private final RpcTracker tracker;

  // Guarded by this.
  private final List<Channel> channels = new ArrayList<>();
  private Channel defaultChannel;
  private boolean closed;

  private AioTestServer(Builder b, Server server, String target, RpcTracker tracker) {
    this.transport = b.transport;
    this.server = server;
    this.target = target;
    this.channelOptions = b.channelOptions;
    this.closeTimeout = b.closeTimeout;
    this.leakGrace = b.leakGrace;
    this.failOnOpenRpcs = b.failOnOpenRpcs;
    this.tracker = tracker;
  }

  /**
   * Starts an in-process test server with default options serving {@code handlers}.
   *
   * @param handlers the services: {@code ServiceRpcHandler}s, generated servicers' handlers or any
   *     {@link GenericRpcHandler}
   * @throws NullPointerException if a handler is null
   */
  public static AioTestServer start(GenericRpcHandler... handlers) {
    return builder().addService(handlers).start();
  }

  /**
   * Returns a builder for a test server: in-process, default options, no services yet.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the channel shared by this server's tests, opening it on the first call with the
   * builder's channel options. It is closed by {@link #close()}; do not close it yourself.
   *
   * @return the same channel on every call
   * @throws IllegalStateException if this server was closed
   */
  public synchronized Channel channel() {
    if (closed) {
      throw new IllegalStateException("The test server is closed");
    }
    if (defaultChannel == null) {
      defaultChannel = channel(channelOptions);
    }
    return defaultChannel;
  }

  /**
   * Opens a new channel to this server with {@code options}. It is closed by {@link #close()}.
   *
   * @param options the channel's options (interceptors, compression, executor, ...)
   * @return a new channel
   * @throws IllegalStateException if this server was closed
   * @throws NullPointerException if {@code options} is null
   */
  public synchronized Channel channel(ChannelOptions options) {
    Objects.requireNonNull(options, "options");
    if (closed) {
      throw new IllegalStateException("The test server is closed");
    }
    Channel c = transport.open(target, options);
    channels.add(c);
    return c;
  }

  /**
   * Creates a typed stub on {@link #channel()}, for example {@code
   * server.stub(GreeterAio::newStub)}.
   *
   * @param factory makes a stub from a channel
   * @param <S> the stub type
   * @throws IllegalStateException if this server was closed
   */
  public <S> S stub(Function<? super Channel, S> factory) {
    return factory.apply(channel());
  }

  /** Returns the running server, for example to add handlers or stop it in a test. */
  public Server server() {
    return server;
  }

  /**
   * Returns the transport this server listens on.
   *
   * @return the transport
   */
  public Transport transport() {
    return transport;
  }

  /** Returns where channels connect: the in-process name, or {@code 127.0.0.1:<port>} for Netty. */
  public String target() {
    return target;
  }

  /**
   * Returns the methods of the server RPCs open now (handler called, context not done).
   *
   * @return a snapshot, one full method name per open RPC
   */
  public List<String> openRpcs() {
    return tracker.openRpcs();
  }

  /**
   * Waits until at least {@code count} server RPCs are open (their handlers were called and have
   * not ended), for example before cancelling a call to see the server react. Blocks the calling
   * thread for at most {@code timeout}.
   *
   * @param count the number of open RPCs
   * @param timeout a positive bound
   * @return this server
   * @throws AssertionError if fewer are open when the bound runs out
   */
  public AioTestServer awaitOpenRpcs(int count, Duration timeout) {
    boolean reached;
    try {
      reached = tracker.awaitOpen(count, timeout.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("Interrupted while waiting for open RPCs", e);
    }
    if (!reached) {
      throw new AssertionError(
          "Expected " + count + " open RPC(s) within " + timeout + " but got " + openRpcs());
    }
    return this;
  }

  /**
   * Fails if a server RPC is still open after the leak grace, without closing anything. Each leaked
   * RPC is reported once: later checks (and {@link #close()}) skip it. Blocks the calling thread
   * for at most that grace.
   *
   * @throws AssertionError naming the open RPCs
   */
  public void assertNoOpenRpcs() {
    List<String> open = awaitNoneOpen();
    if (!open.isEmpty()) {
      throw new AssertionError(leakMessage(open));
    }
  }

  /**
   * Checks that no RPC is left open, then closes every channel (cancelling their RPCs) and stops
   * the server, each within the close timeout. Everything is closed even if a check fails. A second
   * call does nothing. Blocks the calling thread; do not call it from a server or channel executor.
   *
   * @throws AssertionError if an RPC (not reported by {@link #assertNoOpenRpcs()} already) was
   *     still open after the leak grace (unless {@link Builder#failOnOpenRpcs} turned that off), or
   *     a channel or the server did not terminate within the close timeout; the message says which
   */
  @Override
  public void close() {
    List<Channel> toClose;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      toClose = new ArrayList<>(channels);
    }
    List<String> failures = new ArrayList<>();
    if (failOnOpenRpcs) {
      List<String> open = awaitNoneOpen();
      if (!open.isEmpty()) {
        failures.add(leakMessage(open));
      }
    }
    for (Channel c : toClose) {
      String failure = await(c.closeAsync(Duration.ZERO), "channel to " + target, "close");
      if (failure != null) {
        failures.add(failure);
      }
    }
    String failure = await(server.stop(null), "server on " + target, "stop");
    if (failure != null) {
      failures.add(failure);
    }
    if (!failures.isEmpty()) {
      throw new AssertionError(String.join("; ", failures));
    }
  }

  @Override
  public String toString() {
    return "AioTestServer[" + transport + ", " + target + "]";
  }

  private List<String> awaitNoneOpen() {
    try {
      return tracker.awaitNoneOpen(leakGrace.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return tracker.openRpcs();
    }
  }

  private String leakMessage(List<String> open) {
    return open.size()
        + " RPC(s) still open on the test server after "
        + leakGrace
        + ": "
        + open
        + " (end every call: await its response or status, or cancel it)";
  }

  /** Waits for {@code future}; returns a failure message, or null if it completed normally. */
  private String await(CompletableFuture<?> future, String what, String verb) {
    try {
      future.get(closeTimeout.toMillis(), TimeUnit.MILLISECONDS);
      return null;
    } catch (TimeoutException e) {
      return "The " + what + " did not " + verb + " within " + closeTimeout;
    } catch (ExecutionException e) {
      return "The " + what + " failed to " + verb + ": " + e.getCause();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "Interrupted while waiting for the " + what + " to " + verb;
    }
  }

  /**
   * Configures and starts an {@link AioTestServer}. Not thread-safe; each {@link #start()} builds
   * an independent server from the current settings.
   */
  public static final class Builder {
    private Transport transport = Transport.IN_PROCESS;
    private final List<GenericRpcHandler> handlers = new ArrayList<>();
    private final List<ServerInterceptor> interceptors = new ArrayList<>();
    private Consumer<? super ServerOptions.Builder> serverOptions = b -> {};
    private ChannelOptions channelOptions = ChannelOptions.DEFAULT;
    private Duration closeTimeout = DEFAULT_CLOSE_TIMEOUT;
    private Duration leakGrace = DEFAULT_LEAK_GRACE;
    private boolean failOnOpenRpcs = true;

    Builder() {}

    /**
     * Sets the transport; {@link Transport#IN_PROCESS} by default.
     *
     * @return this builder
     * @throws NullPointerException if {@code transport} is null
     */
    public Builder transport(Transport transport) {
      this.transport = Objects.requireNonNull(transport, "transport");
      return this;
    }

    /**
     * Adds services, consulted in the order added.
     *
     * @param handlers {@code ServiceRpcHandler}s, generated servicers' handlers or any generic
     *     handlers
     * @return this builder
     * @throws NullPointerException if a handler is null
     */
    public Builder addService(GenericRpcHandler... handlers) {
      for (GenericRpcHandler h : handlers) {
        this.handlers.add(Objects.requireNonNull(h, "handler"));
      }
      return this;
    }

    /**
     * Adds server interceptors, run in the order added (after any set through {@link
     * #serverOptions}).
     *
     * @return this builder
     * @throws NullPointerException if an interceptor is null
     */
    public Builder addInterceptor(ServerInterceptor... interceptors) {
      for (ServerInterceptor i : interceptors) {
        this.interceptors.add(Objects.requireNonNull(i, "interceptor"));
      }
      return this;
    }

    /**
     * Configures the server's options (executor, limits, compression, ...). The testkit adds its
     * RPC-tracking interceptor in front of any interceptors set here.
     *
     * @param configurer applied to a fresh {@link ServerOptions.Builder} at each start
     * @return this builder
     * @throws NullPointerException if {@code configurer} is null
     */
    public Builder serverOptions(Consumer<? super ServerOptions.Builder> configurer) {
      this.serverOptions = Objects.requireNonNull(configurer, "configurer");
      return this;
    }

    /**
     * Sets the options of {@link AioTestServer#channel()}; {@link ChannelOptions#DEFAULT} by
     * default.
     *
     * @param options the channel options
     * @return this builder
     * @throws NullPointerException if {@code options} is null
     */
    public Builder channelOptions(ChannelOptions options) {
      this.channelOptions = Objects.requireNonNull(options, "options");
      return this;
    }

    /**
     * Sets how long {@link AioTestServer#close()} waits for each channel and the server to
     * terminate; 5 seconds by default.
     *
     * @param timeout a positive duration
     * @return this builder
     * @throws IllegalArgumentException if {@code timeout} is not positive
     */
    public Builder closeTimeout(Duration timeout) {
      this.closeTimeout = positive(timeout, "closeTimeout");
      return this;
    }

    /**
     * Sets how long {@link AioTestServer#close()} waits for open RPCs to end before it reports them
     * as leaked; 1 second by default. An RPC whose response the client already has may still be
     * ending on the server for a moment.
     *
     * @param grace zero or more
     * @return this builder
     * @throws IllegalArgumentException if {@code grace} is negative
     */
    public Builder leakGrace(Duration grace) {
      Objects.requireNonNull(grace, "grace");
      if (grace.isNegative()) {
        throw new IllegalArgumentException("leakGrace must not be negative: " + grace);
      }
      this.leakGrace = grace;
      return this;
    }

    /**
     * Sets whether {@link AioTestServer#close()} fails when a server RPC is still open; true by
     * default. Turn it off for a fixture whose handlers deliberately never end and that relies on
     * closing to cancel them, for example a server that hands request streams to the Reactive
     * Streams TCK or a test of what cancellation does to a hanging handler. {@link
     * AioTestServer#assertNoOpenRpcs()} still checks when called.
     *
     * @param fail false to let {@code close()} cancel open RPCs without failing
     * @return this builder
     */
    public Builder failOnOpenRpcs(boolean fail) {
      this.failOnOpenRpcs = fail;
      return this;
    }

    /**
     * Creates the server, binds a port of the transport and starts it, on the calling thread.
     *
     * @throws java.io.UncheckedIOException if the port cannot be bound
     */
    public AioTestServer start() {
      RpcTracker tracker = new RpcTracker();
      ServerOptions.Builder options = ServerOptions.builder();
      serverOptions.accept(options);
      List<ServerInterceptor> chain = new ArrayList<>();
      chain.add(tracker);
      chain.addAll(options.build().interceptors());
      chain.addAll(interceptors);
      options.interceptors(chain);
      Server server = GrpcAio.server(options.build());
      try {
        server.addGenericRpcHandlers(handlers.toArray(GenericRpcHandler[]::new));
        String target = transport.bind(server);
        server.start().join();
        return new AioTestServer(this, server, target, tracker);
      } catch (RuntimeException | Error e) {
        server.stop(null);
        throw e;
      }
    }

    /** A builder with the same settings, independent of this one. */
    Builder copy() {
      Builder b = new Builder();
      b.transport = transport;
      b.handlers.addAll(handlers);
      b.interceptors.addAll(interceptors);
      b.serverOptions = serverOptions;
      b.channelOptions = channelOptions;
      b.closeTimeout = closeTimeout;
      b.leakGrace = leakGrace;
      b.failOnOpenRpcs = failOnOpenRpcs;
      return b;
    }

    private static Duration positive(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive: " + d);
      }
      return d;
    }
  }
}
