package io.github.grpcaio;

/**
 * The common parent of the four client interceptor kinds, as Python's {@code
 * grpc.aio.ClientInterceptor}. Implement one or more of {@link UnaryUnaryClientInterceptor}, {@link
 * UnaryStreamClientInterceptor}, {@link StreamUnaryClientInterceptor} and {@link
 * StreamStreamClientInterceptor}, and install them with {@link
 * ChannelOptions.Builder#interceptors}. The first interceptor in the list is the outermost.
 */
public interface ClientInterceptor {}
