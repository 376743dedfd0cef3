package io.github.grpcaio.core.internal;

import io.github.grpcaio.Compression;
import io.grpc.Codec;
import io.grpc.CompressorRegistry;
import io.grpc.DecompressorRegistry;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;

/**
 * The message encodings every channel and server of this library knows: grpc-java's {@code
 * identity} and {@code gzip}, plus {@code deflate}, which grpc-java does not ship but gRPC defines
 * (and Python's {@code grpc.Compression.Deflate} uses). All three are advertised in {@code
 * grpc-accept-encoding}, so a peer may compress with any of them.
 *
 * <p>A grpc-java peer without a deflate codec answers a deflate-compressed request with {@code
 * UNIMPLEMENTED}; use gzip to talk to such peers.
 */
public final class MessageEncodings {

  /** The compressors: identity, gzip and deflate. */
  public static final CompressorRegistry COMPRESSORS;

  /** The decompressors: identity, gzip and deflate, all advertised. */
  public static final DecompressorRegistry DECOMPRESSORS =
      DecompressorRegistry.getDefaultInstance().with(Deflate.INSTANCE, true);

  static {
    CompressorRegistry registry = CompressorRegistry.newEmptyInstance();
    registry.register(Codec.Identity.NONE);
    registry.register(new Codec.Gzip());
    registry.register(Deflate.INSTANCE);
    COMPRESSORS = registry;
  }

  private static final io.grpc.Metadata.Key<String> ENCODING_HEADER =
      io.grpc.Metadata.Key.of("grpc-encoding", io.grpc.Metadata.ASCII_STRING_MARSHALLER);

  private MessageEncodings() {}

  /**
   * Returns the grpc-java compressor name of an algorithm.
   *
   * @param compression the algorithm
   * @return {@code identity}, {@code gzip} or {@code deflate}
   */
  public static String name(Compression compression) {
    return compression.encoding();
  }

  /**
   * Returns the compression a peer declared for its messages by its {@code grpc-encoding} header.
   *
   * @param headers the peer's headers
   * @return the algorithm; {@link Compression#NO_COMPRESSION} without the header or for {@code
   *     identity} (grpc-java refuses any encoding it has no decompressor for before a call starts)
   */
  public static Compression declaredBy(io.grpc.Metadata headers) {
    String encoding = headers.get(ENCODING_HEADER);
    for (Compression compression : Compression.values()) {
      if (compression.encoding().equals(encoding)) {
        return compression;
      }
    }
    return Compression.NO_COMPRESSION;
  }

  /**
   * gRPC's {@code deflate} encoding: the zlib format of RFC 1950, as gRPC's core library writes it.
   */
  static final class Deflate implements Codec {
    static final Deflate INSTANCE = new Deflate();

    @Override
    public String getMessageEncoding() {
      return "deflate";
    }

    @Override
    public OutputStream compress(OutputStream os) {
      return new DeflaterOutputStream(os);
    }

    @Override
    public InputStream decompress(InputStream is) {
      return new InflaterInputStream(is);
    }
  }
}
