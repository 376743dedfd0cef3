/**
 * The client: {@link io.github.grpcaio.core.internal.client.AioChannel} and the calls it makes.
 *
 * <ul>
 *   <li>The channel: {@code ChannelFactory} (the grpc-java channel behind each kind of aio
 *       channel), {@code AioChannel} (calls tracked for {@code close(grace)}, connectivity), {@code
 *       ChannelConfigurer} (options onto grpc-java's channel builder) and {@code ServiceConfigJson}
 *       (the service config option, parsed with Gson).
 *   <li>Making a call: the four {@code *MultiCallableImpl}s, {@code ClientMethod} (one method's
 *       descriptor and codecs; starts a direct call) and {@code PreparedCall} (the grpc-java call,
 *       context and deadline before the start).
 *   <li>The engine: {@code ClientRpc} drives grpc-java's {@code ClientCall} for every {@code
 *       CallKind}, with requests from a {@code RequestSource} (one message, a publisher, or {@code
 *       write()}s); the four {@code *CallImpl}s are it seen as each kind's interface. {@code
 *       AbstractClientCall} holds what every call has, direct or intercepted; {@code CallFuture}
 *       and {@code AccessorFutures} are its futures.
 *   <li>Interceptors: {@code ClientInterceptors} sorts a channel's interceptors by kind; {@code
 *       InterceptedCall} (and its four kinds) runs the {@code InterceptorChain}; {@code
 *       ChainDecision} keeps the chain's outcome and the caller's queued actions, {@code
 *       ChainForwarding} forwards them, {@code ChainFailureStatus} answers for a failed chain;
 *       {@code ReadsInto} lets a read be answered without losing a message a caller gave up on.
 * </ul>
 *
 * <p>Depends on the common base {@code io.github.grpcaio.core.internal}, {@code stream} and {@code
 * security}; never on {@code server}. The path of a unary call through these classes is in the base
 * package's documentation.
 */
package io.github.grpcaio.core.internal.client;
