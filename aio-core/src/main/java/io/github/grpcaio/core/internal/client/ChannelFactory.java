package io.github.grpcaio.core.internal.client;

import io.github.grpcaio.Channel;
import io.github.grpcaio.ChannelCredentials;
import io.github.grpcaio.ChannelOptions;
import io.github.grpcaio.core.internal.UnixSockets;
import io.github.grpcaio.core.internal.security.ChannelSecurity;
import io.github.grpcaio.core.internal.security.SecureTransports;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.channel.unix.DomainSocketAddress;
import java.util.ArrayList;
import java.util.List;
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

  /**
   * A ":port" ending a target that is not a number, after a host without colons (a name, an IPv4
   * address) or a bracketed IPv6 address; an unbracketed IPv6 address has no port.
   */
  private static final Pattern NON_NUMERIC_PORT =
      Pattern.compile("(?:^|/)(?:[^:/\\[\\]]+|\\[[^\\]]*]):([^:/\\]]*)$");

  /** The ":port" ending a target. */
  private static final Pattern TRAILING_PORT = Pattern.compile(":(\\d+)$");

  private ChannelFactory() {}

  /**
   * Opens a plaintext Netty channel.
   *
   * @throws IllegalArgumentException if the target or the options are refused
   */
  public static Channel insecure(String target, ChannelOptions options) {
    AddressListResolver addresses = checkTarget(target);
    return netty(
        target,
        options,
        withTransport(NettyChannelBuilder.forTarget(target).usePlaintext(), target, addresses),
        ChannelSecurity.INSECURE);
  }

  /**
   * Opens a Netty channel with TLS or local credentials.
   *
   * @throws IllegalArgumentException if the target, a PEM or the options are refused
   */
  public static Channel secure(
      String target, ChannelCredentials credentials, ChannelOptions options) {
    AddressListResolver addresses = checkTarget(target);
    ManagedChannelBuilder<?> builder =
        withTransport(SecureTransports.forChannel(target, credentials), target, addresses);
    return netty(target, options, builder, ChannelSecurity.of(credentials));
  }

  /**
   * Wraps a channel built with grpc-java. Only the options that apply per call are taken; the
   * others belong to the grpc-java channel's builder.
   *
   * @param channel the grpc-java channel
   * @param options the options
   * @param owned whether closing the aio channel shuts {@code channel} down
   * @throws IllegalArgumentException if {@code channel} is a shut-down {@link ManagedChannel},
   *     {@code owned} is given for a channel that is not a {@link ManagedChannel}, or an option
   *     that only a channel builder applies is set (the message names them)
   */
  public static Channel wrap(io.grpc.Channel channel, ChannelOptions options, boolean owned) {
    validate(options);
    List<String> builderOnly = builderOptions(options);
    if (!builderOnly.isEmpty()) {
      throw new IllegalArgumentException(
          "Options "
              + builderOnly
              + " belong to the grpc-java channel's builder; set them there, not on a wrapped"
              + " channel");
    }
    ManagedChannel managed = channel instanceof ManagedChannel m ? m : null;
    if (owned && managed == null) {
      throw new IllegalArgumentException(
          "Only a ManagedChannel can be owned (shut down on close): " + channel);
    }
    if (managed != null && managed.isShutdown()) {
      throw new IllegalArgumentException("The ManagedChannel is shut down: " + channel);
    }
    return new AioChannel(
        channel, managed, owned, options, "wrapped " + channel, ChannelSecurity.WRAPPED);
  }

  /** The Python names of the options set that only a channel builder can apply. */
  private static List<String> builderOptions(ChannelOptions options) {
    List<String> set = new ArrayList<>();
    options.maxMetadataSize().ifPresent(v -> set.add("grpc.max_metadata_size"));
    options.primaryUserAgent().ifPresent(v -> set.add("grpc.primary_user_agent"));
    options.defaultAuthority().ifPresent(v -> set.add("grpc.default_authority"));
    options.keepaliveTime().ifPresent(v -> set.add("grpc.keepalive_time_ms"));
    options.keepaliveTimeout().ifPresent(v -> set.add("grpc.keepalive_timeout_ms"));
    options
        .keepalivePermitWithoutCalls()
        .ifPresent(v -> set.add("grpc.keepalive_permit_without_calls"));
    options.enableRetries().ifPresent(v -> set.add("grpc.enable_retries"));
    options.serviceConfig().ifPresent(v -> set.add("grpc.service_config"));
    options.lbPolicyName().ifPresent(v -> set.add("grpc.lb_policy_name"));
    return set;
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
    return AioChannel.inProcess(managed, options, name);
  }

  /** Builds a Netty channel on a builder whose transport security is set. */
  private static Channel netty(
      String target,
      ChannelOptions options,
      ManagedChannelBuilder<?> builder,
      ChannelSecurity security) {
    validate(options);
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

  /**
   * Checks a target before grpc-java sees it.
   *
   * @return the resolver of an {@code ipv4:}/{@code ipv6:}/{@code unix-abstract:} target, else null
   */
  private static AddressListResolver checkTarget(String target) {
    if (target.isBlank()) {
      throw new IllegalArgumentException("target must not be empty");
    }
    if (UnixSockets.handles(target)) {
      DomainSocketAddress address = UnixSockets.parse(target, "target");
      // grpc-java resolves unix: targets itself; it has no resolver for unix-abstract: ones
      return UnixSockets.isAbstract(target)
          ? AddressListResolver.unixSocket(target.substring(0, target.indexOf(':')), address)
          : null;
    }
    if (AddressListResolver.handles(target)) {
      return AddressListResolver.parse(target);
    }
    checkPort(target);
    return null;
  }

  /**
   * Gives a channel of an {@code ipv4:}/{@code ipv6:}/{@code unix-abstract:} target its own
   * resolver (grpc-java's JVM-wide registry, which other channels use, is left alone), and a
   * channel of a Unix socket target the epoll transport.
   */
  @SuppressWarnings("deprecation") // the one public way to give one channel its own resolver
  private static ManagedChannelBuilder<?> withTransport(
      ManagedChannelBuilder<?> builder, String target, AddressListResolver addresses) {
    if (addresses != null) {
      builder.nameResolverFactory(addresses);
    }
    if (!UnixSockets.handles(target)) {
      return builder;
    }
    if (!(builder instanceof NettyChannelBuilder netty)) {
      // Credentials only another transport takes (xDS's, on grpc-netty-shaded).
      throw new IllegalArgumentException(
          "Unix socket target '"
              + target
              + "' needs credentials grpc-java's Netty transport takes");
    }
    return UnixSockets.forChannel(netty);
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
    Matcher named = NON_NUMERIC_PORT.matcher(target);
    if (!port.find(0)
        && named.find()
        && (named.start() > 0 // after "dns:///"
            || io.grpc.NameResolverRegistry.getDefaultRegistry()
                    .getProviderForScheme(target.substring(0, target.indexOf(':')))
                == null)) { // "unix:name" is a scheme, not a port
      throw AddressListResolver.invalid(
          target, "port '" + named.group(1) + "' is not a number from 1 to 65535");
    }
  }

  private static <B extends ManagedChannelBuilder<?>> B configure(
      B builder, ChannelOptions options) {
    builder.directExecutor(); // every event hops onto the call's context instead
    ChannelConfigurer.apply(builder, options);
    return builder;
  }

  /** Checks what must be checked before a grpc-java channel is built, so that none leaks. */
  private static void validate(ChannelOptions options) {
    ClientInterceptors.of(options.interceptors()); // refuses a non-interceptor
  }
}
