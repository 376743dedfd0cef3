package io.github.grpcaio;

/**
 * Makes calls of one method with one request and a stream of responses, as Python's {@code
 * grpc.aio.UnaryStreamMultiCallable} (returned by {@code channel.unary_stream}). Thread-safe;
 * create it once and reuse it.
 *
 * @param <Req> the request type
 * @param <Resp> the response type
 */
public interface UnaryStreamMultiCallable<Req, Resp> {

  /**
   * Starts a call with default options.
   *
   * @param request the request message
   * @return the call, already started
   * @throws UsageError if the channel is closed ("Channel is closed.")
   * @throws NullPointerException if {@code request} is null
   */
  default UnaryStreamCall<Resp> call(Req request) {
    return call(request, CallOptions.DEFAULT);
  }

  /**
   * Starts a call. The request is serialized on the calling thread; a serializer failure ends the
   * call with {@code INTERNAL} rather than throwing.
   *
   * @param request the request message
   * @param options timeout, metadata, credentials, wait-for-ready and compression
   * @return the call, already started
   * @throws UsageError if the channel is closed, or call credentials are given on an insecure
   *     channel
   * @throws NullPointerException if an argument is null
   */
  UnaryStreamCall<Resp> call(Req request, CallOptions options);

  /**
   * Returns the full method name this multi-callable calls.
   *
   * @return for example {@code "/helloworld.Greeter/SayHello"}
   */
  String method();
}
