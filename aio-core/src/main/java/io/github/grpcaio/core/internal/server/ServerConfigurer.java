package io.github.grpcaio.core.internal.server;

import io.github.grpcaio.ServerOptions;
import io.github.grpcaio.core.internal.Durations;
import io.github.grpcaio.core.internal.MessageEncodings;
import io.github.grpcaio.core.internal.stream.SerializingExecutor;
import io.grpc.Metadata;
import io.grpc.ServerBuilder;
import io.grpc.ServerCall;
import io.grpc.ServerCallExecutorSupplier;
import io.grpc.netty.NettyServerBuilder;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Turns {@link ServerOptions} into grpc-java server builder settings, the grpc-java interceptors
 * included. Settings of connections (keepalive, connection idle time and age, {@code
 * grpc.max_concurrent_streams}) apply to Netty ports only: in-process transports have no connection
 * to keep alive.
 */
final class ServerConfigurer {

  private ServerConfigurer() {}

  /**
   * Gives every call an executor of its own, which becomes its RPC's context (see {@link
   * SerializingExecutor#forGrpcCall}): grpc-java hops once per burst of the call's events onto it
   * and the RPC handles them in that drain, so the hop grpc-java makes for any non-direct executor
   * is the only one. It also makes grpc-java queue a call's events in its thread-safe {@code
   * SerializingExecutor} (a direct executor's queue is safe only when every event of a call comes
   * on one thread at a time, which in-process calls break: an RPC ended on its own context while
   * the transport thread is still inside {@code startCall} lost its {@code onComplete} now and
   * then), and parse messages there rather than on the transport thread, as it does for raw
   * grpc-java servers with an executor. grpc-java interceptors run on it too, before any handler is
   * known.
   */
  private static ServerCallExecutorSupplier perCallContext(Executor executor) {
    return new ServerCallExecutorSupplier() {
      @Override
      public <ReqT, RespT> Executor getExecutor(ServerCall<ReqT, RespT> call, Metadata headers) {
        return SerializingExecutor.forGrpcCall(executor);
      }
    };
  }

  /**
   * Applies what every transport shares: message encodings, size limits and grpc-java interceptors.
   *
   * @param executor the server's executor, where grpc-java interceptors run
   */
  static void apply(ServerBuilder<?> builder, ServerOptions options, Executor executor) {
    List<io.grpc.ServerInterceptor> interceptors = options.grpcInterceptors();
    // grpc-java runs the interceptor added last first: add them backwards so the first listed runs
    // first.
    for (int i = interceptors.size() - 1; i >= 0; i--) {
      builder.intercept(interceptors.get(i));
    }
    builder.callExecutor(perCallContext(executor));
    builder.compressorRegistry(MessageEncodings.COMPRESSORS);
    builder.decompressorRegistry(MessageEncodings.DECOMPRESSORS);
    options
        .maxReceiveMessageLength()
        .ifPresent(n -> builder.maxInboundMessageSize(n < 0 ? Integer.MAX_VALUE : n));
    options.maxMetadataSize().ifPresent(builder::maxInboundMetadataSize);
    options
        .grpcBuilder()
        .ifPresent(configurer -> configurer.accept(builder)); // last, as documented
  }

  /** Applies the settings of Netty connections. */
  static void applyNetty(NettyServerBuilder builder, ServerOptions options) {
    options.maxConcurrentStreams().ifPresent(builder::maxConcurrentCallsPerConnection);
    applyKeepalive(builder, options);
  }

  /**
   * Applies the settings of connections to the builder of a server builder factory: through {@link
   * ServerBuilder}'s methods, unless it is a Netty builder.
   *
   * @throws IllegalArgumentException if {@code grpc.max_concurrent_streams} is set and the builder
   *     is not a Netty builder, which alone has that setting
   */
  static void applyConnections(ServerBuilder<?> builder, ServerOptions options) {
    if (builder instanceof NettyServerBuilder netty) {
      applyNetty(netty, options);
      return;
    }
    if (options.maxConcurrentStreams().isPresent()) {
      throw new IllegalArgumentException(
          "grpc.max_concurrent_streams applies to a NettyServerBuilder only; the"
              + " grpcServerBuilderFactory made a "
              + builder.getClass().getName()
              + ": set it there");
    }
    applyKeepalive(builder, options);
  }

  /** Applies keepalive and connection idle time and age, which every transport's builder takes. */
  private static void applyKeepalive(ServerBuilder<?> builder, ServerOptions options) {
    options
        .keepaliveTime()
        .ifPresent(d -> builder.keepAliveTime(Durations.toNanos(d), TimeUnit.NANOSECONDS));
    options
        .keepaliveTimeout()
        .ifPresent(d -> builder.keepAliveTimeout(Durations.toNanos(d), TimeUnit.NANOSECONDS));
    options.permitKeepaliveWithoutCalls().ifPresent(builder::permitKeepAliveWithoutCalls);
    options
        .permitKeepaliveTime()
        .ifPresent(d -> builder.permitKeepAliveTime(Durations.toNanos(d), TimeUnit.NANOSECONDS));
    options
        .maxConnectionIdle()
        .ifPresent(d -> builder.maxConnectionIdle(Durations.toNanos(d), TimeUnit.NANOSECONDS));
    options
        .maxConnectionAge()
        .ifPresent(d -> builder.maxConnectionAge(Durations.toNanos(d), TimeUnit.NANOSECONDS));
    options
        .maxConnectionAgeGrace()
        .ifPresent(d -> builder.maxConnectionAgeGrace(Durations.toNanos(d), TimeUnit.NANOSECONDS));
  }
}
