package io.github.grpcaio.core.tck;

import io.github.grpcaio.testkit.Transport;

/** The TCK on a server request stream over the in-process transport. */
public class InProcessRequestStreamTckTest extends RequestStreamTck {
  /** Creates the verification. */
  public InProcessRequestStreamTckTest() {
    super(Transport.IN_PROCESS);
  }
}
