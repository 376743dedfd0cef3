/**
 * The implementation of grpc-aio on grpc-java. Nothing here is API: all the content under this
 * package is internal and may change in any release.
 *
 * <h2>Threading model</h2>
 *
 * <p>Every RPC, client or server, owns a {@link
 * io.github.grpcaio.core.internal.SerializingExecutor} on top of the channel's or server's
 * executor: its <em>context</em>. grpc-java is configured with a direct executor, so transport
 * events arrive on transport threads; the listeners here do nothing but hop them into the context.
 * All mutable state of an RPC is confined to its context unless a field says otherwise, all user
 * code of an RPC (handlers, subscribers, callbacks, dependent futures) runs there, and so user code
 * never runs on a Netty event loop.
 *
 * <p>Fields say which rule they follow: {@link io.github.grpcaio.core.internal.ConfinedTo} names
 * the context a field is confined to; {@code @GuardedBy} names the lock of a field shared between
 * threads, and the build (Error Prone) fails on an access without it; other shared fields are
 * final, volatile or atomic, with a comment where the reason is not plain.
 *
 * <p>A server RPC is a {@code ServerRpc} (its life one {@code ServerPhase}), whose handler, of one
 * {@code HandlerShape}, is run by a {@code HandlerInvocation} and sees a {@code
 * RpcServicerContext}, which keeps the status it chooses in an {@code RpcOutcome}.
 */
package io.github.grpcaio.core.internal;
