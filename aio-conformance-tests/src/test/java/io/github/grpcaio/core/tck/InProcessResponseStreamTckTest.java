package io.github.grpcaio.core.tck;

import io.github.grpcaio.testkit.Transport;

/** The TCK on a client response stream over the in-process transport. */
public class InProcessResponseStreamTckTest extends ResponseStreamTck {
  /** Creates the verification. */
  public InProcessResponseStreamTckTest() {
    super(Transport.IN_PROCESS);
  }
}
