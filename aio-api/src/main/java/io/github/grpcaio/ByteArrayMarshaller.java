package io.github.grpcaio;

import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.Objects;

/**
 * Adapts a {@link Serializer}/{@link Deserializer} pair to grpc-java's {@link
 * MethodDescriptor.Marshaller}, so that the generic API and the {@link MethodDescriptor} API share
 * one code path. Also useful to build a {@code MethodDescriptor} for a custom message type.
 *
 * <p>A checked exception thrown by the serializer or deserializer is rethrown wrapped in {@link
 * UndeclaredThrowableException}; the library reports the wrapped exception in status details.
 *
 * @param <T> the message type
 */
public final class ByteArrayMarshaller<T> implements MethodDescriptor.Marshaller<T> {

  private final Serializer<? super T> serializer;
  private final Deserializer<? extends T> deserializer;

  private ByteArrayMarshaller(
      Serializer<? super T> serializer, Deserializer<? extends T> deserializer) {
    this.serializer = serializer;
    this.deserializer = deserializer;
  }

  /**
   * Creates a marshaller.
   *
   * @param serializer turns messages into bytes, or null if this marshaller only parses
   * @param deserializer turns bytes into messages, or null if this marshaller only serializes
   * @param <T> the message type
   */
  public static <T> MethodDescriptor.Marshaller<T> of(
      Serializer<? super T> serializer, Deserializer<? extends T> deserializer) {
    return new ByteArrayMarshaller<>(serializer, deserializer);
  }

  /**
   * Serializes a message.
   *
   * @throws IllegalStateException if this marshaller has no serializer
   * @throws UndeclaredThrowableException wrapping a checked exception of the serializer
   */
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
      throw new UndeclaredThrowableException(e, e.getClass().getName() + ": " + e.getMessage());
    }
    return new KnownLengthStream(Objects.requireNonNull(bytes, "serializer returned null"));
  }

  /**
   * Parses a message.
   *
   * @throws IllegalStateException if this marshaller has no deserializer
   * @throws UndeclaredThrowableException wrapping a checked exception of the deserializer
   */
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
      throw new UndeclaredThrowableException(e, e.getClass().getName() + ": " + e.getMessage());
    }
  }

  /** A byte array stream that tells grpc-java its length, so it is framed without copying. */
  private static final class KnownLengthStream extends ByteArrayInputStream implements KnownLength {
    KnownLengthStream(byte[] bytes) {
      super(bytes);
    }

    @Override
    public synchronized int available() { // as ByteArrayInputStream's own
      return count - pos;
    }

    @Override
    public void close() throws IOException {
      // Nothing to release.
    }
  }
}
