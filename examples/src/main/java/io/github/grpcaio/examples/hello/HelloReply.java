package io.github.grpcaio.examples.hello;

import io.github.grpcaio.Deserializer;
import io.github.grpcaio.Serializer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The response of every {@link Greeter} method: a greeting. It stands in for the protobuf message
 * {@code helloworld.HelloReply} until code generation exists.
 *
 * @param message the greeting
 */
public record HelloReply(String message) {

  /** Encodes a reply as the UTF-8 bytes of its message: the whole message is that one field. */
  public static final Serializer<HelloReply> SERIALIZER =
      reply -> reply.message().getBytes(StandardCharsets.UTF_8);

  /** Decodes the bytes written by {@link #SERIALIZER}. */
  public static final Deserializer<HelloReply> DESERIALIZER =
      bytes -> new HelloReply(new String(bytes, StandardCharsets.UTF_8));

  /**
   * Checks the message.
   *
   * @param message the greeting
   * @throws NullPointerException if {@code message} is null
   */
  public HelloReply {
    Objects.requireNonNull(message, "message");
  }
}
