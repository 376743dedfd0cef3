package io.github.grpcaio.core.tck;

import io.github.grpcaio.testkit.Transport;

/** The TCK on the response stream of an intercepted StreamStream call over Netty on 127.0.0.1. */
public class NettyInterceptedStreamCallTckTest extends InterceptedStreamCallTck {
  /** Creates the verification. */
  public NettyInterceptedStreamCallTckTest() {
    super(Transport.NETTY);
  }
}
