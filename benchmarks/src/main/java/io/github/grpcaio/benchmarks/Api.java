package io.github.grpcaio.benchmarks;

/** The two APIs compared: grpc-aio, and grpc-java's async stubs used directly. */
public enum Api {
  /** grpc-aio: {@code GrpcAio} channels and servers with default options. */
  AIO {
    @Override
    public Rig open(Transport transport) {
      return new AioRig(transport);
    }
  },
  /**
   * grpc-java's {@code ServerCalls}/{@code ClientCalls} async stubs, with aio's executor policy.
   */
  RAW {
    @Override
    public Rig open(Transport transport) {
      return new RawRig(transport);
    }
  };

  /**
   * Starts a server and opens a channel to it.
   *
   * @param transport where the server listens
   * @return the rig; close it when done
   */
  public abstract Rig open(Transport transport);
}
