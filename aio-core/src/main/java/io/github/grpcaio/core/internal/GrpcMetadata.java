package io.github.grpcaio.core.internal;

import io.github.grpcaio.Metadata;
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
   * Copies grpc-java metadata into read-only aio metadata, leaving out the headers gRPC reserves
   * for itself ({@code grpc-*}, {@code content-type}, {@code te}) except {@code
   * grpc-status-details-bin}: the rich error status is the application's, and Python shows it in
   * the trailing metadata, where grpcio-status reads it.
   *
   * @param metadata the grpc-java metadata, or null
   * @return read-only aio metadata
   */
  public static Metadata fromGrpc(io.grpc.Metadata metadata) {
    Metadata out = null; // made for the first entry: most received metadata has none to show
    if (metadata != null) {
      for (String key : metadata.keys()) {
        if ((key.startsWith("grpc-") && !key.equals(StatusDetailsBin.KEY))
            || key.equals("content-type")
            || key.equals("te")) {
          continue;
        }
        try {
          if (key.endsWith(io.grpc.Metadata.BINARY_HEADER_SUFFIX)) {
            Iterable<byte[]> values =
                metadata.getAll(
                    io.grpc.Metadata.Key.of(key, io.grpc.Metadata.BINARY_BYTE_MARSHALLER));
            if (values != null) {
              for (byte[] v : values) {
                out = out != null ? out : new Metadata();
                out.add(key, v);
              }
            }
          } else {
            Iterable<String> values =
                metadata.getAll(
                    io.grpc.Metadata.Key.of(key, io.grpc.Metadata.ASCII_STRING_MARSHALLER));
            if (values != null) {
              for (String v : values) {
                out = out != null ? out : new Metadata();
                out.add(key, v);
              }
            }
          }
        } catch (IllegalArgumentException e) {
          logger.log(Level.FINE, "Dropping metadata entry that aio cannot represent: " + key, e);
        }
      }
    }
    return out != null ? out.readOnly() : EMPTY;
  }
}
