package io.github.grpcaio.core.internal.client;

import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.MalformedJsonException;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Strict JSON (RFC 8259), read with Gson's {@link JsonReader}, into what grpc-java's {@code
 * defaultServiceConfig} takes: objects as {@code Map<String, ?>} (a repeated member name is an
 * error), arrays as {@code List<?>}, numbers as {@code Double}, strings, booleans and null. This is
 * what grpc-java's own {@code io.grpc.internal.JsonParser} does, which is internal and lenient.
 */
final class ServiceConfigJson {

  /** Where {@link JsonReader#toString()} says it is. */
  private static final Pattern LOCATION = Pattern.compile(" at line (\\d+) column (\\d+) ");

  private ServiceConfigJson() {}

  /**
   * Parses a JSON object.
   *
   * @param json the text
   * @return the object, as an unmodifiable map
   * @throws IllegalArgumentException if the text is not one JSON object, naming the offset
   */
  static Map<String, ?> parseObject(String json) {
    JsonReader reader = new JsonReader(new StringReader(json));
    reader.setStrictness(Strictness.STRICT);
    reader.setNestingLimit(Integer.MAX_VALUE); // no limit of its own, as grpc-java's parser
    try { // Gson's JsonReader skips a byte-order mark, which is not JSON text
      if (json.startsWith("\uFEFF") || reader.peek() != JsonToken.BEGIN_OBJECT) {
        throw new MalformedJsonException("expected a JSON object");
      }
      Map<String, ?> map = object(reader);
      if (reader.peek() != JsonToken.END_DOCUMENT) {
        throw new MalformedJsonException("unexpected text after the object");
      }
      return map;
    } catch (IOException | IllegalStateException | NumberFormatException e) {
      throw new IllegalArgumentException(
          "Malformed JSON in grpc.service_config at offset "
              + offset(json, reader)
              + ": "
              + what(String.valueOf(e.getMessage())),
          e);
    }
  }

  /** Gson's message without its location (given as an offset instead) or its advice. */
  private static String what(String message) {
    if (message.startsWith("Use JsonReader.setStrictness")) {
      return "not JSON (a bare word, a leading zero or more text after the value)";
    }
    int at = message.indexOf(" at line ");
    return at < 0 ? message : message.substring(0, at);
  }

  private static Object value(JsonReader reader) throws IOException {
    switch (reader.peek()) {
      case BEGIN_OBJECT:
        return object(reader);
      case BEGIN_ARRAY:
        List<Object> list = new ArrayList<>();
        reader.beginArray();
        while (reader.hasNext()) {
          list.add(value(reader));
        }
        reader.endArray();
        return Collections.unmodifiableList(list);
      case STRING:
        return reader.nextString();
      case NUMBER:
        return Double.parseDouble(reader.nextString()); // 1e999 is infinity, not an error
      case BOOLEAN:
        return reader.nextBoolean();
      case NULL:
        reader.nextNull();
        return null;
      default:
        throw new MalformedJsonException("unexpected " + reader.peek());
    }
  }

  private static Map<String, ?> object(JsonReader reader) throws IOException {
    Map<String, Object> map = new LinkedHashMap<>();
    reader.beginObject();
    while (reader.hasNext()) {
      String key = reader.nextName();
      Object v = value(reader);
      if (map.containsKey(key)) {
        throw new MalformedJsonException("duplicate member \"" + key + "\"");
      }
      map.put(key, v);
    }
    reader.endObject();
    return Collections.unmodifiableMap(map);
  }

  /** The reader's line and column (counted by Gson from 1, lines split at LF) as a text offset. */
  private static int offset(String json, JsonReader reader) {
    Matcher m = LOCATION.matcher(reader.toString());
    if (!m.find()) {
      return -1;
    }
    int lineStart = 0;
    for (int line = Integer.parseInt(m.group(1)); line > 1; line--) {
      lineStart = json.indexOf('\n', lineStart) + 1;
    }
    return lineStart + Integer.parseInt(m.group(2)) - 1;
  }
}
