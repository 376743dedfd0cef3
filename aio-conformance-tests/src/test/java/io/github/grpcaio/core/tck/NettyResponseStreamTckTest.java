package io.github.grpcaio.core.tck;

import io.github.grpcaio.testkit.Transport;

/** The TCK on a client response stream over Netty on 127.0.0.1. */
public class NettyResponseStreamTckTest extends ResponseStreamTck {
  /** Creates the verification. */
  public NettyResponseStreamTckTest() {
    super(Transport.NETTY);
  }
}
