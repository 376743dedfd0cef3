package io.github.grpcaio;

import java.util.concurrent.CompletionStage;

/**
 * Intercepts UnaryStream calls on the client, as Python's {@code
 * grpc.aio.UnaryStreamClientInterceptor}.
 *
 * <p>The interceptor receives a continuation that starts the call (through the rest of the chain)
 * and returns it; it may change the details first, call the continuation more than once (a retry)
 * or not at all, and completes its stage with the call the caller will see. While the stage is
 * pending, the caller's call is not done, and cancelling it cancels the chain.
 */
public interface UnaryStreamClientInterceptor extends ClientInterceptor {

  /**
   * Intercepts one call.
   *
   * @param continuation starts the call with the given details
   * @param details the call's method, timeout, metadata, credentials, wait-for-ready, compression
   * @param <Req> the request type
   * @param <Resp> the response type
   * @return a stage completing with the call to hand to the caller
   */
  <Req, Resp> CompletionStage<UnaryStreamCall<Resp>> interceptUnaryStream(
      Continuation<Req, Resp> continuation, ClientCallDetails details, Req request);

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
     * @return a stage completing with the started call
     */
    CompletionStage<UnaryStreamCall<Resp>> invoke(ClientCallDetails details, Req request);
  }
}
