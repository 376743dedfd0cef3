package io.github.grpcaio;

import static java.util.Objects.requireNonNull;

import io.grpc.MethodDescriptor;
import io.grpc.MethodDescriptor.MethodType;
import java.util.Iterator;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.function.Consumer;

/**
 * How the server handles one method: its kind, how its messages are (de)serialized, and the code
 * that runs, as Python's {@code grpc.RpcMethodHandler}. Create one with the static factories, one
 * per shape of handler (Python's {@code grpc.*_rpc_method_handler} functions).
 *
 * <p>Two styles: the asynchronous behaviors return a {@link CompletionStage} or a {@link
 * Flow.Publisher}; the blocking ones ({@code *Blocking}: {@link UnaryUnaryBlocking}, {@link
 * UnaryStreamBlocking}, {@link StreamUnaryBlocking}, {@link StreamStreamBlocking}) are plain
 * blocking code that returns the response, reads requests from an iterator and writes with {@link
 * ServicerContext#blockingWrite}, and run on the server's {@linkplain
 * ServerOptions#blockingExecutor() blocking executor} (a virtual thread per RPC with {@link
 * ServerOptions.Builder#virtualThreads()}).
 *
 * <p>Every asynchronous behavior runs on the server's executor, may throw any exception (which ends
 * the RPC with {@code UNKNOWN}), and must not return null (which ends it with {@code UNKNOWN
 * "Unexpected java.lang.NullPointerException: Handler returned null"}). A stage or publisher it
 * returns may complete on any thread.
 *
 * <p>A behavior may block, also on its own RPC: waiting for {@link ServicerContext#read()} or
 * {@link ServicerContext#write} works, as in a synchronous Python handler. The request publisher,
 * though, signals a subscriber only once the behavior has returned (so that a subscriber feeding
 * the returned response publisher cannot emit before the server subscribed to it), so a behavior
 * must not wait for its own request subscriber.
 *
 * <p>When the RPC is cancelled (client cancel, deadline, server stop), a {@link
 * java.util.concurrent.CompletableFuture} returned by a behavior is cancelled, a returned
 * publisher's subscription is cancelled, and the request publisher signals {@link
 * java.util.concurrent.CancellationException}.
 *
 * @param <Req> the request type
 * @param <Resp> the response type
 */
public final class RpcMethodHandler<Req, Resp> {

  private final MethodType type;
  private final MethodDescriptor.Marshaller<Req> requestMarshaller;
  private final MethodDescriptor.Marshaller<Resp> responseMarshaller;
  private final Object behavior;
  // Which behavior interface the factory was given: an object may implement several.
  private final Class<?> shape;

  private RpcMethodHandler(
      MethodType type,
      MethodDescriptor.Marshaller<Req> requestMarshaller,
      MethodDescriptor.Marshaller<Resp> responseMarshaller,
      Class<?> shape,
      Object behavior) {
    this.type = type;
    this.shape = shape;
    this.requestMarshaller = requestMarshaller;
    this.responseMarshaller = responseMarshaller;
    this.behavior = behavior;
  }

  /**
   * Creates a handler for a method with one request and one response, with custom (de)serializers,
   * as {@code grpc.unary_unary_rpc_method_handler}.
   *
   * @param behavior the handler code
   * @param requestDeserializer turns bytes into requests
   * @param responseSerializer turns responses into bytes
   * @param <Req> the request type
   * @param <Resp> the response type
   */
  public static <Req, Resp> RpcMethodHandler<Req, Resp> unaryUnary(
      UnaryUnaryBehavior<Req, Resp> behavior,
      Deserializer<Req> requestDeserializer,
      Serializer<Resp> responseSerializer) {
    return new RpcMethodHandler<>(
        MethodType.UNARY,
        ByteArrayMarshaller.of(null, requireNonNull(requestDeserializer, "requestDeserializer")),
        ByteArrayMarshaller.of(requireNonNull(responseSerializer, "responseSerializer"), null),
        UnaryUnaryBehavior.class,
        requireNonNull(behavior, "behavior"));
  }

  /**
   * Creates a handler for a method with one request and one response, marshalled as a grpc-java
   * method descriptor says.
   *
   * @param method the descriptor; its marshallers are used
   * @param behavior the handler code
   * @param <Req> the request type
   * @param <Resp> the response type
   * @throws IllegalArgumentException if the descriptor's type is neither {@code UNARY} nor {@code
   *     UNKNOWN}
   */
  public static <Req, Resp> RpcMethodHandler<Req, Resp> unaryUnary(
      MethodDescriptor<Req, Resp> method, UnaryUnaryBehavior<Req, Resp> behavior) {
    checkType(method, MethodType.UNARY);
    return new RpcMethodHandler<>(
        MethodType.UNARY,
        method.getRequestMarshaller(),
        method.getResponseMarshaller(),
        UnaryUnaryBehavior.class,
        requireNonNull(behavior, "behavior"));
  }

