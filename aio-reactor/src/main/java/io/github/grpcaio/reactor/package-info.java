/**
 * Project Reactor for grpc-aio: {@link io.github.grpcaio.reactor.ReactorCalls} turns calls (a stub
 * method, a multi-callable) into cold {@code Mono}s and {@code Flux}es and takes {@code Flux}es as
 * request streams; {@link io.github.grpcaio.reactor.ReactorHandlers} makes server handlers, or
 * generated servicer methods, out of functions returning {@code Mono}s and {@code Flux}es. Both go
 * through Reactor's own {@code JdkFlowAdapter}, so demand and cancellation cross unchanged. See
 * {@code docs/reactive.md}.
 */
package io.github.grpcaio.reactor;
