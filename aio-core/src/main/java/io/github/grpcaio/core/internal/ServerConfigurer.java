package io.github.grpcaio.core.internal;

import io.github.grpcaio.ServerOptions;
import io.grpc.ServerBuilder;
import io.grpc.netty.NettyServerBuilder;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Turns {@link ServerOptions} into grpc-java server builder settings. Settings of connections
 * (keepalive, connection idle time and age, {@code grpc.max_concurrent_streams}) apply to Netty
 * ports only: in-process transports have no connection to keep alive.
 */
final class ServerConfigurer {

  private ServerConfigurer() {}

  /** Applies what every transport shares: message encodings and size limits. */
  static void apply(ServerBuilder<?> builder, ServerOptions options) {
    builder.compressorRegistry(MessageEncodings.COMPRESSORS);
    builder.decompressorRegistry(MessageEncodings.DECOMPRESSORS);
    options
        .maxReceiveMessageLength()
        .ifPresent(n -> builder.maxInboundMessageSize(n < 0 ? Integer.MAX_VALUE : n));
    options.maxMetadataSize().ifPresent(builder::maxInboundMetadataSize);
  }

  /** Applies the settings of Netty connections. */
  static void applyNetty(NettyServerBuilder builder, ServerOptions options) {
    options.maxConcurrentStreams().ifPresent(builder::maxConcurrentCallsPerConnection);
    options.keepaliveTime().ifPresent(d -> builder.keepAliveTime(nanos(d), TimeUnit.NANOSECONDS));
    options
        .keepaliveTimeout()
        .ifPresent(d -> builder.keepAliveTimeout(nanos(d), TimeUnit.NANOSECONDS));
    options.permitKeepaliveWithoutCalls().ifPresent(builder::permitKeepAliveWithoutCalls);
    options
        .permitKeepaliveTime()
        .ifPresent(d -> builder.permitKeepAliveTime(nanos(d), TimeUnit.NANOSECONDS));
    options
        .maxConnectionIdle()
        .ifPresent(d -> builder.maxConnectionIdle(nanos(d), TimeUnit.NANOSECONDS));
    options
        .maxConnectionAge()
        .ifPresent(d -> builder.maxConnectionAge(nanos(d), TimeUnit.NANOSECONDS));
    options
        .maxConnectionAgeGrace()
        .ifPresent(d -> builder.maxConnectionAgeGrace(nanos(d), TimeUnit.NANOSECONDS));
  }

  private static long nanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }
}