  /**
   * Creates a handler for a method with one request and a stream of responses, produced as a
   * publisher, with custom (de)serializers, as {@code grpc.unary_stream_rpc_method_handler}.
   *
   * @param behavior the handler code
   * @param requestDeserializer turns bytes into requests
   * @param responseSerializer turns responses into bytes
   * @param <Req> the request type
   * @param <Resp> the response type
   */
  public static <Req, Resp> RpcMethodHandler<Req, Resp> unaryStream(
      UnaryStreamBehavior<Req, Resp> behavior,
      Deserializer<Req> requestDeserializer,
      Serializer<Resp> responseSerializer) {
    return new RpcMethodHandler<>(
        MethodType.SERVER_STREAMING,
        ByteArrayMarshaller.of(null, requireNonNull(requestDeserializer, "requestDeserializer")),
        ByteArrayMarshaller.of(requireNonNull(responseSerializer, "responseSerializer"), null),
        UnaryStreamBehavior.class,
        requireNonNull(behavior, "behavior"));
  }

  /**
   * Creates a handler for a method with one request and a stream of responses, produced as a
   * publisher, marshalled as a grpc-java method descriptor says.
   *
   * @param method the descriptor; its marshallers are used
   * @param behavior the handler code
   * @param <Req> the request type
   * @param <Resp> the response type
   * @throws IllegalArgumentException if the descriptor's type is neither {@code SERVER_STREAMING}
   *     nor {@code UNKNOWN}
   */
  public static <Req, Resp> RpcMethodHandler<Req, Resp> unaryStream(
      MethodDescriptor<Req, Resp> method, UnaryStreamBehavior<Req, Resp> behavior) {
    checkType(method, MethodType.SERVER_STREAMING);
    return new RpcMethodHandler<>(
        MethodType.SERVER_STREAMING,
        method.getRequestMarshaller(),
        method.getResponseMarshaller(),
        UnaryStreamBehavior.class,
        requireNonNull(behavior, "behavior"));
  }

  /**
   * Creates a handler for a method with one request and a stream of responses, written with {@link
   * ServicerContext#write}, with custom (de)serializers, as {@code
   * grpc.unary_stream_rpc_method_handler}.
   *
   * @param behavior the handler code
   * @param requestDeserializer turns bytes into requests
   * @param responseSerializer turns responses into bytes
   * @param <Req> the request type
   * @param <Resp> the response type
   */
  public static <Req, Resp> RpcMethodHandler<Req, Resp> unaryStreamWriter(
      UnaryStreamWriter<Req, Resp> behavior,
      Deserializer<Req> requestDeserializer,
      Serializer<Resp> responseSerializer) {
    return new RpcMethodHandler<>(
        MethodType.SERVER_STREAMING,
        ByteArrayMarshaller.of(null, requireNonNull(requestDeserializer, "requestDeserializer")),
        ByteArrayMarshaller.of(requireNonNull(responseSerializer, "responseSerializer"), null),
        UnaryStreamWriter.class,
        requireNonNull(behavior, "behavior"));
  }

  /**
   * Creates a handler for a method with one request and a stream of responses, written with {@link
   * ServicerContext#write}, marshalled as a grpc-java method descriptor says.
   *
   * @param method the descriptor; its marshallers are used
   * @param behavior the handler code
   * @param <Req> the request type
   * @param <Resp> the response type
   * @throws IllegalArgumentException if the descriptor's type is neither {@code SERVER_STREAMING}
   *     nor {@code UNKNOWN}
   */
  public static <Req, Resp> RpcMethodHandler<Req, Resp> unaryStreamWriter(
      MethodDescriptor<Req, Resp> method, UnaryStreamWriter<Req, Resp> behavior) {
    checkType(method, MethodType.SERVER_STREAMING);
    return new RpcMethodHandler<>(
        MethodType.SERVER_STREAMING,
        method.getRequestMarshaller(),
        method.getResponseMarshaller(),
        UnaryStreamWriter.class,
        requireNonNull(behavior, "behavior"));
  }

  /**
   * Creates a handler for a method with a stream of requests and one response, with custom
   * (de)serializers, as {@code grpc.stream_unary_rpc_method_handler}.
   *
   * @param behavior the handler code
   * @param requestDeserializer turns bytes into requests
   * @param responseSerializer turns responses into bytes
   * @param <Req> the request type
   * @param <Resp> the response type
   */
  public static <Req, Resp> RpcMethodHandler<Req, Resp> streamUnary(
      StreamUnaryBehavior<Req, Resp> behavior,
      Deserializer<Req> requestDeserializer,
      Serializer<Resp> responseSerializer) {
    return new RpcMethodHandler<>(
        MethodType.CLIENT_STREAMING,
        ByteArrayMarshaller.of(null, requireNonNull(requestDeserializer, "requestDeserializer")),
        ByteArrayMarshaller.of(requireNonNull(responseSerializer, "responseSerializer"), null),
        StreamUnaryBehavior.class,
        requireNonNull(behavior, "behavior"));
  }

  /**
   * Creates a handler for a method with a stream of requests and one response, marshalled as a
   * grpc-java method descriptor says.
   *
   * @param method the descriptor; its marshallers are used
   * @param behavior the handler code
   * @param <Req> the request type
   * @param <Resp> the response type
   * @throws IllegalArgumentException if the descriptor's type is neither {@code CLIENT_STREAMING}
   *     nor {@code UNKNOWN}
   */
  public static <Req, Resp> RpcMethodHandler<Req, Resp> streamUnary(
      MethodDescriptor<Req, Resp> method, StreamUnaryBehavior<Req, Resp> behavior) {
    checkType(method, MethodType.CLIENT_STREAMING);
    return new RpcMethodHandler<>(
        MethodType.CLIENT_STREAMING,
        method.getRequestMarshaller(),
        method.getResponseMarshaller(),
        StreamUnaryBehavior.class,
        requireNonNull(behavior, "behavior"));
  }

