package io.github.grpcaio.core.tck;

import io.github.grpcaio.testkit.Transport;

/** The TCK on a server request stream over Netty on 127.0.0.1. */
public class NettyRequestStreamTckTest extends RequestStreamTck {
  /** Creates the verification. */
  public NettyRequestStreamTckTest() {
    super(Transport.NETTY);
  }
}
