package io.github.grpcaio.core.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.grpcaio.CallOptions;
import io.github.grpcaio.Metadata;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Metadata} as a value: an ordered multimap grouped by key, with header-name keys, printable
 * ASCII string values, {@code byte[]} values for {@code -bin} keys, and a read-only form. No
 * transport is involved; {@link CallMetadataTest} sends metadata over both.
 */
class MetadataTest {

  private static List<String> entries(Metadata metadata) {
    List<String> out = new ArrayList<>();
    for (Metadata.Entry e : metadata) {
      out.add(e.key() + "=" + (e.isBinary() ? "bytes" + e.binaryValue().length : e.stringValue()));
    }
    return out;
  }

  @Test
  void iteration_groupsValuesByKeyInFirstInsertionOrder() {
    Metadata metadata = Metadata.of("a", "1", "b", "2", "a", "3");

    assertThat(entries(metadata)).containsExactly("a=1", "a=3", "b=2");
    assertThat(metadata.keys()).containsExactly("a", "b");
    assertThat(metadata.size()).isEqualTo(3);
    assertThat(metadata.getAll("a")).containsExactly("1", "3");
    assertThat(metadata.get("a")).isEqualTo("1");
  }

  @Test
  void keys_areFoldedToLowerCase() {
    Metadata metadata = new Metadata().add("X-Request-Id", "42");

    assertThat(metadata.get("x-request-id")).isEqualTo("42");
    assertThat(metadata.get("X-REQUEST-ID")).isEqualTo("42");
    assertThat(metadata.keys()).containsExactly("x-request-id");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "has space", "colon:", ":authority", "ümlaut", "slash/", "tab\t"})
  void illegalKey_isRefusedWithIllegalArgumentException(String key) {
    Metadata metadata = new Metadata();

    assertThatThrownBy(() -> metadata.add(key, "v")).isInstanceOf(IllegalArgumentException.class);
    assertThat(metadata.isEmpty()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"line\nbreak", "tab\there", "ünïcode", "del\u007f", "nul\u0000"})
  void illegalAsciiValue_isRefusedWithIllegalArgumentException(String value) {
    Metadata metadata = new Metadata();

    assertThatThrownBy(() -> metadata.add("key", value))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Metadata.of("key", value))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(metadata.isEmpty()).isTrue();
  }

  @Test
  void legalKeysAndValues_areAccepted() {
    Metadata metadata =
        new Metadata()
            .add("a-b_c.d0", "printable ASCII: ~!@#$%^&*()")
            .add(".starts-with-dot", "legal in gRPC and grpc-java")
            .add("empty", "")
            .add("data-bin", new byte[] {0, (byte) 0xFF, '\n'});

    assertThat(metadata.get("a-b_c.d0")).isEqualTo("printable ASCII: ~!@#$%^&*()");
    assertThat(metadata.get(".starts-with-dot")).isEqualTo("legal in gRPC and grpc-java");
    assertThat(metadata.get("empty")).isEmpty();
    assertThat(metadata.getBinary("data-bin")).containsExactly(0, (byte) 0xFF, '\n');
  }

  @Test
  void binaryKey_needsBytesAndOtherKeysNeedStrings() {
    Metadata metadata = new Metadata();

    assertThatThrownBy(() -> metadata.add("data-bin", "text"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> metadata.add("text", new byte[] {1}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Metadata.of("data-bin", "text"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> metadata.get("data-bin")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> metadata.getBinary("text"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void binaryValues_areCopiedInAndOut() {
    byte[] value = {1, 2, 3};
    Metadata metadata = new Metadata().add("data-bin", value);

    value[0] = 9;
    metadata.getBinary("data-bin")[1] = 9;

    assertThat(metadata.getBinary("data-bin")).containsExactly(1, 2, 3);
    assertThat(metadata.getAllBinary("data-bin").get(0)).containsExactly(1, 2, 3);
  }

  @Test
  void nullKeyOrValue_throwsNullPointerException() {
    Metadata metadata = new Metadata();

    assertThatThrownBy(() -> metadata.add(null, "v")).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> metadata.add("k", (String) null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> metadata.add("k-bin", (byte[]) null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void of_withOddCount_throwsIllegalArgumentException() {
    assertThatThrownBy(() -> Metadata.of("a", "1", "b"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void set_replacesAllValuesOfKeyAndRemoveAllRemovesThem() {
    Metadata metadata = Metadata.of("a", "1", "a", "2", "b", "3");

    metadata.set("a", "only");
    assertThat(metadata.getAll("a")).containsExactly("only");
    assertThat(metadata.size()).isEqualTo(2);

    assertThat(metadata.removeAll("A")).isTrue();
    assertThat(metadata.removeAll("a")).isFalse();
    assertThat(metadata.containsKey("a")).isFalse();
    assertThat(entries(metadata)).containsExactly("b=3");
  }

  @Test
  void readOnly_refusesEveryChange() {
    Metadata metadata = Metadata.of("a", "1").readOnly();

    assertThat(metadata.isReadOnly()).isTrue();
    assertThatThrownBy(() -> metadata.add("b", "2"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("change a copy()")
        .hasMessageNotContaining("received from the peer");
    assertThatThrownBy(() -> metadata.add("b-bin", new byte[] {1}))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> metadata.set("a", "2")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> metadata.removeAll("a")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> metadata.addAll(Metadata.of("c", "3")))
        .isInstanceOf(IllegalStateException.class);
    assertThat(entries(metadata)).containsExactly("a=1");
  }

  @Test
  void copy_ofReadOnly_isModifiableAndIndependent() {
    Metadata original = Metadata.of("a", "1").readOnly();

    Metadata copy = original.copy().add("b", "2");

    assertThat(copy.isReadOnly()).isFalse();
    assertThat(entries(copy)).containsExactly("a=1", "b=2");
    assertThat(entries(original)).containsExactly("a=1");
  }

  @Test
  void equality_followsEntriesInOrderAndBinaryContent() {
    Metadata one = new Metadata().add("a", "1").add("k-bin", new byte[] {1, 2});
    Metadata same = new Metadata().add("a", "1").add("k-bin", new byte[] {1, 2});
    Metadata otherBytes = new Metadata().add("a", "1").add("k-bin", new byte[] {1, 3});

    assertThat(one).isEqualTo(same).hasSameHashCodeAs(same);
    assertThat(one).isNotEqualTo(otherBytes);
    assertThat(Metadata.of("a", "1", "a", "2")).isNotEqualTo(Metadata.of("a", "2", "a", "1"));
  }

  @Test
  void callOptions_copyTheMetadataTheyAreGiven() {
    Metadata metadata = Metadata.of("a", "1");

    CallOptions options = CallOptions.DEFAULT.withMetadata(metadata);
    metadata.add("b", "2");

    assertThat(entries(options.metadata().orElseThrow())).containsExactly("a=1");
    assertThat(options.metadata().orElseThrow().isReadOnly()).isTrue();
  }
}
