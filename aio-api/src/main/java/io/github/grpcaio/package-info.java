/**
 * The public surface of grpc-aio: the API of Python's {@code grpc.aio} for Java.
 *
 * <p>This package holds only interfaces, values and exceptions, and {@link
 * io.github.grpcaio.Publishers}, ready-made request streams over an {@code Iterable}, {@code
 * Iterator} or {@code Stream}. The implementation on grpc-java lives in {@code
 * io.github.grpcaio.core}; its entry point is {@code GrpcAio}.
 *
 * <h2>Mapping from Python</h2>
 *
 * <ul>
 *   <li>Awaitables become {@link java.util.concurrent.CompletableFuture}s; async iterators become
 *       {@link java.util.concurrent.Flow.Publisher}s with real backpressure.
 *   <li>{@code snake_case} names become {@code camelCase}: {@code done_writing} is {@link
 *       io.github.grpcaio.StreamUnaryCall#doneWriting()}.
 *   <li>Keyword arguments of a call ({@code timeout}, {@code metadata}, ...) are an immutable
 *       {@link io.github.grpcaio.CallOptions}.
 * </ul>
 *
 * <h2>Threading</h2>
 *
 * <p>Every object here may be used from any thread unless its documentation says otherwise. Futures
 * complete, and subscribers and callbacks are signalled, on the executor of the channel or server
 * (never on a transport event loop unless a direct executor was configured). Signals of one RPC
 * never overlap: they are serialized per call.
 */
package io.github.grpcaio;
