package io.github.grpcaio.core.internal.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The strict JSON parser behind {@code grpc.service_config}. */
class ServiceConfigJsonTest {

  @Test
  void parseObject_everyKindOfValue_givesGrpcJavasTypes() {
    Map<String, ?> map =
        ServiceConfigJson.parseObject(
            " {\"s\": \"a\\\"b\\\\c\\/\\n\\u00e9\", \"n\": -12.5e1, \"i\": 3, \"t\": true,"
                + " \"f\": false, \"z\": null, \"l\": [1, [], {}], \"o\": {\"k\": \"v\"}}\n");

    assertThat(map.get("s")).isEqualTo("a\"b\\c/\n\u00e9");
    assertThat(map.get("n")).isEqualTo(-125.0);
    assertThat(map.get("i")).isEqualTo(3.0); // grpc-java wants every number as a Double
    assertThat(map.get("t")).isEqualTo(true);
    assertThat(map.get("f")).isEqualTo(false);
    assertThat(map.containsKey("z")).isTrue();
    assertThat(map.get("z")).isNull();
    assertThat(map.get("l")).isEqualTo(Arrays.asList(1.0, List.of(), Map.of()));
    assertThat(map.get("o")).isEqualTo(Map.of("k", "v"));
    assertThat(map.keySet()).containsExactly("s", "n", "i", "t", "f", "z", "l", "o");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "   ",
        "[]",
        "\"s\"",
        "{",
        "{\"a\"}",
        "{\"a\" 1}",
        "{a: 1}",
        "{'a': 1}",
        "{\"a\": 1,}",
        "{\"a\": [1,]}",
        "{\"a\": 01}",
        "{\"a\": 1.}",
        "{\"a\": .5}",
        "{\"a\": -}",
        "{\"a\": 1e}",
        "{\"a\": tru}",
        "{\"a\": \"\\x\"}",
        "{\"a\": \"\\u12\"}",
        "{\"a\": \"unterminated}",
        "{\"a\": \"tab\there\"}",
        "{} {}",
        "{\"a\": 1, \"a\": 2}",
        "{\"a\": NaN}"
      })
  void parseObject_malformed_throwsNamingTheOptionAndOffset(String json) {
    assertThatThrownBy(() -> ServiceConfigJson.parseObject(json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("grpc.service_config")
        .hasMessageContaining("offset");
  }
}
