package io.github.grpcaio.core.internal;

import io.github.grpcaio.Metadata;
import io.grpc.InternalMetadata;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Converts between aio {@link Metadata} and grpc-java's {@link io.grpc.Metadata}. */
public final class GrpcMetadata {

  private static final Logger logger = Logger.getLogger(GrpcMetadata.class.getName());

  /** Empty metadata, read-only and so shared by everything in this package that needs none. */
  public static final Metadata EMPTY = new Metadata().readOnly();

  private GrpcMetadata() {}

  /**
   * Copies aio metadata into a new grpc-java metadata object.
   *
   * @param metadata the metadata, or null
   * @return a new grpc-java metadata object
   */
  public static io.grpc.Metadata toGrpc(Metadata metadata) {
    io.grpc.Metadata out = new io.grpc.Metadata();
    if (metadata != null && !metadata.isEmpty()) { // most trailers and headers: no iterator
      for (Metadata.Entry e : metadata) {
        if (e.value() instanceof byte[] bytes) {
          out.put(io.grpc.Metadata.Key.of(e.key(), io.grpc.Metadata.BINARY_BYTE_MARSHALLER), bytes);
        } else {
          out.put(
              io.grpc.Metadata.Key.of(e.key(), io.grpc.Metadata.ASCII_STRING_MARSHALLER),
              (String) e.value());
        }
      }
    }
    return out;
  }

  /**
   * Copies grpc-java metadata into read-only aio metadata, in the order the entries arrived (so
   * that keys iterate in first-insertion order, as in Python), leaving out the headers gRPC
   * reserves for itself ({@code grpc-*}, {@code content-type}, {@code te}) except {@code
   * grpc-status-details-bin}: the rich error status is the application's, and Python shows it in
   * the trailing metadata, where grpcio-status reads it. An entry aio cannot hold (a value that is
   * not printable ASCII) is left out and logged at {@code FINE}.
   *
   * @param metadata the grpc-java metadata, or null
   * @return read-only aio metadata
   */
  public static Metadata fromGrpc(io.grpc.Metadata metadata) {
    if (metadata == null || InternalMetadata.headerCount(metadata) == 0) {
      return EMPTY;
    }
    // grpc-java's public view of the keys is an unordered set; its own serialized form, which
    // every transport uses, keeps the entries as they came: names and values interleaved.
    byte[][] entries = InternalMetadata.serialize(metadata);
    Metadata out = null; // made for the first entry kept: most received metadata has none to show
    for (int i = 0; i + 1 < entries.length; i += 2) {
      String key = new String(entries[i], StandardCharsets.US_ASCII);
      if ((key.startsWith("grpc-") && !key.equals(StatusDetailsBin.KEY))
          || key.equals("content-type")
          || key.equals("te")) {
        continue;
      }
      out = out != null ? out : new Metadata();
      try {
        if (key.endsWith(io.grpc.Metadata.BINARY_HEADER_SUFFIX)) {
          out.add(key, entries[i + 1]);
        } else {
          out.add(key, new String(entries[i + 1], StandardCharsets.US_ASCII));
        }
      } catch (IllegalArgumentException e) {
        logger.log(Level.FINE, "Dropping metadata entry that aio cannot represent: " + key, e);
      }
    }
    return out != null && !out.isEmpty() ? out.readOnly() : EMPTY;
  }
}
