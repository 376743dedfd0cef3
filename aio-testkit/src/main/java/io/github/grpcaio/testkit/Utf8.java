package io.github.grpcaio.testkit;

import io.github.grpcaio.Deserializer;
import io.github.grpcaio.Serializer;
import java.nio.charset.StandardCharsets;

/**
 * Strings as messages, encoded as UTF-8: the (de)serializer pair for test services that need no
 * protobuf.
 *
 * <pre>{@code
 * UnaryUnaryMultiCallable<String, String> echo =
 *     channel.unaryUnary("/test.Echo/Echo", Utf8.SERIALIZER, Utf8.DESERIALIZER);
 * }</pre>
 *
 * <p>Both are stateless and callable from any thread.
 */
public final class Utf8 {

  /** Encodes a string as its UTF-8 bytes. */
  public static final Serializer<String> SERIALIZER = s -> s.getBytes(StandardCharsets.UTF_8);

  /** Decodes UTF-8 bytes into a string; malformed input becomes U+FFFD, as {@link String} does. */
  public static final Deserializer<String> DESERIALIZER =
      b -> new String(b, StandardCharsets.UTF_8);

  private Utf8() {}
}
