package io.github.grpcaio;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * A call with streams both ways, as Python's {@code grpc.aio.StreamStreamCall}: the request side of
 * {@link StreamUnaryCall} and the response side of {@link UnaryStreamCall}. The two directions are
 * independent; the server may answer before the client finishes writing. As for {@link
 * UnaryStreamCall}, the final status is known once every response before it has been consumed.
 *
 * @param <Req> the request type
 * @param <Resp> the response type
 */
public interface StreamStreamCall<Req, Resp> extends Call, Flow.Publisher<Resp> {

  /**
   * Reads the next response. See {@link UnaryStreamCall#read()}: a read given up on takes no
   * message; the next read gets it.
   *
   * @return a future completing with the next response, or an empty {@code Optional} at the end
   * @throws UsageError if the responses are consumed by a subscriber
   */
  CompletableFuture<Optional<Resp>> read();

  /**
   * Sends one request. See {@link StreamUnaryCall#write(Object)}.
   *
   * @param request the message
   * @return a future completing when the transport accepted the message
   * @throws UsageError if the call was made with a request publisher, or after {@link
   *     #doneWriting()}
   */
  CompletableFuture<Void> write(Req request);

  /**
   * Half-closes the request stream. See {@link StreamUnaryCall#doneWriting()}.
   *
   * @return a future completing when the half-close was handed to the transport
   * @throws UsageError if the call was made with a request publisher
   */
  CompletableFuture<Void> doneWriting();
}
