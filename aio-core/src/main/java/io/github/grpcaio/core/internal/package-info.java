/**
 * The implementation of grpc-aio on grpc-java. Nothing here is API: all the content under this
 * package and its sub-packages is internal and may change in any release.
 *
 * <h2>Packages</h2>
 *
 * <ul>
 *   <li>{@link io.github.grpcaio.core.internal.client}: the channel and the client calls, direct
 *       and intercepted.
 *   <li>{@link io.github.grpcaio.core.internal.server}: the server, the server RPC and the {@code
 *       ServicerContext} its handler sees.
 *   <li>{@link io.github.grpcaio.core.internal.stream}: the backpressure primitives both sides are
 *       built from, and the serializing executor that is an RPC's context.
 *   <li>{@link io.github.grpcaio.core.internal.security}: PEM, TLS contexts, SNI, local and call
 *       credentials, the authentication context.
 *   <li>This package, the common base: the runtime (executors, the timer), message codecs and
 *       encodings, metadata and status conversion, deadlines, the done callbacks and the read-only
 *       futures of accessors. It depends on none of the sub-packages.
 * </ul>
 *
 * <p>{@code stream} and {@code security} depend only on this base; {@code client} and {@code
 * server} on the base, {@code stream} and {@code security}, never on each other; nothing here
 * depends on the facade {@link io.github.grpcaio.core.GrpcAio}, which only creates channels and
 * servers. aio-core's {@code PackageDependenciesTest} checks these rules.
 *
 * <h2>A unary call, client side</h2>
 *
 * <ol>
 *   <li>{@code GrpcAio.insecureChannel(target)} checks its arguments and has {@code
 *       client.ChannelFactory} build the grpc-java channel ({@code client.ChannelConfigurer}
 *       applies the options to its builder) and wrap it in an {@code client.AioChannel}.
 *   <li>{@code channel.unaryUnary(method, ...)} returns a {@code
 *       client.UnaryUnaryMultiCallableImpl}; its {@code call(request)} goes to {@code
 *       client.ClientMethod.startUnary}, or, when the channel has unary-unary interceptors, to
 *       {@code client.InterceptedUnaryUnaryCall} (below).
 *   <li>{@code AioChannel.prepare} makes the grpc-java {@code ClientCall}, the call's context (a
 *       {@code stream.SerializingExecutor}) and its deadline: a {@code client.PreparedCall}.
 *   <li>{@code client.UnaryUnaryCallImpl} is the {@code client.ClientRpc} engine seen as a {@code
 *       UnaryUnaryCall}: its {@code client.CallKind} comes from the method type, its {@code
 *       client.RequestSource} is one message. {@code client.AbstractClientCall} gives it the done
 *       callbacks ({@code DoneCallbacks}) and the response future ({@code client.CallFuture}).
 *   <li>{@code ClientRpc.startUnary} starts the grpc-java call with its listener, encodes the
 *       request ({@code MessageCodec}), sends it and half-closes.
 *   <li>The listener's {@code onHeaders}, {@code onMessage} and {@code onClose} run on a transport
 *       thread and only hop into the context; there {@code ClientRpc} decodes the response, decides
 *       the outcome once, turns a non-OK status into an {@code AioRpcError} ({@code Statuses}),
 *       completes the accessor futures ({@code client.AccessorFutures}), runs the done callbacks
 *       and completes the response future, then untracks the call from its channel.
 *   <li>With interceptors, {@code client.InterceptedCall} runs the {@code client.InterceptorChain}
 *       on the channel's executor; its innermost step starts the direct call above; {@code
 *       client.ChainDecision} keeps what the caller did meanwhile and replays it through {@code
 *       client.ChainForwarding} once the chain has decided.
 * </ol>
 *
 * <h2>A unary call, server side</h2>
 *
 * <ol>
 *   <li>{@code GrpcAio.server(...)} builds a {@code server.AioServer} ({@code
 *       server.ServerConfigurer} applies the options to grpc-java's server builder); its {@code
 *       server.HandlerDispatcher} is grpc-java's fallback registry and hands every call to {@code
 *       AioServer.startCall}, which checks the concurrency limit and makes a {@code
 *       server.ServerRpc}, grpc-java's listener of the call.
 *   <li>{@code ServerRpc} (its life one {@code server.ServerPhase}: {@code LOOKUP}, {@code
 *       HANDLING}, then {@code CLOSED} or {@code CANCELLED}) converts the request headers ({@code
 *       GrpcMetadata}) and looks the handler up through the server interceptors ({@code
 *       server.ServerInterceptorChain}).
 *   <li>Binding the handler fixes its {@code server.HandlerShape} once ({@code UNARY_UNARY} here),
 *       makes the codecs, and requests the request; a streaming shape gets its {@code
 *       server.ServerStreams} instead.
 *   <li>The request arrives in a task of the context (grpc-java's hop) and is decoded; the
 *       half-close starts the {@code server.HandlerInvocation}, which runs the handler with a
 *       {@code server.RpcServicerContext} on the server's executor, just outside the context (so
 *       the handler may block on its own RPC), and waits on the context for the stage it returns.
 *   <li>The code, details and trailing metadata the handler sets, or its {@code abort}, are kept in
 *       a {@code server.RpcOutcome}; {@code server.ResponseHeaders} sends the headers once.
 *   <li>When the stage completes, {@code ServerRpc.respond} encodes and sends the response, then
 *       closes the call with the outcome's status ({@code ServerPhase.CLOSED}); grpc-java's {@code
 *       onComplete} or {@code onCancel} then runs the done callbacks and frees the RPC's slot.
 * </ol>
 *
 * <h2>Threading model</h2>
 *
 * <p>Every RPC, client or server, owns a {@link
 * io.github.grpcaio.core.internal.stream.SerializingExecutor} on top of the channel's or server's
 * executor: its <em>context</em>, which is also grpc-java's executor for that call ({@code
 * CallOptions.withExecutor} on the client, a {@code ServerCallExecutorSupplier} on the server): the
 * hop grpc-java makes per burst of transport events is the only one, and grpc-java parses messages
 * there, not on the transport thread. The listeners here only queue each event in the context. All
 * mutable state of an RPC is confined to its context unless a field says otherwise; the user code
 * of an RPC (subscribers, callbacks, dependent futures) runs there, a server handler on the same
 * executor just outside it, and so user code never runs on a Netty event loop.
 *
 * <p>Fields say which rule they follow: {@link io.github.grpcaio.core.internal.ConfinedTo} names
 * the context a field is confined to; {@code @GuardedBy} names the lock of a field shared between
 * threads, and the build (Error Prone) fails on an access without it; other shared fields are
 * final, volatile or atomic, with a comment where the reason is not plain.
 */
package io.github.grpcaio.core.internal;