  /**
   * Creates a handler for a method with streams both ways, responses produced as a publisher, with
   * custom (de)serializers, as {@code grpc.stream_stream_rpc_method_handler}.
   *
   * @param behavior the handler code
   * @param requestDeserializer turns bytes into requests
   * @param responseSerializer turns responses into bytes
   * @param <Req> the request type
   * @param <Resp> the response type
   */
  public static <Req, Resp> RpcMethodHandler<Req, Resp> streamStream(
      StreamStreamBehavior<Req, Resp> behavior,
      Deserializer<Req> requestDeserializer,
      Serializer<Resp> responseSerializer) {
    return new RpcMethodHandler<>(
        MethodType.BIDI_STREAMING,
        ByteArrayMarshaller.of(null, requireNonNull(requestDeserializer, "requestDeserializer")),
        ByteArrayMarshaller.of(requireNonNull(responseSerializer, "responseSerializer"), null),
        StreamStreamBehavior.class,
        requireNonNull(behavior, "behavior"));
  }

  /**
   * Creates a handler for a method with streams both ways, responses produced as a publisher,
   * marshalled as a grpc-java method descriptor says.
   *
   * @param method the descriptor; its marshallers are used
   * @param behavior the handler code
   * @param <Req> the request type
   * @param <Resp> the response type
   * @throws IllegalArgumentException if the descriptor's type is neither {@code BIDI_STREAMING} nor
   *     {@code UNKNOWN}
   */
  public static <Req, Resp> RpcMethodHandler<Req, Resp> streamStream(
      MethodDescriptor<Req, Resp> method, StreamStreamBehavior<Req, Resp> behavior) {
    checkType(method, MethodType.BIDI_STREAMING);
    return new RpcMethodHandler<>(
        MethodType.BIDI_STREAMING,
        method.getRequestMarshaller(),
        method.getResponseMarshaller(),
        StreamStreamBehavior.class,
        requireNonNull(behavior, "behavior"));
  }

  /**
   * Creates a handler for a method with streams both ways, responses written with {@link
   * ServicerContext#write}, with custom (de)serializers, as {@code
   * grpc.stream_stream_rpc_method_handler}.
   *
   * @param behavior the handler code
   * @param requestDeserializer turns bytes into requests
   * @param responseSerializer turns responses into bytes
   * @param <Req> the request type
   * @param <Resp> the response type
   */
  public static <Req, Resp> RpcMethodHandler<Req, Resp> streamStreamWriter(
      StreamStreamWriter<Req, Resp> behavior,
      Deserializer<Req> requestDeserializer,
      Serializer<Resp> responseSerializer) {
    return new RpcMethodHandler<>(
        MethodType.BIDI_STREAMING,
        ByteArrayMarshaller.of(null, requireNonNull(requestDeserializer, "requestDeserializer")),
        ByteArrayMarshaller.of(requireNonNull(responseSerializer, "responseSerializer"), null),
        StreamStreamWriter.class,
        requireNonNull(behavior, "behavior"));
  }

  /**
   * Creates a handler for a method with streams both ways, responses written with {@link
   * ServicerContext#write}, marshalled as a grpc-java method descriptor says.
   *
   * @param method the descriptor; its marshallers are used
   * @param behavior the handler code
   * @param <Req> the request type
   * @param <Resp> the response type
   * @throws IllegalArgumentException if the descriptor's type is neither {@code BIDI_STREAMING} nor
   *     {@code UNKNOWN}
   */
  public static <Req, Resp> RpcMethodHandler<Req, Resp> streamStreamWriter(
      MethodDescriptor<Req, Resp> method, StreamStreamWriter<Req, Resp> behavior) {
    checkType(method, MethodType.BIDI_STREAMING);
    return new RpcMethodHandler<>(
        MethodType.BIDI_STREAMING,
        method.getRequestMarshaller(),
        method.getResponseMarshaller(),
        StreamStreamWriter.class,
        requireNonNull(behavior, "behavior"));
  }

  /**
   * Creates a handler for a method with one request and one response, returned by blocking code,
   * with custom (de)serializers. The behavior runs on the server's {@linkplain
   * ServerOptions#blockingExecutor() blocking executor} (a virtual thread per RPC with {@link
   * ServerOptions.Builder#virtualThreads()}), else on the server's executor; see {@link
   * UnaryUnaryBlocking}.
   *
   * @param behavior the handler code
   * @param requestDeserializer turns bytes into requests
   * @param responseSerializer turns responses into bytes
   * @param <Req> the request type
   * @param <Resp> the response type
   */
  public static <Req, Resp> RpcMethodHandler<Req, Resp> unaryUnaryBlocking(
      UnaryUnaryBlocking<Req, Resp> behavior,
      Deserializer<Req> requestDeserializer,
      Serializer<Resp> responseSerializer) {
    return new RpcMethodHandler<>(
        MethodType.UNARY,
        ByteArrayMarshaller.of(null, requireNonNull(requestDeserializer, "requestDeserializer")),
        ByteArrayMarshaller.of(requireNonNull(responseSerializer, "responseSerializer"), null),
        UnaryUnaryBlocking.class,
        requireNonNull(behavior, "behavior"));
  }

