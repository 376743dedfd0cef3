package io.github.grpcaio.core.internal.client;

import com.google.common.net.InetAddresses;
import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;
import io.grpc.NameResolverProvider;
import io.grpc.StatusOr;
import io.netty.channel.unix.DomainSocketAddress;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * gRPC's {@code ipv4:} and {@code ipv6:} targets, lists of literal addresses such as {@code
 * ipv4:127.0.0.1:50051,127.0.0.1:50052} or {@code ipv6:[::1]:50051}, as a grpc-java name resolver
 * that hands every address to the load balancer (so {@code round_robin} spreads calls over them).
 * The target is parsed when the channel is made, so a bad one is refused with a precise message;
 * the provider is set on that channel's builder only, never in grpc-java's JVM-wide registry. It
 * also serves {@code unix-abstract:} targets, one Unix socket address, which grpc-java has no
 * resolver for. Immutable.
 */
final class AddressListResolver extends NameResolverProvider {

  /** gRPC's default port when an address has none. */
  private static final int DEFAULT_PORT = 443;

  /** An IPv6 literal in brackets, with an optional port. */
  private static final Pattern BRACKETED = Pattern.compile("\\[([0-9a-fA-F:.%\\w]+)](?::(.*))?");

  private final String scheme;
  private final List<EquivalentAddressGroup> addresses;
  private final String authority;
  private final Class<? extends SocketAddress> addressType;

  private AddressListResolver(
      String scheme,
      List<EquivalentAddressGroup> addresses,
      String authority,
      Class<? extends SocketAddress> addressType) {
    this.scheme = scheme;
    this.addresses = addresses;
    this.authority = authority;
    this.addressType = addressType;
  }

  /**
   * A resolver of one Unix socket address: the one of a {@code unix-abstract:} target, whose
   * authority is {@code localhost}, as gRPC gives Unix socket targets.
   *
   * @param scheme the target's scheme
   * @param address the address
   */
  static AddressListResolver unixSocket(String scheme, DomainSocketAddress address) {
    return new AddressListResolver(
        scheme.toLowerCase(Locale.ROOT),
        List.of(new EquivalentAddressGroup(address)),
        "localhost",
        DomainSocketAddress.class);
  }

  /**
   * Returns whether a target has the {@code ipv4:} or {@code ipv6:} scheme.
   *
   * @param target a channel target
   */
  static boolean handles(String target) {
    String lower = target.toLowerCase(Locale.ROOT);
    return lower.startsWith("ipv4:") || lower.startsWith("ipv6:");
  }

  /**
   * Parses an {@code ipv4:}/{@code ipv6:} target.
   *
   * @param target a target that {@link #handles}
   * @return the provider for that target's channel
   * @throws IllegalArgumentException naming the target and what is wrong in it
   */
  static AddressListResolver parse(String target) {
    String scheme = target.substring(0, 4).toLowerCase(Locale.ROOT);
    String list = target.substring(5);
    if (list.startsWith("//")) {
      list = list.substring(list.indexOf('/', 2) + 1); // ipv4://authority/addresses
    }
    if (list.isBlank()) {
      throw invalid(target, "no address after '" + scheme + ":'");
    }
    List<EquivalentAddressGroup> groups = new ArrayList<>();
    String authority = null;
    for (String entry : list.split(",", -1)) {
      InetSocketAddress address =
          scheme.equals("ipv4") ? ipv4(target, entry.trim()) : ipv6(target, entry.trim());
      groups.add(new EquivalentAddressGroup(address));
      if (authority == null) {
        String host = address.getAddress().getHostAddress();
        authority = (scheme.equals("ipv6") ? "[" + host + "]" : host) + ":" + address.getPort();
      }
    }
    return new AddressListResolver(scheme, List.copyOf(groups), authority, InetSocketAddress.class);
  }

  private static InetSocketAddress ipv4(String target, String entry) {
    int colon = entry.indexOf(':');
    String host = colon < 0 ? entry : entry.substring(0, colon);
    int port = colon < 0 ? DEFAULT_PORT : port(target, entry.substring(colon + 1));
    return new InetSocketAddress(literal(target, host, Inet4Address.class, "IPv4"), port);
  }

  private static InetSocketAddress ipv6(String target, String entry) {
    Matcher m = BRACKETED.matcher(entry);
    String host;
    int port = DEFAULT_PORT;
    if (m.matches()) {
      host = m.group(1);
      if (m.group(2) != null) {
        port = port(target, m.group(2));
      }
    } else if (entry.indexOf(':') >= 0 && !entry.contains("[") && !entry.contains("]")) {
      host = entry; // without brackets there is no port
    } else {
      throw invalid(target, "'" + entry + "' is not an IPv6 address ([address]:port or address)");
    }
    return new InetSocketAddress(literal(target, host, Inet6Address.class, "IPv6"), port);
  }

  /** Parses an address literal of one family, never looking a name up. */
  private static InetAddress literal(
      String target, String host, Class<? extends InetAddress> family, String familyName) {
    InetAddress address;
    try {
      address = InetAddresses.forString(host);
    } catch (IllegalArgumentException e) {
      address = null;
    }
    if (!family.isInstance(address)) {
      throw invalid(target, "'" + host + "' is not an " + familyName + " address");
    }
    return address;
  }

  /**
   * Parses a port.
   *
   * @throws IllegalArgumentException naming the target, if it is not a number from 1 to 65535
   */
  static int port(String target, String port) {
    if (!port.matches("\\d{1,5}")
        || Integer.parseInt(port) == 0
        || Integer.parseInt(port) > 65535) {
      throw invalid(target, "port '" + port + "' is not a number from 1 to 65535");
    }
    return Integer.parseInt(port);
  }

  static IllegalArgumentException invalid(String target, String why) {
    return new IllegalArgumentException("Invalid target '" + target + "': " + why);
  }

  @Override
  protected boolean isAvailable() {
    return true;
  }

  @Override
  protected int priority() {
    return 5; // alone in its channel's registry
  }

  @Override
  public String getDefaultScheme() {
    return scheme;
  }

  @Override
  public Collection<Class<? extends SocketAddress>> getProducedSocketAddressTypes() {
    return Set.of(addressType);
  }

  @Override
  public NameResolver newNameResolver(URI targetUri, NameResolver.Args args) {
    if (!scheme.equalsIgnoreCase(targetUri.getScheme())) {
      return null;
    }
    return new NameResolver() {
      @Override
      public String getServiceAuthority() {
        return authority;
      }

      @Override
      public void start(Listener2 listener) {
        listener.onResult(
            ResolutionResult.newBuilder()
                .setAddressesOrError(StatusOr.fromValue(addresses))
                .build());
      }

      @Override
      public void shutdown() {}
    };
  }
}
