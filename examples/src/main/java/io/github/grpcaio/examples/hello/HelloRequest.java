package io.github.grpcaio.examples.hello;

import io.github.grpcaio.Deserializer;
import io.github.grpcaio.Serializer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The request of every {@link Greeter} method: who to greet. It stands in for the protobuf message
 * {@code helloworld.HelloRequest} until code generation exists.
 *
 * @param name the name to greet
 */
public record HelloRequest(String name) {

  /** Encodes a request as the UTF-8 bytes of its name: the whole message is that one field. */
  public static final Serializer<HelloRequest> SERIALIZER =
      request -> request.name().getBytes(StandardCharsets.UTF_8);

  /** Decodes the bytes written by {@link #SERIALIZER}. */
  public static final Deserializer<HelloRequest> DESERIALIZER =
      bytes -> new HelloRequest(new String(bytes, StandardCharsets.UTF_8));

  /**
   * Checks the name.
   *
   * @param name the name to greet
   * @throws NullPointerException if {@code name} is null
   */
  public HelloRequest {
    Objects.requireNonNull(name, "name");
  }
}
