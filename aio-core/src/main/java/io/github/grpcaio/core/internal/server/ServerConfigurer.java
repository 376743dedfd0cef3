package io.github.grpcaio.core.internal.server;

import io.github.grpcaio.ServerOptions;
import io.github.grpcaio.core.internal.Durations;
import io.github.grpcaio.core.internal.MessageEncodings;
import io.grpc.Metadata;
import io.grpc.ServerBuilder;
import io.grpc.ServerCall;
import io.grpc.ServerCallExecutorSupplier;
import io.grpc.inprocess.InProcessServerBuilder;
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

  /**
   * Keeps each call on the thread that delivers its events (no executor of its own, so no hop) but
   * makes grpc-java queue those events in a thread-safe way: naming a supplier, even one that never
   * picks an executor, makes it use its {@code SerializingExecutor} instead of the {@code
   * SerializeReentrantCallsDirectExecutor} of a direct executor, which is safe only when every
   * event of a call comes on one thread at a time.
   */
  private static final ServerCallExecutorSupplier THREAD_SAFE_DIRECT =
      new ServerCallExecutorSupplier() {
        @Override
        public <ReqT, RespT> Executor getExecutor(ServerCall<ReqT, RespT> call, Metadata headers) {
          return null; // the server's direct executor
        }
      };

  private ServerConfigurer() {}

  /** Starts every call on {@code executor}, serialized per call by grpc-java. */
  private static ServerCallExecutorSupplier onExecutor(Executor executor) {
    return new ServerCallExecutorSupplier() {
      @Override
      public <ReqT, RespT> Executor getExecutor(ServerCall<ReqT, RespT> call, Metadata headers) {
        return executor;
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
    if (!interceptors.isEmpty()) {
      // grpc-java runs the interceptor added last first: add them backwards so the first listed
      // runs first. They run before any handler is known, so every call must leave the transport
      // thread before they run: it starts on the server's executor (replacing in-process ports'
      // THREAD_SAFE_DIRECT, which the hop makes moot).
      for (int i = interceptors.size() - 1; i >= 0; i--) {
        builder.intercept(interceptors.get(i));
      }
      builder.callExecutor(onExecutor(executor));
    }
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

  /**
   * Applies what in-process ports need. There, the end of a call is delivered on the thread that
   * ends it: a {@code ServerRpc} that closes its call on its own context (an unknown method, a
   * failed lookup, a stop) may do so while the transport thread is still inside {@code startCall},
   * before grpc-java has attached the listener. With the direct executor's unsynchronized queue,
   * that {@code onComplete} was then lost now and then, the RPC never released and {@code stop()}
   * waited for its bound. (Netty delivers every event of a call, its end included, on the call's
   * event loop, so it needs none of this, and keeps grpc-java's faster direct path.)
   */
  static void applyInProcess(InProcessServerBuilder builder) {
    builder.callExecutor(THREAD_SAFE_DIRECT);
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
