package io.github.grpcaio.examples.microservices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The custom types of {@code names.NameRecords/Lookup} and their wire encodings. */
class ObjectIdTest {

  @Test
  void next_twice_givesDifferentIdsOfNow() {
    Instant before = Instant.now().minusSeconds(1);

    ObjectId first = ObjectId.next();
    ObjectId second = ObjectId.next();

    assertThat(first).isNotEqualTo(second);
    assertThat(first.timestamp()).isBetween(before, Instant.now().plus(Duration.ofSeconds(1)));
    assertThat(first.toString()).matches("[0-9a-f]{24}");
  }

  @Test
  void serializer_thenDeserializer_givesTheSameId() throws Exception {
    ObjectId id = ObjectId.next();

    byte[] wire = ObjectId.SERIALIZER.serialize(id);

    assertThat(wire).hasSize(12);
    assertThat(ObjectId.DESERIALIZER.deserialize(wire)).isEqualTo(id);
    assertThat(ObjectId.fromHex(id.toString())).isEqualTo(id);
  }

  @Test
  void deserializer_wrongLength_throws() {
    assertThatThrownBy(() -> ObjectId.DESERIALIZER.deserialize(new byte[11]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("12 bytes, not 11");
    assertThatThrownBy(() -> ObjectId.fromHex("zz")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ObjectId.fromHex("zz".repeat(12)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void nameRecord_serializerThenDeserializer_givesTheSameRecord() throws Exception {
    NameRecord record =
        new NameRecord(ObjectId.next(), "ÉMILE", Instant.ofEpochMilli(1_795_000_000_123L));

    byte[] wire = NameRecord.SERIALIZER.serialize(record);

    assertThat(wire).hasSize(12 + 8 + "ÉMILE".getBytes(StandardCharsets.UTF_8).length);
    assertThat(NameRecord.DESERIALIZER.deserialize(wire)).isEqualTo(record);
    assertThat(record.toJson())
        .isEqualTo(
            "{\"id\":\""
                + record.id()
                + "\",\"name\":\"ÉMILE\",\"processed_at\":\"2026-11-18T11:06:40.123Z\"}");
  }

  @Test
  void nameRecord_deserializerTooShort_throws() {
    assertThatThrownBy(() -> NameRecord.DESERIALIZER.deserialize(new byte[19]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