  /**
   * Creates a handler for a method with one request and one response, returned by blocking code,
   * marshalled as a grpc-java method descriptor says. Runs where {@link
   * #unaryUnaryBlocking(UnaryUnaryBlocking, Deserializer, Serializer)} says.
   *
   * @param method the descriptor; its marshallers are used
   * @param behavior the handler code
   * @param <Req> the request type
   * @param <Resp> the response type
   * @throws IllegalArgumentException if the descriptor's type is neither {@code UNARY} nor {@code
   *     UNKNOWN}
   */
  public static <Req, Resp> RpcMethodHandler<Req, Resp> unaryUnaryBlocking(
      MethodDescriptor<Req, Resp> method, UnaryUnaryBlocking<Req, Resp> behavior) {
    checkType(method, MethodType.UNARY);
    return new RpcMethodHandler<>(
        MethodType.UNARY,
        method.getRequestMarshaller(),
        method.getResponseMarshaller(),
        UnaryUnaryBlocking.class,
        requireNonNull(behavior, "behavior"));
  }

  /**
   * Creates a handler for a method with one request and a stream of responses, written by blocking
   * code with {@link ServicerContext#blockingWrite}, with custom (de)serializers. The behavior runs
   * on the server's {@linkplain ServerOptions#blockingExecutor() blocking executor} (a virtual
   * thread per RPC with {@link ServerOptions.Builder#virtualThreads()}), else on the server's
   * executor; see {@link UnaryStreamBlocking}.
   *
   * @param behavior the handler code
   * @param requestDeserializer turns bytes into requests
   * @param responseSerializer turns responses into bytes
   * @param <Req> the request type
   * @param <Resp> the response type
   */
  public static <Req, Resp> RpcMethodHandler<Req, Resp> unaryStreamBlocking(
      UnaryStreamBlocking<Req, Resp> behavior,
      Deserializer<Req> requestDeserializer,
      Serializer<Resp> responseSerializer) {
    return new RpcMethodHandler<>(
        MethodType.SERVER_STREAMING,
        ByteArrayMarshaller.of(null, requireNonNull(requestDeserializer, "requestDeserializer")),
        ByteArrayMarshaller.of(requireNonNull(responseSerializer, "responseSerializer"), null),
        UnaryStreamBlocking.class,
        requireNonNull(behavior, "behavior"));
  }

  /**
   * Creates a handler for a method with one request and a stream of responses, written by blocking
   * code with {@link ServicerContext#blockingWrite}, marshalled as a grpc-java method descriptor
   * says. Runs where {@link #unaryStreamBlocking(UnaryStreamBlocking, Deserializer, Serializer)}
   * says.
   *
   * @param method the descriptor; its marshallers are used
   * @param behavior the handler code
   * @param <Req> the request type
   * @param <Resp> the response type
   * @throws IllegalArgumentException if the descriptor's type is neither {@code SERVER_STREAMING}
   *     nor {@code UNKNOWN}
   */
  public static <Req, Resp> RpcMethodHandler<Req, Resp> unaryStreamBlocking(
      MethodDescriptor<Req, Resp> method, UnaryStreamBlocking<Req, Resp> behavior) {
    checkType(method, MethodType.SERVER_STREAMING);
    return new RpcMethodHandler<>(
        MethodType.SERVER_STREAMING,
        method.getRequestMarshaller(),
        method.getResponseMarshaller(),
        UnaryStreamBlocking.class,
        requireNonNull(behavior, "behavior"));
  }

  /**
   * Creates a handler for a method with a stream of requests, read by blocking code from an
   * iterator, and one response it returns, with custom (de)serializers. The behavior runs on the
   * server's {@linkplain ServerOptions#blockingExecutor() blocking executor} (a virtual thread per
   * RPC with {@link ServerOptions.Builder#virtualThreads()}), else on the server's executor; see
   * {@link StreamUnaryBlocking}.
   *
   * @param behavior the handler code
   * @param requestDeserializer turns bytes into requests
   * @param responseSerializer turns responses into bytes
   * @param <Req> the request type
   * @param <Resp> the response type
   */
  public static <Req, Resp> RpcMethodHandler<Req, Resp> streamUnaryBlocking(
      StreamUnaryBlocking<Req, Resp> behavior,
      Deserializer<Req> requestDeserializer,
      Serializer<Resp> responseSerializer) {
    return new RpcMethodHandler<>(
        MethodType.CLIENT_STREAMING,
        ByteArrayMarshaller.of(null, requireNonNull(requestDeserializer, "requestDeserializer")),
        ByteArrayMarshaller.of(requireNonNull(responseSerializer, "responseSerializer"), null),
        StreamUnaryBlocking.class,
        requireNonNull(behavior, "behavior"));
  }

