package io.github.grpcaio;

/** The kinds of local connection {@link ChannelCredentials#local(LocalConnectionType)} accepts. */
public enum LocalConnectionType {
  /** A Unix domain socket: {@code unix:} and {@code unix-abstract:} targets and addresses. */
  UDS,
  /** A TCP connection to a loopback address. */
  LOCAL_TCP
}
