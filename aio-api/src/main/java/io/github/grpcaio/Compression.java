package io.github.grpcaio;

/** Message compression algorithms, as {@code grpc.Compression} in Python. */
public enum Compression {
  /** No compression (gRPC's {@code identity} encoding). */
  NO_COMPRESSION("identity"),
  /**
   * The {@code deflate} encoding (zlib format). grpc-java does not ship it; grpc-aio registers it
   * on its channels and servers, but a plain grpc-java peer answers it with {@code UNIMPLEMENTED}.
   */
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