  /**
   * Creates a handler for a method with a stream of requests, read by blocking code from an
   * iterator, and one response it returns, marshalled as a grpc-java method descriptor says. Runs
   * where {@link #streamUnaryBlocking(StreamUnaryBlocking, Deserializer, Serializer)} says.
   *
   * @param method the descriptor; its marshallers are used
   * @param behavior the handler code
   * @param <Req> the request type
   * @param <Resp> the response type
   * @throws IllegalArgumentException if the descriptor's type is neither {@code CLIENT_STREAMING}
   *     nor {@code UNKNOWN}
   */
  public static <Req, Resp> RpcMethodHandler<Req, Resp> streamUnaryBlocking(
      MethodDescriptor<Req, Resp> method, StreamUnaryBlocking<Req, Resp> behavior) {
    checkType(method, MethodType.CLIENT_STREAMING);
    return new RpcMethodHandler<>(
        MethodType.CLIENT_STREAMING,
        method.getRequestMarshaller(),
        method.getResponseMarshaller(),
        StreamUnaryBlocking.class,
        requireNonNull(behavior, "behavior"));
  }

  /**
   * Creates a handler for a method with streams both ways, requests read by blocking code from an
   * iterator and responses written with {@link ServicerContext#blockingWrite}, with custom
   * (de)serializers. The behavior runs on the server's {@linkplain ServerOptions#blockingExecutor()
   * blocking executor} (a virtual thread per RPC with {@link
   * ServerOptions.Builder#virtualThreads()}), else on the server's executor; see {@link
   * StreamStreamBlocking}.
   *
   * @param behavior the handler code
   * @param requestDeserializer turns bytes into requests
   * @param responseSerializer turns responses into bytes
   * @param <Req> the request type
   * @param <Resp> the response type
   */
  public static <Req, Resp> RpcMethodHandler<Req, Resp> streamStreamBlocking(
      StreamStreamBlocking<Req, Resp> behavior,
      Deserializer<Req> requestDeserializer,
      Serializer<Resp> responseSerializer) {
    return new RpcMethodHandler<>(
        MethodType.BIDI_STREAMING,
        ByteArrayMarshaller.of(null, requireNonNull(requestDeserializer, "requestDeserializer")),
        ByteArrayMarshaller.of(requireNonNull(responseSerializer, "responseSerializer"), null),
        StreamStreamBlocking.class,
        requireNonNull(behavior, "behavior"));
  }

  /**
   * Creates a handler for a method with streams both ways, requests read by blocking code from an
   * iterator and responses written with {@link ServicerContext#blockingWrite}, marshalled as a
   * grpc-java method descriptor says. Runs where {@link #streamStreamBlocking(StreamStreamBlocking,
   * Deserializer, Serializer)} says.
   *
   * @param method the descriptor; its marshallers are used
   * @param behavior the handler code
   * @param <Req> the request type
   * @param <Resp> the response type
   * @throws IllegalArgumentException if the descriptor's type is neither {@code BIDI_STREAMING} nor
   *     {@code UNKNOWN}
   */
  public static <Req, Resp> RpcMethodHandler<Req, Resp> streamStreamBlocking(
      MethodDescriptor<Req, Resp> method, StreamStreamBlocking<Req, Resp> behavior) {
    checkType(method, MethodType.BIDI_STREAMING);
    return new RpcMethodHandler<>(
        MethodType.BIDI_STREAMING,
        method.getRequestMarshaller(),
        method.getResponseMarshaller(),
        StreamStreamBlocking.class,
        requireNonNull(behavior, "behavior"));
  }

  private static void checkType(MethodDescriptor<?, ?> method, MethodType expected) {
    MethodType actual = requireNonNull(method, "method").getType();
    if (actual != expected && actual != MethodType.UNKNOWN) {
      throw new IllegalArgumentException(
          "Method " + method.getFullMethodName() + " is " + actual + ", not " + expected);
    }
  }

  /**
   * Returns the kind of method.
   *
   * @return UNARY, SERVER_STREAMING, CLIENT_STREAMING or BIDI_STREAMING
   */
  public MethodType type() {
    return type;
  }

  /**
   * Tells whether the client sends a stream of requests.
   *
   * @return true for client-streaming and bidi methods
   */
  public boolean requestStreaming() {
    return !type.clientSendsOneMessage();
  }

  /**
   * Tells whether the server sends a stream of responses.
   *
   * @return true for server-streaming and bidi methods
   */
  public boolean responseStreaming() {
    return !type.serverSendsOneMessage();
  }

  /** Returns how requests are parsed. */
  public MethodDescriptor.Marshaller<Req> requestMarshaller() {
    return requestMarshaller;
  }

  /** Returns how responses are serialized. */
  public MethodDescriptor.Marshaller<Resp> responseMarshaller() {
    return responseMarshaller;
  }

  /**
   * Returns the behavior if this handler was made by {@code unaryUnary(...)}.
   *
   * @return the behavior, or null
   */
  @SuppressWarnings("unchecked")
  public UnaryUnaryBehavior<Req, Resp> unaryUnary() {
    return shape == UnaryUnaryBehavior.class ? (UnaryUnaryBehavior<Req, Resp>) behavior : null;
  }

