package io.github.grpcaio.core.internal.client;

import io.grpc.MethodDescriptor.MethodType;

/**
 * The four kinds of RPC a client makes, named as Python's multi-callables: whether the requests and
 * the responses are a single message or a stream. Derived from the method's grpc-java type.
 */
enum CallKind {
  UNARY_UNARY(false, false),
  UNARY_STREAM(false, true),
  STREAM_UNARY(true, false),
  STREAM_STREAM(true, true);

  private final boolean streamingRequest;
  private final boolean streamingResponse;

  CallKind(boolean streamingRequest, boolean streamingResponse) {
    this.streamingRequest = streamingRequest;
    this.streamingResponse = streamingResponse;
  }

  /**
   * The kind of a method type.
   *
   * @throws IllegalArgumentException for {@link MethodType#UNKNOWN}
   */
  static CallKind of(MethodType type) {
    return switch (type) {
      case UNARY -> UNARY_UNARY;
      case SERVER_STREAMING -> UNARY_STREAM;
      case CLIENT_STREAMING -> STREAM_UNARY;
      case BIDI_STREAMING -> STREAM_STREAM;
      case UNKNOWN -> throw new IllegalArgumentException("Unknown method type");
    };
  }

  /** Whether the requests are a stream (else one message given to {@code call()}). */
  boolean streamingRequest() {
    return streamingRequest;
  }

  /** Whether the responses are a stream (else one response future). */
  boolean streamingResponse() {
    return streamingResponse;
  }
}
