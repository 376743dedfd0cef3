/**
 * The {@code helloworld.Greeter} service the examples share, and {@link
 * io.github.grpcaio.examples.hello.HelloWorld}, which runs all four RPC kinds end to end.
 *
 * <p>Until code generation exists, messages are Java records with a one-field UTF-8 encoding
 * ({@link io.github.grpcaio.examples.hello.HelloRequest}, {@link
 * io.github.grpcaio.examples.hello.HelloReply}), and {@link
 * io.github.grpcaio.examples.hello.Greeter} does by hand what a generated stub and servicer base
 * will do: method names, multi-callables and the server-side handler.
 */
package io.github.grpcaio.examples.hello;
