package io.github.grpcaio.testkit;

import io.github.grpcaio.Channel;
import io.github.grpcaio.ChannelOptions;
import io.github.grpcaio.GenericRpcHandler;
import io.github.grpcaio.ServerInterceptor;
import io.github.grpcaio.ServerOptions;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that runs an {@link AioTestServer} for each test, or for the whole class when
 * registered in a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * final AioServerExtension grpc =
 *     AioServerExtension.builder().addService(GreeterAio.handler(new GreeterService())).build();
 *
 * @Test
 * void sayHello_greetsByName() {
 *   assertThatRpc(grpc.stub(GreeterAio::newStub).sayHello(request("Ada"))).succeedsWith(reply);
 * }
 * }</pre>
 *
 * <p>After each test (instance field) or after the class (static field) every channel is closed and
 * the server stopped; the test (or class) fails if an RPC was still open or something did not close
 * within the bound, as {@link AioTestServer#close()} says. With a static field the open-RPC check
 * also runs after each test, so the test that leaked is the one that fails.
 *
 * <p>Test methods, constructors and lifecycle methods may declare parameters of type {@link
 * Channel} (the shared channel) and {@link AioTestServer}; register only one such extension per
 * class to keep that unambiguous.
 *
 * <p>Thread-safe for sequential tests. With a static field and tests of the class running in
 * parallel, the open-RPC check after each test may blame one test for another's RPC.
 */
public final class AioServerExtension
    implements BeforeAllCallback,
        AfterAllCallback,
        BeforeEachCallback,
        AfterEachCallback,
        ParameterResolver {

  private final AioTestServer.Builder config;

  // Guarded by this.
  private AioTestServer server;
  private boolean perClass;

  private AioServerExtension(AioTestServer.Builder config) {
    this.config = config;
  }

  /**
   * Returns a builder: in-process transport, default options, no services yet.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the running test server.
   *
   * @return the server of the current test (or class)
   * @throws IllegalStateException if none runs, for example in a field initializer
   */
  public synchronized AioTestServer server() {
    if (server == null) {
      throw new IllegalStateException(
          "No test server runs now: use the extension inside tests or lifecycle methods");
    }
    return server;
  }

  /**
   * Returns the running server's shared channel ({@link AioTestServer#channel()}).
   *
   * @return the channel, closed by the extension
   * @throws IllegalStateException if no server runs now
   */
  public Channel channel() {
    return server().channel();
  }

  /**
   * Opens a new channel to the running server ({@link AioTestServer#channel(ChannelOptions)}).
   *
   * @param options the channel's options
   * @return a new channel, closed by the extension
   * @throws IllegalStateException if no server runs now
   */
  public Channel channel(ChannelOptions options) {
    return server().channel(options);
  }

  /**
   * Creates a typed stub on the shared channel, for example {@code grpc.stub(GreeterAio::newStub)}.
   *
   * @param factory makes a stub from a channel
   * @param <S> the stub type
   * @throws IllegalStateException if no server runs now
   */
  public <S> S stub(Function<? super Channel, S> factory) {
    return server().stub(factory);
  }

  /**
   * Returns where channels connect: the in-process name or {@code 127.0.0.1:<port>}.
   *
   * @throws IllegalStateException if no server runs now
   */
  public String target() {
    return server().target();
  }

  /** Starts the class's server: called by JUnit when the extension is in a static field. */
  @Override
  public synchronized void beforeAll(ExtensionContext context) {
    perClass = true;
    server = config.start();
  }

  /** Starts the test's server unless the class has one. Called by JUnit. */
  @Override
  public synchronized void beforeEach(ExtensionContext context) {
    if (server == null) {
      server = config.start();
    }
  }

  /**
   * Closes the test's server, or checks the class's server for RPCs the test left open. Called by
   * JUnit on its thread.
   *
   * @throws AssertionError on a leak or a close that timed out, failing the test
   */
  @Override
  public void afterEach(ExtensionContext context) {
    AioTestServer s;
    synchronized (this) {
      s = server;
      if (s == null) {
        return;
      }
      if (!perClass) {
        server = null;
      }
    }
    if (perClass) {
      s.assertNoOpenRpcs();
    } else {
      s.close();
    }
  }

  /**
   * Closes the class's server. Called by JUnit.
   *
   * @throws AssertionError on a leak or a close that timed out, failing the class
   */
  @Override
  public void afterAll(ExtensionContext context) {
    AioTestServer s;
    synchronized (this) {
      s = server;
      server = null;
      perClass = false;
    }
    if (s != null) {
      s.close();
    }
  }

  /** Supports parameters of type {@link Channel} and {@link AioTestServer}. */
  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == Channel.class || type == AioTestServer.class;
  }

  /**
   * Resolves a {@link Channel} to the shared channel and an {@link AioTestServer} to the server.
   */
  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    synchronized (this) {
      if (server == null) {
        // A constructor parameter of a test whose extension is per test: start early.
        server = config.start();
      }
    }
    return parameter.getParameter().getType() == Channel.class ? channel() : server();
  }

  /** Configures an {@link AioServerExtension}. Not thread-safe. */
  public static final class Builder {
    private final AioTestServer.Builder config = AioTestServer.builder();

    Builder() {}

    /**
     * Adds services, consulted in the order added.
     *
     * @param handlers {@code ServiceRpcHandler}s, generated servicers' handlers or any generic
     *     handlers
     * @return this builder
     * @throws NullPointerException if a handler is null
     */
    public Builder addService(GenericRpcHandler... handlers) {
      config.addService(handlers);
      return this;
    }

    /**
     * Adds server interceptors, run in the order added.
     *
     * @return this builder
     * @throws NullPointerException if an interceptor is null
     */
    public Builder addInterceptor(ServerInterceptor... interceptors) {
      config.addInterceptor(interceptors);
      return this;
    }

    /**
     * Sets the transport; {@link Transport#IN_PROCESS} by default.
     *
     * @return this builder
     * @throws NullPointerException if {@code transport} is null
     */
    public Builder transport(Transport transport) {
      config.transport(transport);
      return this;
    }

    /**
     * Configures the server's options; see {@link AioTestServer.Builder#serverOptions}.
     *
     * @param configurer applied to a fresh options builder at each start
     * @return this builder
     * @throws NullPointerException if {@code configurer} is null
     */
    public Builder serverOptions(Consumer<? super ServerOptions.Builder> configurer) {
      config.serverOptions(configurer);
      return this;
    }

    /**
     * Sets the options of the shared channel.
     *
     * @param options the channel options
     * @return this builder
     * @throws NullPointerException if {@code options} is null
     */
    public Builder channelOptions(ChannelOptions options) {
      config.channelOptions(options);
      return this;
    }

    /**
     * Sets the bound of each close; 5 seconds by default.
     *
     * @param timeout a positive duration
     * @return this builder
     * @throws IllegalArgumentException if {@code timeout} is not positive
     */
    public Builder closeTimeout(Duration timeout) {
      config.closeTimeout(timeout);
      return this;
    }

    /**
     * Sets how long open RPCs may take to end before they count as leaked; 1 second by default.
     *
     * @param grace zero or more
     * @return this builder
     * @throws IllegalArgumentException if {@code grace} is negative
     */
    public Builder leakGrace(Duration grace) {
      config.leakGrace(grace);
      return this;
    }

    /**
     * Sets whether closing fails the test when an RPC is still open; see {@link
     * AioTestServer.Builder#failOnOpenRpcs}.
     *
     * @param fail false to let closing cancel open RPCs without failing
     * @return this builder
     */
    public Builder failOnOpenRpcs(boolean fail) {
      config.failOnOpenRpcs(fail);
      return this;
    }

    /**
     * Builds the extension; the server starts when a test (or the class) does.
     *
     * @return the extension, to store in a field annotated {@code @RegisterExtension}; later
     *     changes to this builder do not affect it
     */
    public AioServerExtension build() {
      return new AioServerExtension(config.copy());
    }
  }
}