  /**
   * Returns the behavior if this handler was made by {@code unaryStream(...)}.
   *
   * @return the behavior, or null
   */
  @SuppressWarnings("unchecked")
  public UnaryStreamBehavior<Req, Resp> unaryStream() {
    return shape == UnaryStreamBehavior.class ? (UnaryStreamBehavior<Req, Resp>) behavior : null;
  }

  /**
   * Returns the behavior if this handler was made by {@code unaryStreamWriter(...)}.
   *
   * @return the behavior, or null
   */
  @SuppressWarnings("unchecked")
  public UnaryStreamWriter<Req, Resp> unaryStreamWriter() {
    return shape == UnaryStreamWriter.class ? (UnaryStreamWriter<Req, Resp>) behavior : null;
  }

  /**
   * Returns the behavior if this handler was made by {@code streamUnary(...)}.
   *
   * @return the behavior, or null
   */
  @SuppressWarnings("unchecked")
  public StreamUnaryBehavior<Req, Resp> streamUnary() {
    return shape == StreamUnaryBehavior.class ? (StreamUnaryBehavior<Req, Resp>) behavior : null;
  }

  /**
   * Returns the behavior if this handler was made by {@code streamStream(...)}.
   *
   * @return the behavior, or null
   */
  @SuppressWarnings("unchecked")
  public StreamStreamBehavior<Req, Resp> streamStream() {
    return shape == StreamStreamBehavior.class ? (StreamStreamBehavior<Req, Resp>) behavior : null;
  }

  /**
   * Returns the behavior if this handler was made by {@code streamStreamWriter(...)}.
   *
   * @return the behavior, or null
   */
  @SuppressWarnings("unchecked")
  public StreamStreamWriter<Req, Resp> streamStreamWriter() {
    return shape == StreamStreamWriter.class ? (StreamStreamWriter<Req, Resp>) behavior : null;
  }

  /**
   * Returns the behavior if this handler was made by {@code unaryUnaryBlocking(...)}.
   *
   * @return the behavior, or null
   */
  @SuppressWarnings("unchecked")
  public UnaryUnaryBlocking<Req, Resp> unaryUnaryBlocking() {
    return shape == UnaryUnaryBlocking.class ? (UnaryUnaryBlocking<Req, Resp>) behavior : null;
  }

  /**
   * Returns the behavior if this handler was made by {@code unaryStreamBlocking(...)}.
   *
   * @return the behavior, or null
   */
  @SuppressWarnings("unchecked")
  public UnaryStreamBlocking<Req, Resp> unaryStreamBlocking() {
    return shape == UnaryStreamBlocking.class ? (UnaryStreamBlocking<Req, Resp>) behavior : null;
  }

  /**
   * Returns the behavior if this handler was made by {@code streamUnaryBlocking(...)}.
   *
   * @return the behavior, or null
   */
  @SuppressWarnings("unchecked")
  public StreamUnaryBlocking<Req, Resp> streamUnaryBlocking() {
    return shape == StreamUnaryBlocking.class ? (StreamUnaryBlocking<Req, Resp>) behavior : null;
  }

  /**
   * Returns the behavior if this handler was made by {@code streamStreamBlocking(...)}.
   *
   * @return the behavior, or null
   */
  @SuppressWarnings("unchecked")
  public StreamStreamBlocking<Req, Resp> streamStreamBlocking() {
    return shape == StreamStreamBlocking.class ? (StreamStreamBlocking<Req, Resp>) behavior : null;
  }

