package io.github.grpcaio.core.internal;

import com.google.common.net.HostAndPort;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Objects;

/**
 * Parses {@code host:port} text with Guava's {@link HostAndPort}: the addresses of {@code
 * Server.addInsecurePort}, as grpc does, and the authority of a channel target. Unix socket
 * addresses are {@link UnixSockets}' job.
 */
public final class ListenAddress {

  private ListenAddress() {}

  /**
   * Parses a listen address: a TCP one as {@link #parse} does, or a Unix socket one ({@code
   * unix:path}, {@code unix:///absolute/path}, {@code unix-abstract:name}) as {@link
   * UnixSockets#parse} does.
   *
   * @throws IllegalArgumentException if the address is malformed or its host unknown, or it names a
   *     Unix socket and the native transport is not available
   */
  public static SocketAddress parseAny(String address) {
    Objects.requireNonNull(address, "address");
    return UnixSockets.handles(address) ? UnixSockets.parse(address, "address") : parse(address);
  }

  /**
   * Parses an address: {@code 127.0.0.1:0}, {@code localhost:50051}, {@code [::1]:0}, {@code
   * [::]:0} or {@code :0} (every interface).
   *
   * @throws IllegalArgumentException if the address is malformed or its host unknown
   */
  public static InetSocketAddress parse(String address) {
    Objects.requireNonNull(address, "address");
    HostAndPort hostPort = hostAndPort(address);
    if (!hostPort.hasPort()) {
      throw malformed(address, address.startsWith("[") ? "expected [ipv6]:port" : "no port");
    }
    String host = hostPort.getHost();
    int port = hostPort.getPort();
    if (host.isEmpty() || host.equals("::") || host.equals("*")) {
      return new InetSocketAddress(port);
    }
    InetSocketAddress resolved = new InetSocketAddress(host, port);
    if (resolved.isUnresolved()) {
      throw malformed(address, "unknown host " + host);
    }
    return resolved;
  }

  /**
   * Splits {@code host}, {@code host:port} or {@code [ipv6]:port}; the port, if any, is from 0 to
   * 65535.
   *
   * @throws IllegalArgumentException if the text is malformed, or an IPv6 host is not in brackets
   */
  public static HostAndPort hostAndPort(String text) {
    HostAndPort hostPort;
    try {
      hostPort = HostAndPort.fromString(text);
    } catch (IllegalArgumentException e) {
      throw malformed(text, e.getMessage());
    }
    if (!text.startsWith("[") && hostPort.getHost().contains(":")) {
      throw malformed(text, "an IPv6 host needs brackets, as in [::1]:0");
    }
    return hostPort;
  }

  private static IllegalArgumentException malformed(String address, String why) {
    return new IllegalArgumentException("Invalid address '" + address + "': " + why);
  }
}
