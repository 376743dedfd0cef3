package io.github.grpcaio;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Intercepts StreamStream calls on the client, as Python's {@code
 * grpc.aio.StreamStreamClientInterceptor}.
 *
 * <p>The interceptor receives a continuation that starts the call (through the rest of the chain)
 * and returns it; it may change the details first, call the continuation more than once (a retry)
 * or not at all, and completes its stage with the call the caller will see. While the stage is
 * pending, the caller's call is not done, and cancelling it cancels the chain.
 */
public interface StreamStreamClientInterceptor extends ClientInterceptor {

  /**
   * Intercepts one call.
   *
   * @param continuation starts the call with the given details
   * @param details the call's method, timeout, metadata, credentials, wait-for-ready, compression
   * @param requests the request publisher, or null when the caller writes with {@code write()}: the
   *     writes then go to the call this stage completes with, so a call the interceptor waits on
   *     before returning it (a retry) never gets them and never ends; retry only calls made with a
   *     publisher
   * @param <Req> the request type
   * @param <Resp> the response type
   * @return a stage completing with the call to hand to the caller
   */
  <Req, Resp> CompletionStage<StreamStreamCall<Req, Resp>> interceptStreamStream(
      Continuation<Req, Resp> continuation,
      ClientCallDetails details,
      Flow.Publisher<Req> requests);

  /**
   * The rest of the interceptor chain.
   *
   * @param <Req> the request type
   * @param <Resp> the response type
   */
  @FunctionalInterface
  interface Continuation<Req, Resp> {
    /**
     * Starts the call through the rest of the chain.
     *
     * @param details the details to call with
     * @param requests the request publisher, or null when the caller writes with {@code write()}
     * @return a stage completing with the started call
     */
    CompletionStage<StreamStreamCall<Req, Resp>> invoke(
        ClientCallDetails details, Flow.Publisher<Req> requests);
  }
}