  /**
   * Returns a handler of the same method and shape that first runs {@code action} with the RPC's
   * context, then this handler's behavior: what a server interceptor uses to attach values to an
   * RPC (trailing metadata, a done callback, a log line) without rebuilding the handler for each of
   * the ten shapes. For example, in {@link ServerInterceptor#interceptService}:
   *
   * <pre>{@code
   * return continuation.apply(details).thenApply(handler -> handler == null ? null
   *     : handler.onStart(context -> context.setTrailingMetadata(Metadata.of("request_id", id))));
   * }</pre>
   *
   * <p>{@code action} runs on the thread and in the context the behavior runs in (the server's
   * executor, with the RPC's {@code io.grpc.Context} and propagated values current), once per RPC,
   * before the behavior. If it throws, the behavior does not run and the RPC ends as if the
   * behavior had thrown ({@code UNKNOWN}), but for {@code throw context.abort(code, details)},
   * which ends it with that status: how a server interceptor rejects an RPC (an auth check).
   *
   * @param action what to do first
   * @return the new handler; this one is unchanged
   * @throws NullPointerException if {@code action} is null
   */
  public RpcMethodHandler<Req, Resp> onStart(Consumer<? super ServicerContext<Req, Resp>> action) {
    requireNonNull(action, "action");
    Object wrapped;
    if (shape == UnaryUnaryBehavior.class) {
      UnaryUnaryBehavior<Req, Resp> b = unaryUnary();
      wrapped =
          (UnaryUnaryBehavior<Req, Resp>)
              (request, context) -> {
                action.accept(context);
                return b.handle(request, context);
              };
    } else if (shape == UnaryStreamBehavior.class) {
      UnaryStreamBehavior<Req, Resp> b = unaryStream();
      wrapped =
          (UnaryStreamBehavior<Req, Resp>)
              (request, context) -> {
                action.accept(context);
                return b.handle(request, context);
              };
    } else if (shape == UnaryStreamWriter.class) {
      UnaryStreamWriter<Req, Resp> b = unaryStreamWriter();
      wrapped =
          (UnaryStreamWriter<Req, Resp>)
              (request, context) -> {
                action.accept(context);
                return b.handle(request, context);
              };
    } else if (shape == StreamUnaryBehavior.class) {
      StreamUnaryBehavior<Req, Resp> b = streamUnary();
      wrapped =
          (StreamUnaryBehavior<Req, Resp>)
              (requests, context) -> {
                action.accept(context);
                return b.handle(requests, context);
              };
    } else if (shape == StreamStreamBehavior.class) {
      StreamStreamBehavior<Req, Resp> b = streamStream();
      wrapped =
          (StreamStreamBehavior<Req, Resp>)
              (requests, context) -> {
                action.accept(context);
                return b.handle(requests, context);
              };
    } else if (shape == UnaryUnaryBlocking.class) {
      UnaryUnaryBlocking<Req, Resp> b = unaryUnaryBlocking();
      wrapped =
          (UnaryUnaryBlocking<Req, Resp>)
              (request, context) -> {
                action.accept(context);
                return b.handle(request, context);
              };
    } else if (shape == UnaryStreamBlocking.class) {
      UnaryStreamBlocking<Req, Resp> b = unaryStreamBlocking();
      wrapped =
          (UnaryStreamBlocking<Req, Resp>)
              (request, context) -> {
                action.accept(context);
                b.handle(request, context);
              };
    } else if (shape == StreamUnaryBlocking.class) {
      StreamUnaryBlocking<Req, Resp> b = streamUnaryBlocking();
      wrapped =
          (StreamUnaryBlocking<Req, Resp>)
              (requests, context) -> {
                action.accept(context);
                return b.handle(requests, context);
              };
    } else if (shape == StreamStreamBlocking.class) {
      StreamStreamBlocking<Req, Resp> b = streamStreamBlocking();
      wrapped =
          (StreamStreamBlocking<Req, Resp>)
              (requests, context) -> {
                action.accept(context);
                b.handle(requests, context);
              };
    } else {
      StreamStreamWriter<Req, Resp> b = streamStreamWriter();
      wrapped =
          (StreamStreamWriter<Req, Resp>)
              (requests, context) -> {
                action.accept(context);
                return b.handle(requests, context);
              };
    }
    return new RpcMethodHandler<>(type, requestMarshaller, responseMarshaller, shape, wrapped);
  }

  @Override
  public String toString() {
    return "RpcMethodHandler[" + type + ", " + shape.getSimpleName() + "]";
  }

  /**
   * Handler code for one request and one response, as {@code async def M(self, request, context)}.
   *
   * @param <Req> the request type
   * @param <Resp> the response type
   */
  @FunctionalInterface
  public interface UnaryUnaryBehavior<Req, Resp> {
    /**
     * Handles one RPC.
     *
     * @param context the RPC's context
     * @return a stage completing with the response
     * @throws Exception to end the RPC with {@code UNKNOWN}
     */
    CompletionStage<Resp> handle(Req request, ServicerContext<Req, Resp> context) throws Exception;
  }

  /**
   * Handler code for one request and a stream of responses produced as a publisher (Python's
   * async-generator handler). The publisher is subscribed to once and pulled only while the
   * transport is ready; when it completes, the RPC ends with the context's code (OK by default).
   *
   * @param <Req> the request type
   * @param <Resp> the response type
   */
  @FunctionalInterface
  public interface UnaryStreamBehavior<Req, Resp> {
    /**
     * Handles one RPC.
     *
     * @param context the RPC's context
     * @return the responses
     * @throws Exception to end the RPC with {@code UNKNOWN}
     */
    Flow.Publisher<Resp> handle(Req request, ServicerContext<Req, Resp> context) throws Exception;
  }

  /**
   * Handler code for one request and a stream of responses written with {@link
   * ServicerContext#write} (Python's coroutine handler that calls {@code context.write}). The RPC
   * ends when the returned stage completes and every write was sent.
   *
   * @param <Req> the request type
   * @param <Resp> the response type
   */
  @FunctionalInterface
  public interface UnaryStreamWriter<Req, Resp> {
    /**
     * Handles one RPC.
     *
     * @param context the RPC's context, to write responses with
     * @return a stage completing when the handler is done writing
     * @throws Exception to end the RPC with {@code UNKNOWN}
     */
    CompletionStage<?> handle(Req request, ServicerContext<Req, Resp> context) throws Exception;
  }

  /**
   * Handler code for a stream of requests and one response. The requests publisher allows one
   * subscriber, and delivers only what it requested; alternatively read with {@link
   * ServicerContext#read()}.
   *
   * @param <Req> the request type
   * @param <Resp> the response type
   */
  @FunctionalInterface
  public interface StreamUnaryBehavior<Req, Resp> {
    /**
     * Handles one RPC.
     *
     * @param context the RPC's context
     * @return a stage completing with the response
     * @throws Exception to end the RPC with {@code UNKNOWN}
     */
    CompletionStage<Resp> handle(Flow.Publisher<Req> requests, ServicerContext<Req, Resp> context)
        throws Exception;
  }

