package io.github.grpcaio.core.client;

import static io.github.grpcaio.core.client.TestService.DESERIALIZER;
import static io.github.grpcaio.core.client.TestService.SERIALIZER;

import io.github.grpcaio.CallOptions;
import io.github.grpcaio.Channel;
import io.github.grpcaio.StreamStreamCall;
import io.github.grpcaio.StreamUnaryCall;
import io.github.grpcaio.UnaryStreamCall;
import io.github.grpcaio.UnaryUnaryCall;

/** The four kinds of RPC, each able to make a call of {@link TestService} with one request. */
enum RpcKind {
  UNARY_UNARY("UnaryUnary", false, false),
  UNARY_STREAM("UnaryStream", false, true),
  STREAM_UNARY("StreamUnary", true, false),
  STREAM_STREAM("StreamStream", true, true);

  private final String methodName;
  private final boolean streamingRequest;
  private final boolean streamingResponse;

  RpcKind(String methodName, boolean streamingRequest, boolean streamingResponse) {
    this.methodName = methodName;
    this.streamingRequest = streamingRequest;
    this.streamingResponse = streamingResponse;
  }

  String methodName() {
    return methodName;
  }

  /** The full method name at which {@link TestService} serves this kind. */
  String method() {
    return "/" + TestService.NAME + "/" + methodName;
  }

  boolean streamingRequest() {
    return streamingRequest;
  }

  boolean streamingResponse() {
    return streamingResponse;
  }

  /** Calls {@link #method()} with default options. */
  TestCall call(Channel channel, String request) {
    return call(channel, request, CallOptions.DEFAULT);
  }

  /**
   * Calls {@link #method()} with one request: a request stream gets it written, then half-closed.
   * A response stream is consumed at once by a {@link TestSubscriber} with unbounded demand.
   */
  TestCall call(Channel channel, String request, CallOptions options) {
    return switch (this) {
      case UNARY_UNARY -> {
        UnaryUnaryCall<String> call =
            channel.unaryUnary(method(), SERIALIZER, DESERIALIZER).call(request, options);
        yield TestCall.unaryResponse(this, call, call.response());
      }
      case UNARY_STREAM -> {
        UnaryStreamCall<String> call =
            channel.unaryStream(method(), SERIALIZER, DESERIALIZER).call(request, options);
        yield TestCall.streamingResponse(this, call, call);
      }
      case STREAM_UNARY -> {
        StreamUnaryCall<String, String> call =
            channel.streamUnary(method(), SERIALIZER, DESERIALIZER).call(options);
        call.write(request);
        call.doneWriting();
        yield TestCall.unaryResponse(this, call, call.response());
      }
      case STREAM_STREAM -> {
        StreamStreamCall<String, String> call =
            channel.streamStream(method(), SERIALIZER, DESERIALIZER).call(options);
        call.write(request);
        call.doneWriting();
        yield TestCall.streamingResponse(this, call, call);
      }
    };
  }
}
