/**
 * The usage examples of Python's {@code grpc.aio} documentation, translated to Java: one class per
 * example, each with a {@code main} and a {@code run(PrintStream)} that returns what happened. Each
 * starts its own server on a free port of 127.0.0.1.
 */
package io.github.grpcaio.examples.aio;
