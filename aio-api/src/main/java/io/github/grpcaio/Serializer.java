package io.github.grpcaio;

/**
 * Turns a message into bytes, as the {@code request_serializer} / {@code response_serializer}
 * functions of Python's API.
 *
 * <p>An exception thrown here ends the RPC with {@link StatusCode#INTERNAL} ("Failed to serialize
 * ..."), on the client and on the server; it is never swallowed.
 *
 * @param <T> the message type
 */
@FunctionalInterface
public interface Serializer<T> {

  /**
   * Serializes one message.
   *
   * @param message the message, never null
   * @return its bytes
   * @throws Exception if the message cannot be serialized
   */
  byte[] serialize(T message) throws Exception;

  /**
   * The identity serializer, for RPCs whose messages are raw bytes (Python's {@code None}
   * serializer).
   *
   * @return a serializer returning its input
   */
  static Serializer<byte[]> bytes() {
    return b -> b;
  }
}
