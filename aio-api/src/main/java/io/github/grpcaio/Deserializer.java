package io.github.grpcaio;

/**
 * Turns bytes into a message, as the {@code request_deserializer} / {@code response_deserializer}
 * functions of Python's API.
 *
 * <p>An exception thrown here ends the RPC with {@link StatusCode#INTERNAL} ("Failed to deserialize
 * ..."), on the client and on the server; it is never swallowed.
 *
 * @param <T> the message type
 */
@FunctionalInterface
public interface Deserializer<T> {

  /**
   * Deserializes one message.
   *
   * @param bytes the message's bytes
   * @return the message; must not be null
   * @throws Exception if the bytes are not a valid message
   */
  T deserialize(byte[] bytes) throws Exception;

  /**
   * The identity deserializer, for RPCs whose messages are raw bytes (Python's {@code None}
   * deserializer).
   *
   * @return a deserializer returning its input
   */
  static Deserializer<byte[]> bytes() {
    return b -> b;
  }
}
