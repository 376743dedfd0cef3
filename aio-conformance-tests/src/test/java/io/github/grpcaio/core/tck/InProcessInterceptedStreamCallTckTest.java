package io.github.grpcaio.core.tck;

import io.github.grpcaio.testkit.Transport;

/**
 * The TCK on the response stream of an intercepted StreamStream call over the in-process transport.
 */
public class InProcessInterceptedStreamCallTckTest extends InterceptedStreamCallTck {
  /** Creates the verification. */
  public InProcessInterceptedStreamCallTckTest() {
    super(Transport.IN_PROCESS);
  }
}
