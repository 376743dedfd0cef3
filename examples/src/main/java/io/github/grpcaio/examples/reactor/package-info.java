/**
 * The {@code helloworld.Greeter} service written and called with Project Reactor, through the
 * {@code aio-reactor} module: {@link io.github.grpcaio.examples.reactor.ReactorGreeterService}
 * implements the generated servicer with {@code Mono}s and {@code Flux}es, and {@link
 * io.github.grpcaio.examples.reactor.ReactorGreeter} calls it through the typed stub as cold {@code
 * Mono}s and {@code Flux}es.
 */
package io.github.grpcaio.examples.reactor;
