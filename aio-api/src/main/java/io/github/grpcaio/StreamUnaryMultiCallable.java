package io.github.grpcaio;

import java.util.concurrent.Flow;

/**
 * Makes calls of one method with a stream of requests and one response, as Python's {@code
 * grpc.aio.StreamUnaryMultiCallable} (returned by {@code channel.stream_unary}). Thread-safe;
 * create it once and reuse it.
 *
 * @param <Req> the request type
 * @param <Resp> the response type
 */
public interface StreamUnaryMultiCallable<Req, Resp> {

  /**
   * Starts a call whose requests are written with {@code write()} and {@code doneWriting()}.
   *
   * @return the call, already started
   * @throws UsageError if the channel is closed ("Channel is closed.")
   */
  default StreamUnaryCall<Req, Resp> call() {
    return call(CallOptions.DEFAULT);
  }

  /**
   * Starts a call whose requests are written with {@code write()} and {@code doneWriting()}.
   *
   * @param options timeout, metadata, credentials, wait-for-ready and compression
   * @return the call, already started
   * @throws UsageError if the channel is closed, or call credentials are given on an insecure
   *     channel
   */
  StreamUnaryCall<Req, Resp> call(CallOptions options);

  /**
   * Starts a call whose requests come from {@code requests}, as Python's {@code request_iterator}.
   *
   * @param requests the request stream
   * @return the call, already started
   * @throws UsageError if the channel is closed
   */
  default StreamUnaryCall<Req, Resp> call(Flow.Publisher<? extends Req> requests) {
    return call(requests, CallOptions.DEFAULT);
  }

  /**
   * Starts a call whose requests come from {@code requests}. The publisher is subscribed to once
   * the call has started and is asked for one message at a time, only while the transport is ready
   * to send. When it completes, the request stream is half-closed. If it fails, the RPC is
   * cancelled locally: the code becomes {@code CANCELLED} and the response fails with a {@link
   * java.util.concurrent.CancellationException} whose cause is the publisher's error. When the RPC
   * ends first, its subscription is cancelled.
   *
   * @param requests the request stream
   * @param options timeout, metadata, credentials, wait-for-ready and compression
   * @return the call, already started
   * @throws UsageError if the channel is closed, or call credentials are given on an insecure
   *     channel
   */
  StreamUnaryCall<Req, Resp> call(Flow.Publisher<? extends Req> requests, CallOptions options);

  /**
   * Returns the full method name this multi-callable calls.
   *
   * @return for example {@code "/helloworld.Greeter/SayHelloStream"}
   */
  String method();
}
