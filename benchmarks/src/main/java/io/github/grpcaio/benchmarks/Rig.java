package io.github.grpcaio.benchmarks;

import com.google.protobuf.ByteString;
import io.github.grpcaio.benchmarks.proto.Payload;
import io.github.grpcaio.benchmarks.proto.StreamRequest;
import java.util.concurrent.CompletableFuture;

/**
 * A started {@code BenchService} server and a channel to it, on one transport, driven through one
 * API (aio or raw grpc-java). Every method starts one RPC and may be called from any thread; the
 * returned futures complete on the API's callback executor (never a transport thread).
 */
public interface Rig extends AutoCloseable {

  /**
   * Calls {@code Unary}; the server answers with the request.
   *
   * @param request the payload
   * @return the response
   */
  CompletableFuture<Payload> unary(Payload request);

  /**
   * Calls {@code ServerStream} and reads every response, requesting without limit.
   *
   * @param request how many payloads of which size
   * @return the number of payloads received, once the RPC ended with {@code OK}
   */
  CompletableFuture<Long> serverStream(StreamRequest request);

  /**
   * Calls {@code ClientStream}, sending {@code message} {@code count} times while the transport is
   * ready.
   *
   * @param message the payload to send
   * @param count how many times
   * @return the number of payloads the server counted
   */
  CompletableFuture<Long> clientStream(Payload message, long count);

  /**
   * Calls {@code Bidi}, sending {@code message} {@code count} times while the transport is ready,
   * and reads the echoes.
   *
   * @param message the payload to send
   * @param count how many times
   * @return the number of echoes received, once the RPC ended with {@code OK}
   */
  CompletableFuture<Long> bidi(Payload message, long count);

  /**
   * How many tasks the rig's callback executor has run so far, client and server together: each is
   * a thread hop.
   *
   * @return the count
   */
  long hops();

  /** Closes the channel and stops the server, waiting for both; shuts down owned executors. */
  @Override
  void close();

  /**
   * Returns a payload whose body is {@code size} bytes.
   *
   * @param size the body's size in bytes
   * @return the payload
   */
  static Payload payload(int size) {
    byte[] body = new byte[size];
    for (int i = 0; i < size; i++) {
      body[i] = (byte) i;
    }
    return Payload.newBuilder().setBody(ByteString.copyFrom(body)).build();
  }
}
