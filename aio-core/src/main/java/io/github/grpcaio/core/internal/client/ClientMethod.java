package io.github.grpcaio.core.internal.client;

import io.github.grpcaio.CallOptions;
import io.github.grpcaio.core.internal.MessageCodec;
import io.grpc.MethodDescriptor;
import io.grpc.MethodDescriptor.MethodType;
import java.io.InputStream;
import java.util.Objects;
import java.util.concurrent.Flow;

/**
 * One method as a channel calls it: the grpc-java descriptor with pass-through marshallers (the
 * engine encodes and decodes itself, see {@link MessageCodec}) and the codecs of both directions.
 * Immutable; shared by every call of a multi-callable.
 *
 * @param <Req> the request type
 * @param <Resp> the response type
 */
final class ClientMethod<Req, Resp> {

  /**
   * Makes the engine of one call: a call class's constructor.
   *
   * @param <Req> the request type
   * @param <Resp> the response type
   * @param <C> the call class
   */
  @FunctionalInterface
  interface Engine<Req, Resp, C extends ClientRpc<Req, Resp>> {
    C create(ClientMethod<Req, Resp> method, PreparedCall prepared, RequestSource source);
  }

  final AioChannel channel;
  final MethodDescriptor<InputStream, InputStream> descriptor;
  final MessageCodec<Req> requestCodec;
  final MessageCodec<Resp> responseCodec;

  private ClientMethod(
      AioChannel channel,
      MethodDescriptor<InputStream, InputStream> descriptor,
      MethodDescriptor.Marshaller<Req> requestMarshaller,
      MethodDescriptor.Marshaller<Resp> responseMarshaller) {
    this.channel = channel;
    this.descriptor = descriptor;
    this.requestCodec =
        new MessageCodec<>(requestMarshaller, "request", channel.maxSendMessageLength(), -1);
    this.responseCodec =
        new MessageCodec<>(responseMarshaller, "response", -1, channel.maxReceiveMessageLength());
  }

  private ClientMethod(
      AioChannel channel,
      MethodDescriptor<InputStream, InputStream> descriptor,
      MessageCodec<Req> requestCodec,
      MessageCodec<Resp> responseCodec) {
    this.channel = channel;
    this.descriptor = descriptor;
    this.requestCodec = requestCodec;
    this.responseCodec = responseCodec;
  }

  /**
   * This method under another name, with the same codecs: a client interceptor changed the name.
   *
   * @throws IllegalArgumentException if the name is not {@code "/package.Service/Method"}
   */
  ClientMethod<Req, Resp> renamed(String method) {
    String name = fullMethodName(method);
    if (name.equals(descriptor.getFullMethodName())) {
      return this;
    }
    return new ClientMethod<>(
        channel,
        descriptor.toBuilder().setFullMethodName(name).build(),
        requestCodec,
        responseCodec);
  }

  /** A method named by the user, with marshallers made from (de)serializers. */
  static <Req, Resp> ClientMethod<Req, Resp> of(
      AioChannel channel,
      MethodType type,
      String method,
      MethodDescriptor.Marshaller<Req> requestMarshaller,
      MethodDescriptor.Marshaller<Resp> responseMarshaller) {
    MethodDescriptor<InputStream, InputStream> descriptor =
        MethodDescriptor.<InputStream, InputStream>newBuilder()
            .setType(type)
            .setFullMethodName(fullMethodName(method))
            .setRequestMarshaller(MessageCodec.PASSTHROUGH)
            .setResponseMarshaller(MessageCodec.PASSTHROUGH)
            .build();
    return new ClientMethod<>(channel, descriptor, requestMarshaller, responseMarshaller);
  }

  /** A method from a grpc-java descriptor, whose kind must match. */
  static <Req, Resp> ClientMethod<Req, Resp> of(
      AioChannel channel, MethodType type, MethodDescriptor<Req, Resp> method) {
    Objects.requireNonNull(method, "method");
    if (method.getType() != type && method.getType() != MethodType.UNKNOWN) {
      throw new IllegalArgumentException(
          "Method " + method.getFullMethodName() + " is " + method.getType() + ", not " + type);
    }
    MethodDescriptor<InputStream, InputStream> descriptor =
        method.toBuilder(MessageCodec.PASSTHROUGH, MessageCodec.PASSTHROUGH).setType(type).build();
    return new ClientMethod<>(
        channel, descriptor, method.getRequestMarshaller(), method.getResponseMarshaller());
  }

  /**
   * Starts a call with one request: makes the grpc-java call, the engine ({@code factory}),
   * registers it with the channel and starts it.
   *
   * @throws io.github.grpcaio.UsageError if the channel is closed
   */
  <C extends ClientRpc<Req, Resp>> C startUnary(
      Req request, CallOptions options, Engine<Req, Resp, C> factory) {
    Objects.requireNonNull(request, "request");
    PreparedCall prepared = channel.prepare(descriptor, options);
    C rpc = factory.create(this, prepared, RequestSource.MESSAGE);
    channel.track(rpc);
    rpc.startUnary(request, prepared.headers());
    return rpc;
  }

  /**
   * Starts a call with a request stream, from {@code requests} or, when null, from writes.
   *
   * @throws io.github.grpcaio.UsageError if the channel is closed
   */
  <C extends ClientRpc<Req, Resp>> C startStreaming(
      Flow.Publisher<? extends Req> requests, CallOptions options, Engine<Req, Resp, C> factory) {
    PreparedCall prepared = channel.prepare(descriptor, options);
    C rpc = factory.create(this, prepared, RequestSource.ofStream(requests));
    channel.track(rpc);
    rpc.startStreaming(requests, prepared.headers());
    return rpc;
  }

  /** The name as Python shows it, with a leading slash. */
  String displayName() {
    return "/" + descriptor.getFullMethodName();
  }

  /**
   * Turns {@code "/package.Service/Method"} (or the form without the leading slash) into
   * grpc-java's full method name.
   */
  static String fullMethodName(String method) {
    Objects.requireNonNull(method, "method");
    String name = method.startsWith("/") ? method.substring(1) : method;
    int slash = name.indexOf('/');
    if (slash <= 0 || slash == name.length() - 1 || name.indexOf('/', slash + 1) >= 0) {
      throw new IllegalArgumentException(
          "Method name must look like \"/package.Service/Method\", got \"" + method + "\"");
    }
    return name;
  }
}