  /**
   * Handler code for streams both ways, responses produced as a publisher.
   *
   * @param <Req> the request type
   * @param <Resp> the response type
   */
  @FunctionalInterface
  public interface StreamStreamBehavior<Req, Resp> {
    /**
     * Handles one RPC.
     *
     * @param context the RPC's context
     * @return the responses
     * @throws Exception to end the RPC with {@code UNKNOWN}
     */
    Flow.Publisher<Resp> handle(Flow.Publisher<Req> requests, ServicerContext<Req, Resp> context)
        throws Exception;
  }

  /**
   * Handler code for streams both ways, responses written with {@link ServicerContext#write}.
   *
   * @param <Req> the request type
   * @param <Resp> the response type
   */
  @FunctionalInterface
  public interface StreamStreamWriter<Req, Resp> {
    /**
     * Handles one RPC.
     *
     * @param context the RPC's context, to read and write with
     * @return a stage completing when the handler is done writing
     * @throws Exception to end the RPC with {@code UNKNOWN}
     */
    CompletionStage<?> handle(Flow.Publisher<Req> requests, ServicerContext<Req, Resp> context)
        throws Exception;
  }

  /**
   * Handler code for one request and one response, written as plain blocking code: return the
   * response, throw to fail (an {@link AbortError} from {@link ServicerContext#abort} keeps the
   * status it set; any other exception ends the RPC with {@code UNKNOWN}, as for every shape).
   *
   * <p>It runs on the server's {@linkplain ServerOptions#blockingExecutor() blocking executor}, one
   * task per RPC (a virtual thread of its own with {@link ServerOptions.Builder#virtualThreads()}
   * on Java 21+), else on the server's executor, outside the RPC's serial context, with the RPC's
   * {@code io.grpc.Context} and propagated values current. It may block on anything (a client
   * call's {@code await()}, I/O, a lock); it is cancelled only by its own checks ({@link
   * ServicerContext#cancelled()}, {@link ServicerContext#timeRemaining()}) and by blocking calls of
   * this library failing once the RPC has ended.
   *
   * @param <Req> the request type
   * @param <Resp> the response type
   */
  @FunctionalInterface
  public interface UnaryUnaryBlocking<Req, Resp> {
    /**
     * Handles one RPC.
     *
     * @param request the request
     * @param context the RPC's context
     * @return the response, not null
     * @throws Exception to end the RPC with {@code UNKNOWN}
     */
    Resp handle(Req request, ServicerContext<Req, Resp> context) throws Exception;
  }

  /**
   * Handler code for one request and a stream of responses, written as plain blocking code with
   * {@link ServicerContext#blockingWrite}, which returns once the transport took the message (so a
   * slow client holds the handler back and nothing is buffered beyond one message). The RPC ends
   * with the context's code (OK by default) when the method returns, after its writes were sent.
   * Runs where {@link UnaryUnaryBlocking} says.
   *
   * @param <Req> the request type
   * @param <Resp> the response type
   */
  @FunctionalInterface
  public interface UnaryStreamBlocking<Req, Resp> {
    /**
     * Handles one RPC.
     *
     * @param request the request
     * @param context the RPC's context, to write responses with
     * @throws Exception to end the RPC with {@code UNKNOWN}
     */
    void handle(Req request, ServicerContext<Req, Resp> context) throws Exception;
  }

  /**
   * Handler code for a stream of requests and one response, written as plain blocking code: the
   * requests come as a blocking iterator ({@link ServicerContext#blockingRequestIterator()}, which
   * asks the transport for one request at a time), the response is returned. Runs where {@link
   * UnaryUnaryBlocking} says.
   *
   * @param <Req> the request type
   * @param <Resp> the response type
   */
  @FunctionalInterface
  public interface StreamUnaryBlocking<Req, Resp> {
    /**
     * Handles one RPC.
     *
     * @param requests the requests; {@code hasNext()} blocks for the next one, and throws {@link
     *     java.util.concurrent.CancellationException} if the RPC was cancelled
     * @param context the RPC's context
     * @return the response, not null
     * @throws Exception to end the RPC with {@code UNKNOWN}
     */
    Resp handle(Iterator<Req> requests, ServicerContext<Req, Resp> context) throws Exception;
  }

  /**
   * Handler code for streams both ways, written as plain blocking code: requests from a blocking
   * iterator, as for {@link StreamUnaryBlocking}, responses with {@link
   * ServicerContext#blockingWrite}, as for {@link UnaryStreamBlocking}. Runs where {@link
   * UnaryUnaryBlocking} says.
   *
   * @param <Req> the request type
   * @param <Resp> the response type
   */
  @FunctionalInterface
  public interface StreamStreamBlocking<Req, Resp> {
    /**
     * Handles one RPC.
     *
     * @param requests the requests, as for {@link StreamUnaryBlocking}
     * @param context the RPC's context, to write responses with
     * @throws Exception to end the RPC with {@code UNKNOWN}
     */
    void handle(Iterator<Req> requests, ServicerContext<Req, Resp> context) throws Exception;
  }
}
