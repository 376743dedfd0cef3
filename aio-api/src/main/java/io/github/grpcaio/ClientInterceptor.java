package io.github.grpcaio;

/**
 * The common parent of the four client interceptor kinds, as Python's {@code
 * grpc.aio.ClientInterceptor}. Implement one or more of {@link UnaryUnaryClientInterceptor}, {@link
 * UnaryStreamClientInterceptor}, {@link StreamUnaryClientInterceptor} and {@link
 * StreamStreamClientInterceptor}, and install them with {@link
 * ChannelOptions.Builder#interceptors}. The first interceptor in the list is the outermost. An
 * object that implements several kinds intercepts calls of each of them (Python uses it only for
 * the first kind it matches); one that implements none is refused with {@link
 * IllegalArgumentException} when the channel is made.
 *
 * <p>Interceptors run on the channel's executor, never on the caller's thread. An interceptor that
 * throws, or whose stage fails, fails the call with that exception: {@code response()} and the
 * stream's subscriber get it unchanged, and {@link Call#code()} is {@link StatusCode#CANCELLED} for
 * a {@link java.util.concurrent.CancellationException}, the error's code for an {@link
 * AioRpcError}, else {@link StatusCode#UNKNOWN} with details {@code "Unexpected <class>:
 * <message>"}. A null stage, or a stage completing with null, fails it with {@link
 * NullPointerException}. The caller's timeout bounds the whole chain.
 *
 * <p>An intercepted call inherits the deadline and cancellation of the caller's {@code
 * io.grpc.Context} (a server handler's RPC, for a call it makes while it runs) exactly as a call
 * without interceptors does: {@link ClientCallDetails#timeout()} is the smaller of the call's
 * timeout and what is left of that deadline; the chain runs with the caller's context current, so a
 * call an interceptor makes itself, on that thread, inherits it too; the real call is made within
 * it whichever thread invokes the continuation; and when that context is cancelled, a chain still
 * running ends with {@link StatusCode#CANCELLED} ({@link StatusCode#DEADLINE_EXCEEDED} for its
 * deadline), as the call would.
 */
public interface ClientInterceptor {}
