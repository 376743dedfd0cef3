/**
 * The {@code helloworld.Greeter} service the examples share, and {@link
 * io.github.grpcaio.examples.hello.HelloWorld}, which runs all four RPC kinds end to end.
 *
 * <p>{@code src/main/proto/helloworld.proto} defines the service and its messages; the build
 * generates the messages ({@code HelloRequest}, {@code HelloReply}), grpc-java's {@code
 * GreeterGrpc} and, with aio-protoc-plugin, {@code GreeterAio}: the typed stub ({@code
 * GreeterAio.newStub(channel)}) and the servicer base ({@code GreeterAio.Servicer}) that {@link
 * io.github.grpcaio.examples.hello.GreeterService} implements.
 */
package io.github.grpcaio.examples.hello;
