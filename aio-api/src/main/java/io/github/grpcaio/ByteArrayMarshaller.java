package io.github.grpcaio;

import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * Adapts a {@link Serializer}/{@link Deserializer} pair to grpc-java's marshaller, so that the
 * generic API and the {@link MethodDescriptor} API share one code path.
 */
final class ByteArrayMarshaller<T> implements MethodDescriptor.Marshaller<T> {

  private final Serializer<? super T> serializer;
  private final Deserializer<? extends T> deserializer;

  ByteArrayMarshaller(Serializer<? super T> serializer, Deserializer<? extends T> deserializer) {
    this.serializer = serializer;
    this.deserializer = deserializer;
  }

  static <T> MethodDescriptor.Marshaller<T> of(
      Serializer<? super T> serializer, Deserializer<? extends T> deserializer) {
    return new ByteArrayMarshaller<>(serializer, deserializer);
  }

  @Override
  public InputStream stream(T value) {
    if (serializer == null) {
      throw new IllegalStateException("No serializer for this direction");
    }
    byte[] bytes;
    try {
      bytes = serializer.serialize(Objects.requireNonNull(value, "message"));
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalArgumentException(e.getClass().getName() + ": " + e.getMessage(), e);
    }
    return new KnownLengthStream(Objects.requireNonNull(bytes, "serializer returned null"));
  }

  @Override
  public T parse(InputStream stream) {
    if (deserializer == null) {
      throw new IllegalStateException("No deserializer for this direction");
    }
    try {
      T value = deserializer.deserialize(stream.readAllBytes());
      return Objects.requireNonNull(value, "deserializer returned null");
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalArgumentException(e.getClass().getName() + ": " + e.getMessage(), e);
    }
  }

  /** A byte array stream that tells grpc-java its length, so it is framed without copying. */
  private static final class KnownLengthStream extends ByteArrayInputStream implements KnownLength {
    KnownLengthStream(byte[] bytes) {
      super(bytes);
    }

    @Override
    public int available() {
      return count - pos;
    }

    @Override
    public void close() throws IOException {
      // Nothing to release.
    }
  }
}
