package io.github.grpcaio.core.internal;

import io.github.grpcaio.Metadata;

/**
 * Metadata as grpc-java delivered it, turned into aio {@link Metadata} only when someone asks: most
 * calls never look at their headers or trailers, and the conversion allocated about a kilobyte per
 * unary call (key strings, a set, a map) for nothing. Thread-safe: grpc-java does not touch the
 * object after delivering it, and two threads converting at once get equal read-only results.
 *
 * <p>Open to subclasses that deliver more with the metadata (a client call's end: its status with
 * its trailers), so that one object carries both.
 */
public class ReceivedMetadata {

  /** No metadata: a call that ended before headers arrived. */
  public static final ReceivedMetadata NONE = new ReceivedMetadata(null);

  private final io.grpc.Metadata delivered; // null for none; never modified
  private volatile Metadata converted; // cached; a race converts twice, harmlessly

  /**
   * Wraps metadata grpc-java delivered.
   *
   * @param delivered the metadata, or null for none
   */
  public ReceivedMetadata(io.grpc.Metadata delivered) {
    this.delivered = delivered;
  }

  /**
   * Returns the metadata as aio shows it: read-only, without gRPC's reserved headers but with
   * {@code grpc-status-details-bin}.
   *
   * @return the metadata
   */
  public Metadata get() {
    Metadata m = converted;
    if (m == null) {
      m = GrpcMetadata.fromGrpc(delivered);
      converted = m;
    }
    return m;
  }
}
