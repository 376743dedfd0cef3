package io.github.grpcaio.examples.hello;

import io.github.grpcaio.Channel;
import io.github.grpcaio.RpcMethodHandler;
import io.github.grpcaio.ServiceRpcHandler;
import io.github.grpcaio.ServicerContext;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.StreamStreamMultiCallable;
import io.github.grpcaio.StreamUnaryMultiCallable;
import io.github.grpcaio.UnaryStreamMultiCallable;
import io.github.grpcaio.UnaryUnaryMultiCallable;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * The {@code helloworld.Greeter} service of the examples, one method of each RPC kind, written with
 * the generic API: what a generated stub and servicer base will do for you once code generation
 * exists.
 *
 * <pre>
 * service Greeter {
 *   rpc SayHello (HelloRequest) returns (HelloReply);                          // unary
 *   rpc SayHelloStream (HelloRequest) returns (stream HelloReply);             // server streaming
 *   rpc SayHelloClientStream (stream HelloRequest) returns (HelloReply);       // client streaming
 *   rpc SayHelloBidi (stream HelloRequest) returns (stream HelloReply);        // bidi streaming
 * }
 * </pre>
 *
 * <p>Client side: the static methods return the multi-callables of a channel, as Python's {@code
 * channel.unary_unary(method, request_serializer, response_deserializer)} does. Server side:
 * implement {@link Servicer} and install {@link #handler(Servicer)} on a server.
 */
public final class Greeter {

  /** The fully qualified service name. */
  public static final String SERVICE = "helloworld.Greeter";

  /** The full name of the unary method. */
  public static final String SAY_HELLO = "/" + SERVICE + "/SayHello";

  /** The full name of the server-streaming method. */
  public static final String SAY_HELLO_STREAM = "/" + SERVICE + "/SayHelloStream";

  /** The full name of the client-streaming method. */
  public static final String SAY_HELLO_CLIENT_STREAM = "/" + SERVICE + "/SayHelloClientStream";

  /** The full name of the bidirectional-streaming method. */
  public static final String SAY_HELLO_BIDI = "/" + SERVICE + "/SayHelloBidi";

  private Greeter() {}

  // ---- client side ----

  /**
   * Returns the multi-callable of {@code SayHello} on {@code channel}.
   *
   * @param channel the channel to call on
   * @return a reusable multi-callable
   */
  public static UnaryUnaryMultiCallable<HelloRequest, HelloReply> sayHello(Channel channel) {
    return channel.unaryUnary(SAY_HELLO, HelloRequest.SERIALIZER, HelloReply.DESERIALIZER);
  }

  /**
   * Returns the multi-callable of {@code SayHelloStream} on {@code channel}.
   *
   * @param channel the channel to call on
   * @return a reusable multi-callable
   */
  public static UnaryStreamMultiCallable<HelloRequest, HelloReply> sayHelloStream(Channel channel) {
    return channel.unaryStream(SAY_HELLO_STREAM, HelloRequest.SERIALIZER, HelloReply.DESERIALIZER);
  }

  /**
   * Returns the multi-callable of {@code SayHelloClientStream} on {@code channel}.
   *
   * @param channel the channel to call on
   * @return a reusable multi-callable
   */
  public static StreamUnaryMultiCallable<HelloRequest, HelloReply> sayHelloClientStream(
      Channel channel) {
    return channel.streamUnary(
        SAY_HELLO_CLIENT_STREAM, HelloRequest.SERIALIZER, HelloReply.DESERIALIZER);
  }

  /**
   * Returns the multi-callable of {@code SayHelloBidi} on {@code channel}.
   *
   * @param channel the channel to call on
   * @return a reusable multi-callable
   */
  public static StreamStreamMultiCallable<HelloRequest, HelloReply> sayHelloBidi(Channel channel) {
    return channel.streamStream(SAY_HELLO_BIDI, HelloRequest.SERIALIZER, HelloReply.DESERIALIZER);
  }

  // ---- server side ----

  /**
   * Serves {@code servicer} as {@code helloworld.Greeter}, as Python's {@code
   * add_GreeterServicer_to_server} does: one {@link RpcMethodHandler} per method, gathered by
   * {@link ServiceRpcHandler#of} ({@code grpc.method_handlers_generic_handler}).
   *
   * @param servicer the implementation
   * @return a handler to pass to {@code Server.addGenericRpcHandlers}
   */
  public static ServiceRpcHandler handler(Servicer servicer) {
    return ServiceRpcHandler.of(
        SERVICE,
        Map.of(
            "SayHello",
            RpcMethodHandler.unaryUnary(
                servicer::sayHello, HelloRequest.DESERIALIZER, HelloReply.SERIALIZER),
            "SayHelloStream",
            RpcMethodHandler.unaryStreamWriter(
                servicer::sayHelloStream, HelloRequest.DESERIALIZER, HelloReply.SERIALIZER),
            "SayHelloClientStream",
            RpcMethodHandler.streamUnary(
                servicer::sayHelloClientStream, HelloRequest.DESERIALIZER, HelloReply.SERIALIZER),
            "SayHelloBidi",
            RpcMethodHandler.streamStreamWriter(
                servicer::sayHelloBidi, HelloRequest.DESERIALIZER, HelloReply.SERIALIZER)));
  }

  /**
   * The server side of {@code helloworld.Greeter}, as Python's generated {@code GreeterServicer}:
   * override the methods you serve; the others answer {@code UNIMPLEMENTED}. Each method runs on
   * the server's executor and must not block: return a stage that completes later instead.
   */
  public interface Servicer {

    /**
     * Handles {@code SayHello}.
     *
     * @param request the request
     * @param context the RPC's context
     * @return a stage completing with the reply
     * @throws Exception to end the RPC with {@code UNKNOWN}
     */
    default CompletionStage<HelloReply> sayHello(
        HelloRequest request, ServicerContext<HelloRequest, HelloReply> context) throws Exception {
      throw unimplemented(context);
    }

    /**
     * Handles {@code SayHelloStream}: write the replies with {@code context.write(...)}.
     *
     * @param request the request
     * @param context the RPC's context, to write replies with
     * @return a stage completing when the last reply was written; the RPC then ends with OK
     * @throws Exception to end the RPC with {@code UNKNOWN}
     */
    default CompletionStage<?> sayHelloStream(
        HelloRequest request, ServicerContext<HelloRequest, HelloReply> context) throws Exception {
      throw unimplemented(context);
    }

    /**
     * Handles {@code SayHelloClientStream}: consume the requests either by subscribing to {@code
     * requests} or with {@code context.read()}, not both.
     *
     * @param requests the request stream
     * @param context the RPC's context
     * @return a stage completing with the reply
     * @throws Exception to end the RPC with {@code UNKNOWN}
     */
    default CompletionStage<HelloReply> sayHelloClientStream(
        Flow.Publisher<HelloRequest> requests, ServicerContext<HelloRequest, HelloReply> context)
        throws Exception {
      throw unimplemented(context);
    }

    /**
     * Handles {@code SayHelloBidi}: consume the requests by subscribing to {@code requests} or with
     * {@code context.read()}, and write the replies with {@code context.write(...)}.
     *
     * @param requests the request stream
     * @param context the RPC's context, to read and write with
     * @return a stage completing when the last reply was written; the RPC then ends with OK
     * @throws Exception to end the RPC with {@code UNKNOWN}
     */
    default CompletionStage<?> sayHelloBidi(
        Flow.Publisher<HelloRequest> requests, ServicerContext<HelloRequest, HelloReply> context)
        throws Exception {
      throw unimplemented(context);
    }

    private static RuntimeException unimplemented(ServicerContext<?, ?> context) {
      return context.abort(StatusCode.UNIMPLEMENTED, "Method not implemented!");
    }
  }
}
