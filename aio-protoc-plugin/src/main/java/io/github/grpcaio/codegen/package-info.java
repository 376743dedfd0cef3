/**
 * A protoc plugin generating typed grpc-aio stubs and servicer bases, as {@code grpc_tools.protoc}
 * does for Python's {@code grpc.aio}. Run it next to grpc-java's {@code protoc-gen-grpc-java}: the
 * generated code uses the method descriptors of its {@code XxxGrpc} classes.
 *
 * <p>For each service {@code Xxx} of a file to generate, it writes {@code XxxAio.java} in the
 * file's Java package ({@code java_package}, else the proto package), beside {@code XxxGrpc}:
 *
 * <ul>
 *   <li>{@code SERVICE_NAME} and {@code getServiceDescriptor()}, both from {@code XxxGrpc};
 *   <li>{@code newStub(Channel)} returning {@code XxxAio.Stub}, with one method per RPC. Unary and
 *       server-streaming methods take the request, client- and bidi-streaming ones a {@code
 *       Flow.Publisher} of requests, an {@code Iterable}, {@code Iterator} or {@code Stream} of
 *       requests (made a publisher by {@code Publishers}, as Python's stubs take an iterator), or
 *       nothing (then write with {@code write}/{@code doneWriting}); each has an overload with
 *       {@code CallOptions}, and returns the call object ({@code UnaryUnaryCall}, {@code
 *       UnaryStreamCall}, {@code StreamUnaryCall}, {@code StreamStreamCall}). The multi-callables
 *       are created once per stub;
 *   <li>{@code XxxAio.Servicer}, an interface with one default method per RPC that ends the RPC
 *       with {@code UNIMPLEMENTED} "Method not implemented!". An interface, not an abstract class,
 *       so that one class may serve several services. The methods have the shapes of {@code
 *       RpcMethodHandler}: unary {@code (request, context) -> CompletionStage<Resp>},
 *       client-streaming {@code (Flow.Publisher<Req>, context) -> CompletionStage<Resp>}; for
 *       streamed responses the writer shape, {@code -> CompletionStage<?>} with {@code
 *       context.write(...)}: Java has no async generators, a correct backpressured {@code
 *       Flow.Publisher} is hard to write by hand, while {@code context.write} returns a stage that
 *       completes once the message was sent (servers with a ready-made publisher can register
 *       {@code RpcMethodHandler.unaryStream}/{@code streamStream} with {@code
 *       XxxGrpc.getYyyMethod()} themselves);
 *   <li>{@code addXxxServicerToServer(servicer, server)} and {@code handler(servicer)} returning
 *       the {@code ServiceRpcHandler}.
 * </ul>
 *
 * <p>Names: Java method names are grpc-java's ({@code SayHello} and {@code say_hello} give {@code
 * sayHello}); Java keywords and the methods of {@code Object} get a trailing underscore ({@code
 * default_}, {@code toString_}). Proto comments become javadoc in a {@code <pre>} block, escaped;
 * {@code deprecated = true} on a service or method gives {@code @Deprecated} and a
 * {@code @deprecated} tag. All outside names are fully qualified, and the output depends only on
 * the input: the same request gives the same bytes.
 *
 * <p>Errors, reported through {@code CodeGeneratorResponse.error} so protoc fails with the message:
 * two RPCs of a service mapping to the same Java name, {@code XxxAio} colliding with another
 * top-level class of the package (a message of a {@code java_multiple_files} file, an outer class),
 * a name the generated code's own names would hide (a default-package message called {@code Stub}
 * or {@code Servicer}, a Java package starting with {@code channel}), a message type missing from
 * the request, a plugin option (the plugin takes none), an edition after 2023. A file without
 * services generates nothing.
 */
package io.github.grpcaio.codegen;
