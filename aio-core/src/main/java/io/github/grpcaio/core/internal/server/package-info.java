/**
 * The server: {@link io.github.grpcaio.core.internal.server.AioServer} and the RPCs it serves.
 *
 * <ul>
 *   <li>The server: {@code AioServer} (its life one {@code State}: new, serving, stopping, stopped;
 *       ports; the concurrency limit; {@code stop(grace)}; its listeners), {@code ServerConfigurer}
 *       (options onto grpc-java's server builder, grpc-java interceptors included), {@code
 *       ServiceRegistry} (the services known by name: hosted, registered, {@code
 *       ServiceRpcHandler}s), {@code HandlerDispatcher} (grpc-java's fallback registry: a hosted
 *       method goes to a {@code HostedCall}, every other call to the aio server, through the {@code
 *       MethodRoute} of its method: the path and codecs its calls share), {@code
 *       ResponseCompression}, {@code ConcurrencyLimit}. {@code TrackedRpc} is what {@code
 *       stop(grace)} waits for and cancels.
 *   <li>Hosted grpc-java services: {@code HostedCall} keeps each of their calls to the server's
 *       promises (admission, limits, stop, the executor).
 *   <li>Export: {@code ExportedService} serves one aio service inside a grpc-java server (no life
 *       of its own: the host's calls are its RPCs). It and {@code AioServer} are the {@code
 *       RpcHost}s of the RPCs they serve.
 *   <li>The engine: {@code ServerRpc} drives grpc-java's {@code ServerCall}. Its life is one {@code
 *       ServerPhase}, which only moves forward: {@code LOOKUP} (or {@code LOOKUP_HALF_CLOSED}),
 *       {@code HANDLING}, {@code ABORTED}, then {@code CLOSED} or {@code CANCELLED}; {@code
 *       ServerRpc.advance} is its only writer. {@code ServerInterceptorChain} finds the handler
 *       through the server interceptors.
 *   <li>The handler: its {@code HandlerShape} is fixed once when it is bound, and {@code
 *       HandlerInvocation} runs it once and waits for what it returned; {@code ServerStreams} are
 *       the request stream, response stream and write queue its shape needs.
 *   <li>What the handler sees: {@code RpcServicerContext}, the {@code ServicerContext}; {@code
 *       RpcOutcome} keeps the code, details and trailing metadata it sets and the ending an {@code
 *       abort} fixes; {@code ResponseHeaders} sends the response headers once.
 * </ul>
 *
 * <p>Depends on the common base {@code io.github.grpcaio.core.internal}, {@code stream} and {@code
 * security}; never on {@code client}. The path of a unary call through these classes is in the base
 * package's documentation.
 */
package io.github.grpcaio.core.internal.server;
