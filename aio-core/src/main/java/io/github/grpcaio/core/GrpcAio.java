package io.github.grpcaio.core;

import io.github.grpcaio.Channel;
import io.github.grpcaio.ChannelCredentials;
import io.github.grpcaio.ChannelOptions;
import io.github.grpcaio.Server;
import io.github.grpcaio.ServerOptions;
import io.github.grpcaio.core.internal.AioRuntime;
import io.github.grpcaio.core.internal.client.AioChannel;
import io.github.grpcaio.core.internal.client.ChannelConfigurer;
import io.github.grpcaio.core.internal.client.ClientInterceptors;
import io.github.grpcaio.core.internal.security.ChannelSecurity;
import io.github.grpcaio.core.internal.security.SecureTransports;
import io.github.grpcaio.core.internal.server.AioServer;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.handler.ssl.SslContext;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The entry point of grpc-aio, as the {@code grpc.aio} module is in Python: channels, servers and
 * the shared runtime.
 *
 * <pre>{@code
 * try (Channel channel = GrpcAio.insecureChannel("localhost:50051")) {
 *   ...
 * }
 * Server server = GrpcAio.server();
 * }</pre>
 *
 * <p>Channels and servers run user code (handlers, callbacks, subscribers, dependent futures) on
 * their executor: the one given in their options, or a shared cached pool of daemon threads. User
 * code never runs on a transport (Netty event loop) thread unless a direct executor is configured.
 */
public final class GrpcAio {

