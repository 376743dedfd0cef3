package io.github.grpcaio.core.interceptors;

import io.github.grpcaio.Channel;
import io.github.grpcaio.ChannelOptions;
import io.github.grpcaio.ClientInterceptor;
import io.github.grpcaio.Server;
import io.github.grpcaio.ServerInterceptor;
import io.github.grpcaio.testkit.AioTestServer;
import io.github.grpcaio.testkit.Transport;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * An {@link AioTestServer} serving {@link Service} with server interceptors, and its channel with
 * client interceptors, over one transport. Closing it closes the test server (and checks that no
 * RPC was left open).
 */
final class Harness implements AutoCloseable {

  final Service service = new Service();
  final Server server;
  final Channel channel;
  private final AioTestServer testServer;

  private Harness(
      Transport transport,
      List<? extends ServerInterceptor> serverInterceptors,
      List<? extends ClientInterceptor> clientInterceptors,
      Executor channelExecutor) {
    ChannelOptions.Builder options = ChannelOptions.builder().interceptors(clientInterceptors);
    if (channelExecutor != null) {
      options.executor(channelExecutor);
    }
    testServer =
        AioTestServer.builder()
            .transport(transport)
            .addService(service.handler())
            .addInterceptor(serverInterceptors.toArray(ServerInterceptor[]::new))
            .channelOptions(options.build())
            .start();
    server = testServer.server();
    channel = testServer.channel();
  }

  static Harness client(Transport transport, ClientInterceptor... interceptors) {
    return new Harness(transport, List.of(), List.of(interceptors), null);
  }

  static Harness client(
      Transport transport, Executor channelExecutor, ClientInterceptor... interceptors) {
    return new Harness(transport, List.of(), List.of(interceptors), channelExecutor);
  }

  static Harness server(Transport transport, ServerInterceptor... interceptors) {
    return new Harness(transport, List.of(interceptors), List.of(), null);
  }

  /** Reads a stream with {@code read} until its end. */
  static <T> CompletableFuture<List<T>> readAll(Supplier<CompletableFuture<Optional<T>>> read) {
    CompletableFuture<List<T>> result = new CompletableFuture<>();
    readNext(read, new ArrayList<>(), result);
    return result;
  }

  private static <T> void readNext(
      Supplier<CompletableFuture<Optional<T>>> read,
      List<T> got,
      CompletableFuture<List<T>> result) {
    read.get()
        .whenComplete(
            (next, error) -> {
              if (error != null) {
                result.completeExceptionally(error);
              } else if (next.isEmpty()) {
                result.complete(got);
              } else {
                got.add(next.get());
                readNext(read, got, result);
              }
            });
  }

  @Override
  public void close() {
    testServer.close();
  }
}
