package io.github.grpcaio.core.internal.client;

import io.github.grpcaio.Channel;
import io.github.grpcaio.ChannelCredentials;
import io.github.grpcaio.ChannelOptions;
import io.github.grpcaio.core.internal.security.ChannelSecurity;
import io.github.grpcaio.core.internal.security.SecureTransports;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.handler.ssl.SslContext;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds the grpc-java channel behind each kind of aio channel the facade opens (plaintext, secure,
 * in-process) and wraps it in an {@link AioChannel}. Everything that can be refused (the target,
 * the credentials' PEMs, the options) is checked before a grpc-java channel exists, so none leaks.
 */
public final class ChannelFactory {

  /** A URI scheme followed by "//", as in {@code dns:///host:port}; "host:port" has none. */
  private static final Pattern SCHEME = Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*)://");

  /** The ":port" ending a target. */
  private static final Pattern TRAILING_PORT = Pattern.compile(":(\\d+)$");

  private ChannelFactory() {}

  /**
   * Opens a plaintext Netty channel.
   *
   * @throws IllegalArgumentException if the target or the options are refused
   */
  public static Channel insecure(String target, ChannelOptions options) {
    checkTarget(target);
    return netty(target, options, NettyChannelBuilder::usePlaintext, ChannelSecurity.INSECURE);
  }

  /**
   * Opens a Netty channel with TLS or local credentials.
   *
   * @throws IllegalArgumentException if the target, a PEM or the options are refused
   */
  public static Channel secure(
      String target, ChannelCredentials credentials, ChannelOptions options) {
    checkTarget(target);
    SslContext tls = SecureTransports.forChannel(target, credentials);
    return netty(
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

  /**
   * Opens an in-process channel to the port {@code name}.
   *
   * @throws IllegalArgumentException if the options are refused
   */
  public static Channel inProcess(String name, ChannelOptions options) {
    validate(options);
    ManagedChannel managed =
        ChannelConfigurer.build(configure(InProcessChannelBuilder.forName(name), options));
    return new AioChannel(managed, options, "inprocess:" + name);
  }

  /** Builds a Netty channel; {@code transport} chooses plaintext or TLS. */
  private static Channel netty(
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
