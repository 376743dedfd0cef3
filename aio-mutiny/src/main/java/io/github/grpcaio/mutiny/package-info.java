/**
 * SmallRye Mutiny for grpc-aio: {@link io.github.grpcaio.mutiny.MutinyCalls} turns calls (a stub
 * method, a multi-callable) into lazy {@code Uni}s and {@code Multi}s and takes {@code Multi}s as
 * request streams; {@link io.github.grpcaio.mutiny.MutinyHandlers} makes server handlers, or
 * generated servicer methods, out of functions returning {@code Uni}s and {@code Multi}s. A {@code
 * Multi} is a {@code java.util.concurrent.Flow.Publisher}, as the library's streams are, so demand
 * and cancellation cross unchanged. See {@code docs/reactive.md}.
 */
package io.github.grpcaio.mutiny;
