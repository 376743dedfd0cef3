package io.github.grpcaio.core.internal.security;

import io.github.grpcaio.LocalConnectionType;
import io.github.grpcaio.core.internal.ListenAddress;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Enforces what local credentials promise: the connection never leaves the machine. gRPC checks the
 * peer address at the handshake; here the channel's target and the server's listening address are
 * checked up front, which gives the same guarantee (a socket bound to a loopback address only
 * accepts local peers, and a loopback target only reaches them).
 *
 * <p>Only {@link LocalConnectionType#LOCAL_TCP} is supported: grpc-java's Netty transport needs the
 * native epoll transport for Unix domain sockets, which this library does not ship.
 */
final class LocalAddresses {

  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  private LocalAddresses() {}

  /**
   * Refuses UDS, which is not supported.
   *
   * @throws IllegalArgumentException if {@code type} is UDS
   */
  static void checkType(LocalConnectionType type) {
    if (type != LocalConnectionType.LOCAL_TCP) {
      throw new IllegalArgumentException(
          "Local credentials of type "
              + type
              + " are not supported: grpc-java's Netty transport needs the native epoll transport"
              + " for Unix domain sockets; use LocalConnectionType.LOCAL_TCP with a loopback"
              + " address");
    }
  }

  /**
   * Checks that a channel target names a loopback host: {@code localhost}, {@code 127.x.x.x} or
   * {@code [::1]}, with or without {@code dns:///}.
   *
   * @throws IllegalArgumentException if it does not
   */
  static void checkTarget(String target) {
    String rest = target;
    if (rest.regionMatches(true, 0, "dns:", 0, 4)) {
      rest = rest.substring(4);
      if (rest.startsWith("//")) {
        int slash = rest.indexOf('/', 2);
        rest = slash < 0 ? "" : rest.substring(slash + 1);
      }
    }
    String host;
    try {
      host = ListenAddress.hostAndPort(rest).getHost();
    } catch (IllegalArgumentException e) {
      host = ""; // malformed: not a loopback target either
    }
    if (!isLoopback(host)) {
      throw new IllegalArgumentException(
          "Local channel credentials need a loopback target (localhost, 127.0.0.1, [::1]), not '"
              + target
              + "'");
    }
  }

  /**
   * Checks that a server address is a loopback one (not a wildcard such as {@code [::]:0}).
   *
   * @throws IllegalArgumentException if it is not
   */
  static void checkListenAddress(String address, InetSocketAddress resolved) {
    if (resolved.getAddress() == null || !resolved.getAddress().isLoopbackAddress()) {
      throw new IllegalArgumentException(
          "Local server credentials need a loopback address (127.0.0.1:port, [::1]:port,"
              + " localhost:port), not '"
              + address
              + "'");
    }
  }

  private static boolean isLoopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.equals("localhost") || h.endsWith(".localhost")) {
      return true;
    }
    if (IPV4.matcher(h).matches() || h.contains(":")) {
      try {
        return InetAddress.getByName(h).isLoopbackAddress(); // a literal: no lookup
      } catch (UnknownHostException e) {
        return false;
      }
    }
    return false;
  }
}
