package io.github.grpcaio.examples.microservices;

import io.github.grpcaio.Deserializer;
import io.github.grpcaio.Serializer;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A 12-byte id in the style of MongoDB's ObjectId: 4 bytes of seconds since the epoch, 5 random
 * bytes chosen once per JVM, and a 3-byte counter. It is the custom type of the example's generic
 * method {@code /names.NameRecords/Lookup}, encoded by {@link #SERIALIZER} and {@link
 * #DESERIALIZER} as its 12 raw bytes, with no protobuf around it. Immutable.
 */
public final class ObjectId {

  /** The length of an id in bytes. */
  public static final int LENGTH = 12;

  /** Encodes an id as its 12 bytes: the request serializer of {@code Lookup}'s client. */
  public static final Serializer<ObjectId> SERIALIZER = ObjectId::toByteArray;

  /**
   * Decodes 12 bytes into an id: the request deserializer of {@code Lookup}'s server. Any other
   * length throws {@link IllegalArgumentException}, which the server answers with {@code INTERNAL}.
   */
  public static final Deserializer<ObjectId> DESERIALIZER = ObjectId::fromBytes;

  private static final byte[] PROCESS = new byte[5];
  private static final AtomicInteger COUNTER;

  static {
    SecureRandom random = new SecureRandom();
    random.nextBytes(PROCESS);
    COUNTER = new AtomicInteger(random.nextInt());
  }

  private final byte[] bytes;

  private ObjectId(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * Makes a new id, unique within this JVM and very likely across JVMs.
   *
   * @return the id
   */
  public static ObjectId next() {
    int seconds = (int) Instant.now().getEpochSecond();
    int counter = COUNTER.getAndIncrement();
    byte[] bytes = new byte[LENGTH];
    bytes[0] = (byte) (seconds >>> 24);
    bytes[1] = (byte) (seconds >>> 16);
    bytes[2] = (byte) (seconds >>> 8);
    bytes[3] = (byte) seconds;
    System.arraycopy(PROCESS, 0, bytes, 4, PROCESS.length);
    bytes[9] = (byte) (counter >>> 16);
    bytes[10] = (byte) (counter >>> 8);
    bytes[11] = (byte) counter;
    return new ObjectId(bytes);
  }

  /**
   * Reads an id from its 12 bytes.
   *
   * @param bytes the bytes; copied
   * @return the id
   * @throws IllegalArgumentException if there are not exactly 12 bytes
   */
  public static ObjectId fromBytes(byte[] bytes) {
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException(
          "An ObjectId has " + LENGTH + " bytes, not " + bytes.length);
    }
    return new ObjectId(bytes.clone());
  }

  /**
   * Reads an id from its 24 hexadecimal digits, as {@link #toString()} writes it.
   *
   * @param hex the digits, either case
   * @return the id
   * @throws IllegalArgumentException if {@code hex} is not 24 hexadecimal digits
   */
  public static ObjectId fromHex(String hex) {
    if (hex.length() != 2 * LENGTH) {
      throw new IllegalArgumentException("An ObjectId has " + 2 * LENGTH + " hex digits: " + hex);
    }
    return new ObjectId(HexFormat.of().parseHex(hex)); // throws IllegalArgumentException
  }

  /**
   * Returns the 12 bytes.
   *
   * @return a copy of the bytes
   */
  public byte[] toByteArray() {
    return bytes.clone();
  }

  /**
   * Returns when the id was made, to the second.
   *
   * @return the time in the id
   */
  public Instant timestamp() {
    long seconds =
        ((bytes[0] & 0xFFL) << 24)
            | ((bytes[1] & 0xFFL) << 16)
            | ((bytes[2] & 0xFFL) << 8)
            | (bytes[3] & 0xFFL);
    return Instant.ofEpochSecond(seconds);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ObjectId other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  /** Returns the id as 24 lower-case hexadecimal digits. */
  @Override
  public String toString() {
    return HexFormat.of().formatHex(bytes);
  }
}
