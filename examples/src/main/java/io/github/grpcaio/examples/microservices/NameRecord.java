package io.github.grpcaio.examples.microservices;

import io.github.grpcaio.Deserializer;
import io.github.grpcaio.Serializer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;

/**
 * A name service 1 processed, as {@code /names.NameRecords/Lookup} returns it. On the wire it is a
 * custom binary layout, not protobuf: the 12 bytes of the id, 8 bytes of epoch milliseconds, then
 * the name in UTF-8 ({@link #SERIALIZER}, {@link #DESERIALIZER}).
 *
 * @param id the id it is remembered under
 * @param name the processed (upper-cased) name
 * @param processedAt when service 1 processed it, to the millisecond
 */
public record NameRecord(ObjectId id, String name, Instant processedAt) {

  /** Encodes a record: the response serializer of {@code Lookup}'s server. */
  public static final Serializer<NameRecord> SERIALIZER = NameRecord::toBytes;

  /**
   * Decodes a record: the response deserializer of {@code Lookup}'s client. Fewer than 20 bytes
   * throw {@link IllegalArgumentException}, which the client reports as {@code INTERNAL}.
   */
  public static final Deserializer<NameRecord> DESERIALIZER = NameRecord::fromBytes;

  /**
   * Checks the fields.
   *
   * @throws NullPointerException if a field is null
   */
  public NameRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(processedAt, "processedAt");
  }

  private static byte[] toBytes(NameRecord record) {
    byte[] name = record.name.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(ObjectId.LENGTH + Long.BYTES + name.length)
        .put(record.id.toByteArray())
        .putLong(record.processedAt.toEpochMilli())
        .put(name)
        .array();
  }

  private static NameRecord fromBytes(byte[] bytes) {
    if (bytes.length < ObjectId.LENGTH + Long.BYTES) {
      throw new IllegalArgumentException("A NameRecord has at least 20 bytes, not " + bytes.length);
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    byte[] id = new byte[ObjectId.LENGTH];
    buffer.get(id);
    Instant processedAt = Instant.ofEpochMilli(buffer.getLong());
    String name = new String(bytes, buffer.position(), buffer.remaining(), StandardCharsets.UTF_8);
    return new NameRecord(ObjectId.fromBytes(id), name, processedAt);
  }

  /**
   * Returns the record as a JSON object, as service 2 answers {@code GET /api/v1/names/{id}}. The
   * name is made of letters only (service 1 refuses anything else), so it needs no escaping beyond
   * quotes and backslashes, which are escaped anyway.
   *
   * @return {@code {"id":"…","name":"…","processed_at":"…"}}
   */
  public String toJson() {
    return "{\"id\":\""
        + id
        + "\",\"name\":\""
        + name.replace("\\", "\\\\").replace("\"", "\\\"")
        + "\",\"processed_at\":\""
        + processedAt
        + "\"}";
  }
}
