package io.github.grpcaio.core.internal;

import java.net.InetSocketAddress;
import java.util.Objects;

/** Parses the {@code host:port} addresses of {@code Server.addInsecurePort}, as grpc does. */
final class ListenAddress {

  private ListenAddress() {}

  /**
   * Parses an address: {@code 127.0.0.1:0}, {@code localhost:50051}, {@code [::1]:0}, {@code
   * [::]:0} or {@code :0} (every interface).
   *
   * @throws IllegalArgumentException if the address is malformed or its host unknown
   */
  static InetSocketAddress parse(String address) {
    Objects.requireNonNull(address, "address");
    String host;
    String port;
    if (address.startsWith("[")) {
      int end = address.indexOf(']');
      if (end < 0 || end + 1 >= address.length() || address.charAt(end + 1) != ':') {
        throw malformed(address, "expected [ipv6]:port");
      }
      host = address.substring(1, end);
      port = address.substring(end + 2);
    } else {
      int colon = address.lastIndexOf(':');
      if (colon < 0) {
        throw malformed(address, "no port");
      }
      host = address.substring(0, colon);
      if (host.contains(":")) {
        throw malformed(address, "an IPv6 host needs brackets, as in [::1]:0");
      }
      port = address.substring(colon + 1);
    }
    int portNumber;
    try {
      portNumber = Integer.parseInt(port);
    } catch (NumberFormatException e) {
      throw malformed(address, "the port is not a number");
    }
    if (portNumber < 0 || portNumber > 65535) {
      throw malformed(address, "the port is out of range");
    }
    if (host.isEmpty() || host.equals("::") || host.equals("*")) {
      return new InetSocketAddress(portNumber);
    }
    InetSocketAddress resolved = new InetSocketAddress(host, portNumber);
    if (resolved.isUnresolved()) {
      throw malformed(address, "unknown host " + host);
    }
    return resolved;
  }

  private static IllegalArgumentException malformed(String address, String why) {
    return new IllegalArgumentException("Invalid address '" + address + "': " + why);
  }
}
