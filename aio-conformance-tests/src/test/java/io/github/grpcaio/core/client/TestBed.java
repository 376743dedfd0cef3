package io.github.grpcaio.core.client;

import io.github.grpcaio.Channel;
import io.github.grpcaio.ChannelOptions;
import io.github.grpcaio.GenericRpcHandler;
import io.github.grpcaio.Server;
import io.github.grpcaio.core.GrpcAio;
import io.github.grpcaio.core.Transport;
import java.time.Duration;

/**
 * A started server with the given handlers and a channel to it over one {@link Transport}. Closing
 * it closes the channel, then stops the server, each bounded.
 */
final class TestBed implements AutoCloseable {

  private final Server server;
  private final Channel channel;

  private TestBed(Server server, Channel channel) {
    this.server = server;
    this.channel = channel;
  }

  static TestBed start(Transport transport, GenericRpcHandler... handlers) {
    return start(transport, ChannelOptions.DEFAULT, handlers);
  }

  static TestBed start(
      Transport transport, ChannelOptions channelOptions, GenericRpcHandler... handlers) {
    Server server = GrpcAio.server();
    server.addGenericRpcHandlers(handlers);
    Channel channel = transport.bind(server, channelOptions);
    server.start().join();
    return new TestBed(server, channel);
  }

  Server server() {
    return server;
  }

  Channel channel() {
    return channel;
  }

  @Override
  public void close() {
    try {
      Await.get(channel.closeAsync(Duration.ZERO), Duration.ofSeconds(10));
    } finally {
      Await.get(server.stop(Duration.ZERO), Duration.ofSeconds(10));
    }
  }
}
