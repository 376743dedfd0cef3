package io.github.grpcaio;

import io.grpc.MethodDescriptor;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * A virtual connection to a server, as Python's {@code grpc.aio.Channel}. Create one with {@code
 * GrpcAio.insecureChannel(target)} (or an in-process channel), share it, and close it when done:
 *
 * <pre>{@code
 * try (Channel channel = GrpcAio.insecureChannel("localhost:50051")) {
 *   UnaryUnaryMultiCallable<HelloRequest, HelloReply> sayHello =
 *       channel.unaryUnary(GreeterGrpc.getSayHelloMethod());
 *   HelloReply reply = sayHello.call(request).response().join();
 * }
 * }</pre>
 *
 * <p>Thread-safe. A channel connects lazily (it starts {@link ChannelConnectivity#IDLE}) and
 * reconnects by itself.
 */
public interface Channel extends AutoCloseable {

  /**
   * Returns a multi-callable for a UnaryUnary method with custom (de)serializers, as {@code
   * channel.unary_unary(method, request_serializer, response_deserializer)}.
   *
   * @param method the full method name, {@code "/package.Service/Method"} (the leading slash is
   *     optional)
   * @param requestSerializer turns requests into bytes
   * @param responseDeserializer turns bytes into responses
   * @param <Req> the request type
   * @param <Resp> the response type
   * @return a reusable multi-callable
   * @throws IllegalArgumentException if {@code method} is not of the form {@code Service/Method}
   * @throws NullPointerException if an argument is null
   */
  <Req, Resp> UnaryUnaryMultiCallable<Req, Resp> unaryUnary(
      String method, Serializer<Req> requestSerializer, Deserializer<Resp> responseDeserializer);

  /**
   * Returns a multi-callable for a UnaryUnary method whose messages are raw bytes, as {@code
   * channel.unary_unary(method)} with no (de)serializers.
   *
   * @param method the full method name
   * @return a reusable multi-callable
   * @throws IllegalArgumentException if {@code method} is malformed
   */
  default UnaryUnaryMultiCallable<byte[], byte[]> unaryUnary(String method) {
    return unaryUnary(method, Serializer.bytes(), Deserializer.bytes());
  }

  /**
   * Returns a multi-callable for a grpc-java method descriptor (the fast path generated stubs use).
   *
   * @param method the descriptor; its type must be {@code UNARY} or {@code UNKNOWN}
   * @param <Req> the request type
   * @param <Resp> the response type
   * @return a reusable multi-callable
   * @throws IllegalArgumentException if the descriptor is of another kind
   */
  <Req, Resp> UnaryUnaryMultiCallable<Req, Resp> unaryUnary(MethodDescriptor<Req, Resp> method);

  /**
   * Returns a multi-callable for a UnaryStream method with custom (de)serializers, as {@code
   * channel.unary_stream(method, request_serializer, response_deserializer)}.
   *
   * @param method the full method name, {@code "/package.Service/Method"} (the leading slash is
   *     optional)
   * @param requestSerializer turns requests into bytes
   * @param responseDeserializer turns bytes into responses
   * @param <Req> the request type
   * @param <Resp> the response type
   * @return a reusable multi-callable
   * @throws IllegalArgumentException if {@code method} is not of the form {@code Service/Method}
   * @throws NullPointerException if an argument is null
   */
  <Req, Resp> UnaryStreamMultiCallable<Req, Resp> unaryStream(
      String method, Serializer<Req> requestSerializer, Deserializer<Resp> responseDeserializer);

  /**
   * Returns a multi-callable for a UnaryStream method whose messages are raw bytes, as {@code
   * channel.unary_stream(method)} with no (de)serializers.
   *
   * @param method the full method name
   * @return a reusable multi-callable
   * @throws IllegalArgumentException if {@code method} is malformed
   */
  default UnaryStreamMultiCallable<byte[], byte[]> unaryStream(String method) {
    return unaryStream(method, Serializer.bytes(), Deserializer.bytes());
  }

  /**
   * Returns a multi-callable for a grpc-java method descriptor (the fast path generated stubs use).
   *
   * @param method the descriptor; its type must be {@code SERVER_STREAMING} or {@code UNKNOWN}
   * @param <Req> the request type
   * @param <Resp> the response type
   * @return a reusable multi-callable
   * @throws IllegalArgumentException if the descriptor is of another kind
   */
  <Req, Resp> UnaryStreamMultiCallable<Req, Resp> unaryStream(MethodDescriptor<Req, Resp> method);

  /**
   * Returns a multi-callable for a StreamUnary method with custom (de)serializers, as {@code
   * channel.stream_unary(method, request_serializer, response_deserializer)}.
   *
   * @param method the full method name, {@code "/package.Service/Method"} (the leading slash is
   *     optional)
   * @param requestSerializer turns requests into bytes
   * @param responseDeserializer turns bytes into responses
   * @param <Req> the request type
   * @param <Resp> the response type
   * @return a reusable multi-callable
   * @throws IllegalArgumentException if {@code method} is not of the form {@code Service/Method}
   * @throws NullPointerException if an argument is null
   */
  <Req, Resp> StreamUnaryMultiCallable<Req, Resp> streamUnary(
      String method, Serializer<Req> requestSerializer, Deserializer<Resp> responseDeserializer);

  /**
   * Returns a multi-callable for a StreamUnary method whose messages are raw bytes, as {@code
   * channel.stream_unary(method)} with no (de)serializers.
   *
   * @param method the full method name
   * @return a reusable multi-callable
   * @throws IllegalArgumentException if {@code method} is malformed
   */
  default StreamUnaryMultiCallable<byte[], byte[]> streamUnary(String method) {
    return streamUnary(method, Serializer.bytes(), Deserializer.bytes());
  }

  /**
   * Returns a multi-callable for a grpc-java method descriptor (the fast path generated stubs use).
   *
   * @param method the descriptor; its type must be {@code CLIENT_STREAMING} or {@code UNKNOWN}
   * @param <Req> the request type
   * @param <Resp> the response type
   * @return a reusable multi-callable
   * @throws IllegalArgumentException if the descriptor is of another kind
   */
  <Req, Resp> StreamUnaryMultiCallable<Req, Resp> streamUnary(MethodDescriptor<Req, Resp> method);

  /**
   * Returns a multi-callable for a StreamStream method with custom (de)serializers, as {@code
   * channel.stream_stream(method, request_serializer, response_deserializer)}.
   *
   * @param method the full method name, {@code "/package.Service/Method"} (the leading slash is
   *     optional)
   * @param requestSerializer turns requests into bytes
   * @param responseDeserializer turns bytes into responses
   * @param <Req> the request type
   * @param <Resp> the response type
   * @return a reusable multi-callable
   * @throws IllegalArgumentException if {@code method} is not of the form {@code Service/Method}
   * @throws NullPointerException if an argument is null
   */
  <Req, Resp> StreamStreamMultiCallable<Req, Resp> streamStream(
      String method, Serializer<Req> requestSerializer, Deserializer<Resp> responseDeserializer);

  /**
   * Returns a multi-callable for a StreamStream method whose messages are raw bytes, as {@code
   * channel.stream_stream(method)} with no (de)serializers.
   *
   * @param method the full method name
   * @return a reusable multi-callable
   * @throws IllegalArgumentException if {@code method} is malformed
   */
  default StreamStreamMultiCallable<byte[], byte[]> streamStream(String method) {
    return streamStream(method, Serializer.bytes(), Deserializer.bytes());
  }

  /**
   * Returns a multi-callable for a grpc-java method descriptor (the fast path generated stubs use).
   *
   * @param method the descriptor; its type must be {@code BIDI_STREAMING} or {@code UNKNOWN}
   * @param <Req> the request type
   * @param <Resp> the response type
   * @return a reusable multi-callable
   * @throws IllegalArgumentException if the descriptor is of another kind
   */
  <Req, Resp> StreamStreamMultiCallable<Req, Resp> streamStream(MethodDescriptor<Req, Resp> method);

  /**
   * Returns the connectivity state, as {@code channel.get_state(try_to_connect)}.
   *
   * @param tryToConnect whether an idle channel should start connecting
   */
  ChannelConnectivity getState(boolean tryToConnect);

  /**
   * Waits until the state differs from {@code lastObservedState}, as {@code wait_for_state_change}.
   * It has no timeout of its own; bound it with {@link CompletableFuture#orTimeout}.
   *
   * @param lastObservedState the state last seen
   * @return a future completing, on the channel's executor, with the new state (at once if it
   *     already differs)
   */
  CompletableFuture<ChannelConnectivity> waitForStateChange(ChannelConnectivity lastObservedState);

  /**
   * Connects if needed and waits until the channel is {@link ChannelConnectivity#READY}, as {@code
   * channel_ready()}. It has no timeout of its own.
   *
   * @return a future completing when ready, or exceptionally with {@link UsageError} if the channel
   *     is closed meanwhile
   */
  CompletableFuture<Void> channelReady();

  /**
   * Closes the channel, as {@code await channel.close(grace)}. New calls fail at once with {@link
   * UsageError}; active calls may finish within {@code grace}, then are cancelled (a local cancel:
   * {@code CANCELLED}, {@link java.util.concurrent.CancellationException}). Idempotent: later calls
   * return the same future. Being shared, it cannot be completed or cancelled by a caller: {@code
   * cancel} returns false and changes nothing, {@code complete}, {@code completeExceptionally},
   * {@code completeAsync} and {@code obtrude*} throw {@link UsageError}, and {@code orTimeout} and
   * {@code completeOnTimeout} return a new future with the timeout.
   *
   * @param grace how long active calls may go on; null or zero cancels them now
   * @return a future completing, on the channel's executor, when every call has ended (its response
   *     future, response stream and done callbacks included) and the transport is closed
   * @throws IllegalArgumentException if {@code grace} is negative
   */
  CompletableFuture<Void> closeAsync(Duration grace);

  /**
   * Closes the channel now, cancelling active calls, and waits until it is closed ({@code async
   * with} exit in Python). Called from user code that runs for one of this channel's own calls (a
   * done callback, a dependent of its response future, a subscriber of its responses), it does not
   * wait for that call, whose end can only be reported once this returns; it waits for the others.
   * Joining {@link #closeAsync}'s future there instead would wait for that call: up to the bound
   * after which the transport is closed anyway, a few seconds.
   */
  @Override
  void close();
}