  /** A URI scheme followed by "//", as in {@code dns:///host:port}; "host:port" has none. */
  private static final Pattern SCHEME = Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*)://");

  /** The ":port" ending a target. */
  private static final Pattern TRAILING_PORT = Pattern.compile(":(\\d+)$");

  private GrpcAio() {}

  /**
   * Opens a plaintext channel, as {@code grpc.aio.insecure_channel(target)}. It connects lazily.
   *
   * @param target a target as grpc-java accepts it: {@code localhost:50051}, {@code
   *     127.0.0.1:50051}, {@code [::1]:50051}, {@code dns:///host:port}, ...
   * @return the channel
   * @throws NullPointerException if {@code target} is null
   * @throws IllegalArgumentException if the target is empty or malformed
   */
  public static Channel insecureChannel(String target) {
    return insecureChannel(target, ChannelOptions.DEFAULT);
  }

  /**
   * Opens a plaintext channel with options.
   *
   * @param options the channel's options
   * @return the channel
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the target is empty or malformed, the service config is not
   *     valid JSON or not a valid service config, or the load-balancing policy is unknown
   * @throws IllegalArgumentException if an interceptor is of no interceptor kind
   */
  public static Channel insecureChannel(String target, ChannelOptions options) {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(options, "options");
    checkTarget(target);
    return nettyChannel(
        target, options, NettyChannelBuilder::usePlaintext, ChannelSecurity.INSECURE);
  }

  /**
   * Opens a secure channel, as {@code grpc.aio.secure_channel(target, credentials)}. It connects
   * lazily, so a failed handshake (an untrusted or expired certificate, a name mismatch, a refused
   * client certificate) fails the calls with {@code UNAVAILABLE}, the TLS exception as the error's
   * cause.
   *
   * @param credentials TLS, local or composite credentials
   * @return the channel
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the target is malformed, a PEM is malformed (the message
   *     names which), or local credentials are given a non-loopback target or the UDS type
   */
  public static Channel secureChannel(String target, ChannelCredentials credentials) {
    return secureChannel(target, credentials, ChannelOptions.DEFAULT);
  }

  /**
   * Opens a secure channel with options.
   *
   * <p>TLS: the server's certificate must chain to the given roots (the JDK's when none are given)
   * and name the channel's authority: the target's host, or {@link
   * ChannelOptions#defaultAuthority()} when set. Local credentials: plaintext restricted to a
   * loopback target. Either way the channel counts as secure, so call credentials are allowed;
   * those of a composite are applied to every call, before the call's own.
   *
   * @param credentials TLS, local or composite credentials
   * @param options the channel's options
   * @return the channel
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the target is malformed, a PEM is malformed (the message
   *     names which), or local credentials are given a non-loopback target or the UDS type
   */
  public static Channel secureChannel(
      String target, ChannelCredentials credentials, ChannelOptions options) {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(credentials, "credentials");
    Objects.requireNonNull(options, "options");
    checkTarget(target);
    SslContext tls = SecureTransports.forChannel(target, credentials);
    return nettyChannel(
        target,
        options,
        builder -> {
          if (tls != null) {
            builder.sslContext(tls);
          } else {
            builder.usePlaintext(); // local credentials: loopback only, checked above
          }
        },
        ChannelSecurity.of(credentials));
  }

  /** Builds a Netty channel; {@code transport} chooses plaintext or TLS. */
  private static Channel nettyChannel(
      String target,
      ChannelOptions options,
      Consumer<NettyChannelBuilder> transport,
      ChannelSecurity security) {
    validate(options);
    NettyChannelBuilder builder = NettyChannelBuilder.forTarget(target);
    transport.accept(builder);
    configure(builder, options);
    ManagedChannel managed;
    try {
      managed = ChannelConfigurer.build(builder);
    } catch (IllegalArgumentException e) {
      if (e.getCause() instanceof IllegalStateException) {
        throw e; // an invalid service config, named by ChannelConfigurer
      }
      throw new IllegalArgumentException("Invalid target '" + target + "': " + e.getMessage(), e);
    }
    return new AioChannel(managed, options, target, security);
  }

  private static void checkTarget(String target) {
    if (target.isBlank()) {
      throw new IllegalArgumentException("target must not be empty");
    }
    checkPort(target);
  }

  /**
   * Opens an in-process channel to a server that called {@code addInProcessPort(name)}. Meant for
   * tests: no sockets, same semantics.
   *
   * @param name the in-process port's name
   * @return the channel
   */
  public static Channel inProcessChannel(String name) {
    return inProcessChannel(name, ChannelOptions.DEFAULT);
  }

  /**
   * Opens an in-process channel with options.
   *
   * @param name the in-process port's name
   * @param options the channel's options
   * @return the channel
   * @throws IllegalArgumentException if the service config is not valid JSON or not a valid service
   *     config, or the load-balancing policy is unknown
   * @throws IllegalArgumentException if an interceptor is of no interceptor kind
   */
  public static Channel inProcessChannel(String name, ChannelOptions options) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(options, "options");
    validate(options);
    ManagedChannel managed =
        ChannelConfigurer.build(configure(InProcessChannelBuilder.forName(name), options));
    return new AioChannel(managed, options, "inprocess:" + name);
  }

  /**
   * Creates a server with default options, as {@code grpc.aio.server()}.
   *
   * @return a server that is not started
   */
  public static Server server() {
    return server(ServerOptions.DEFAULT);
  }

  /**
   * Creates a server, as {@code grpc.aio.server(...)}.
   *
   * @param options handlers, executor, limits, ...
   * @return a server that is not started
   */
  public static Server server(ServerOptions options) {
    Objects.requireNonNull(options, "options");
    return new AioServer(options);
  }

  /**
   * Creates the shared runtime (the default executor and timer) now rather than on first use, as
   * {@code init_grpc_aio()}. Idempotent.
   */
  public static void init() {
    AioRuntime.init();
  }

  /**
   * Shuts the shared runtime down, as {@code shutdown_grpc_aio()}. It does not wait, and what is
   * under way still ends as it would have: a close or stop in progress keeps its grace period,
   * which ends on time (the calls still running are then cancelled and the close or stop
   * completes), and a client interceptor chain still running keeps its deadline; the runtime's
   * timer thread ends once the last of these is over. Close channels and servers first: those still
   * using the default executor then run their work on a new thread per task (slow, but nothing is
   * lost and closing them still completes). Idempotent; a later channel or server re-creates the
   * runtime.
   */
  public static void shutdown() {
    AioRuntime.shutdown();
  }

  /**
   * Refuses a DNS target whose port is above 65535. grpc-java accepts it when it builds the
   * channel, but its DNS resolver then fails without reporting it, so every call would wait for
   * name resolution until its deadline (for ever without one). Targets of other schemes are left to
   * their resolvers.
   */
  private static void checkPort(String target) {
    Matcher scheme = SCHEME.matcher(target);
    if (scheme.lookingAt() && !scheme.group(1).equalsIgnoreCase("dns")) {
      return;
    }
    Matcher port = TRAILING_PORT.matcher(target);
    if (port.find() && (port.group(1).length() > 5 || Integer.parseInt(port.group(1)) > 65535)) {
      throw new IllegalArgumentException(
          "Invalid target '" + target + "': port " + port.group(1) + " is out of range");
    }
  }

  private static <T extends ManagedChannelBuilder<T>> T configure(
      T builder, ChannelOptions options) {
    builder.directExecutor(); // every event hops onto the call's context instead
    ChannelConfigurer.apply(builder, options);
    return builder;
  }

  /** Checks what must be checked before a grpc-java channel is built, so that none leaks. */
  private static void validate(ChannelOptions options) {
    ClientInterceptors.of(options.interceptors()); // refuses a non-interceptor
  }
}
