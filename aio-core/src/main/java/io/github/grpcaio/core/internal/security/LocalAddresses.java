package io.github.grpcaio.core.internal.security;

import io.github.grpcaio.LocalConnectionType;
import io.github.grpcaio.core.internal.ListenAddress;
import io.github.grpcaio.core.internal.UnixSockets;
import io.netty.channel.unix.DomainSocketAddress;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Enforces what local credentials promise: the connection never leaves the machine. gRPC checks the
 * peer address at the handshake; here the channel's target and the server's listening address are
 * checked up front, which gives the same guarantee (a socket bound to a loopback address only
 * accepts local peers, and a loopback target only reaches them; a Unix socket is local by nature).
 * As in gRPC, the connection type must match: {@link LocalConnectionType#UDS} takes Unix socket
 * targets and addresses only ({@code unix:}, {@code unix-abstract:}), {@link
 * LocalConnectionType#LOCAL_TCP} loopback TCP ones only.
 */
final class LocalAddresses {

  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  private LocalAddresses() {}

  /**
   * Checks that a channel target suits the connection type: a Unix socket target for UDS; for
   * LOCAL_TCP a loopback host ({@code localhost}, {@code 127.x.x.x} or {@code [::1]}, with or
   * without {@code dns:///}).
   *
   * @throws IllegalArgumentException if it does not
   */
  static void checkTarget(LocalConnectionType type, String target) {
    if (checkKind(type, UnixSockets.handles(target), "channel", "target", target)) {
      return;
    }
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
   * Checks that a server address suits the connection type: a Unix socket for UDS, a loopback TCP
   * address for LOCAL_TCP (not a wildcard such as {@code [::]:0}).
   *
   * @throws IllegalArgumentException if it does not
   */
  static void checkListenAddress(LocalConnectionType type, String address, SocketAddress resolved) {
    if (checkKind(type, resolved instanceof DomainSocketAddress, "server", "address", address)) {
      return;
    }
    InetSocketAddress inet = (InetSocketAddress) resolved;
    if (inet.getAddress() == null || !inet.getAddress().isLoopbackAddress()) {
      throw new IllegalArgumentException(
          "Local server credentials need a loopback address (127.0.0.1:port, [::1]:port,"
              + " localhost:port), not '"
              + address
              + "'");
    }
  }

  /**
   * Refuses a TCP target or address for UDS and a Unix socket one for LOCAL_TCP.
   *
   * @param side "channel" or "server", {@code noun} "target" or "address", for the message
   * @return whether {@code text} is a Unix socket, and so needs no loopback check
   */
  private static boolean checkKind(
      LocalConnectionType type, boolean unix, String side, String noun, String text) {
    if (type == LocalConnectionType.UDS && !unix) {
      throw new IllegalArgumentException(
          "Local "
              + side
              + " credentials of type UDS need a Unix socket "
              + noun
              + " (unix:path, unix-abstract:name), not '"
              + text
              + "'; use LocalConnectionType.LOCAL_TCP for a loopback TCP "
              + noun);
    }
    if (type == LocalConnectionType.LOCAL_TCP && unix) {
      throw new IllegalArgumentException(
          "Local "
              + side
              + " credentials of type LOCAL_TCP need a loopback TCP "
              + noun
              + ", not the Unix socket '"
              + text
              + "'; use LocalConnectionType.UDS");
    }
    return unix;
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
