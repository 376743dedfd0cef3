package io.github.grpcaio.core.interceptors;

import io.github.grpcaio.Channel;
import io.github.grpcaio.ChannelOptions;
import io.github.grpcaio.ClientInterceptor;
import io.github.grpcaio.Server;
import io.github.grpcaio.ServerInterceptor;
import io.github.grpcaio.ServerOptions;
import io.github.grpcaio.core.GrpcAio;
import io.github.grpcaio.core.Transport;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * A started server serving {@link Service} with server interceptors, and a channel to it with
 * client interceptors, over one transport. Closing closes both at once, bounded.
 */
final class Harness implements AutoCloseable {

  final Service service = new Service();
  final Server server;
  final Channel channel;

  private Harness(
      Transport transport,
      List<? extends ServerInterceptor> serverInterceptors,
      List<? extends ClientInterceptor> clientInterceptors) {
    this(transport, serverInterceptors, clientInterceptors, null);
  }

  private Harness(
      Transport transport,
      List<? extends ServerInterceptor> serverInterceptors,
      List<? extends ClientInterceptor> clientInterceptors,
      Executor channelExecutor) {
    server =
        GrpcAio.server(
            ServerOptions.builder()
                .interceptors(serverInterceptors)
                .handlers(List.of(service.handler()))
                .build());
    ChannelOptions.Builder options = ChannelOptions.builder().interceptors(clientInterceptors);
    if (channelExecutor != null) {
      options.executor(channelExecutor);
    }
    channel = transport.bind(server, options.build());
    get(server.start());
  }

  static Harness client(Transport transport, ClientInterceptor... interceptors) {
    return new Harness(transport, List.of(), List.of(interceptors));
  }

  static Harness client(
      Transport transport, Executor channelExecutor, ClientInterceptor... interceptors) {
    return new Harness(transport, List.of(), List.of(interceptors), channelExecutor);
  }

  static Harness server(Transport transport, ServerInterceptor... interceptors) {
    return new Harness(transport, List.of(interceptors), List.of());
  }

  /** Waits (bounded) for a future and returns its value. */
  static <T> T get(CompletableFuture<T> future) {
    try {
      return future.get(Await.SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("Expected success of " + future + ", got " + e, e);
    }
  }

  @Override
  public void close() {
    try {
      get(channel.closeAsync(Duration.ZERO));
    } finally {
      get(server.stop(Duration.ZERO));
    }
  }
}
