package io.github.grpcaio;

/** Message compression algorithms, as {@code grpc.Compression} in Python. */
public enum Compression {
  /** No compression (gRPC's {@code identity} encoding). */
  NO_COMPRESSION("identity"),
  /** The {@code deflate} encoding. */
  DEFLATE("deflate"),
  /** The {@code gzip} encoding. */
  GZIP("gzip");

  private final String encoding;

  Compression(String encoding) {
    this.encoding = encoding;
  }

  /**
   * Returns the name of this algorithm in the {@code grpc-encoding} header.
   *
   * @return {@code "identity"}, {@code "deflate"} or {@code "gzip"}
   */
  public String encoding() {
    return encoding;
  }
}
