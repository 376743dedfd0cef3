package io.github.grpcaio.core.server;

import io.github.grpcaio.Channel;
import io.github.grpcaio.ChannelOptions;
import io.github.grpcaio.GenericRpcHandler;
import io.github.grpcaio.RpcMethodHandler;
import io.github.grpcaio.Server;
import io.github.grpcaio.ServerOptions;
import io.github.grpcaio.ServiceRpcHandler;
import io.github.grpcaio.core.GrpcAio;
import io.github.grpcaio.core.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real server with a port of one transport and channels to it. Closing it closes the channels and
 * stops the server at once, with bounded waits.
 */
final class ServerHarness implements AutoCloseable {

  /** The service every test registers its methods under. */
  static final String SERVICE = "test.Server";

  final Transport transport;
  final Server server;
  final Channel channel;

  /** The in-process name or the Netty port: where channels connect to. */
  private final String address;

  private final List<Channel> extraChannels = new ArrayList<>();

  private ServerHarness(Transport transport, Server server, String address, Channel channel) {
    this.transport = transport;
    this.server = server;
    this.address = address;
    this.channel = channel;
  }

  /** Creates a server with the handlers and binds a port, without starting it. */
  static ServerHarness create(
      Transport transport,
      ServerOptions serverOptions,
      ChannelOptions channelOptions,
      GenericRpcHandler... handlers) {
    Server server = GrpcAio.server(serverOptions);
    server.addGenericRpcHandlers(handlers);
    String address =
        switch (transport) {
          case IN_PROCESS -> {
            String name = "aio-server-test-" + UUID.randomUUID();
            server.addInProcessPort(name);
            yield name;
          }
          case NETTY -> String.valueOf(server.addInsecurePort("127.0.0.1:0"));
        };
    return new ServerHarness(transport, server, address, open(transport, address, channelOptions));
  }

  /** A started server with default options serving the handlers. */
  static ServerHarness start(Transport transport, GenericRpcHandler... handlers) {
    return start(transport, ServerOptions.DEFAULT, ChannelOptions.DEFAULT, handlers);
  }

  /** A started server serving the handlers. */
  static ServerHarness start(
      Transport transport,
      ServerOptions serverOptions,
      ChannelOptions channelOptions,
      GenericRpcHandler... handlers) {
    ServerHarness harness = create(transport, serverOptions, channelOptions, handlers);
    Await.result(harness.server.start());
    return harness;
  }

  /** A generic handler serving {@code /test.Server/<name>} for each entry. */
  static GenericRpcHandler service(Map<String, RpcMethodHandler<?, ?>> methods) {
    return ServiceRpcHandler.of(SERVICE, methods);
  }

  /** The full name of a method of {@link #SERVICE}. */
  static String method(String name) {
    return "/" + SERVICE + "/" + name;
  }

  /** Opens another channel to the server. */
  Channel newChannel(ChannelOptions options) {
    Channel c = open(transport, address, options);
    extraChannels.add(c);
    return c;
  }

  /** The in-process name, for {@link Transport#IN_PROCESS}. */
  String inProcessName() {
    return address;
  }

  /** The bound port, for {@link Transport#NETTY}. */
  int port() {
    return Integer.parseInt(address);
  }

  private static Channel open(Transport transport, String address, ChannelOptions options) {
    return switch (transport) {
      case IN_PROCESS -> GrpcAio.inProcessChannel(address, options);
      case NETTY -> GrpcAio.insecureChannel("127.0.0.1:" + address, options);
    };
  }

  @Override
  public void close() throws ExecutionException, TimeoutException {
    try {
      for (Channel c : extraChannels) {
        c.closeAsync(Duration.ZERO).get(Await.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
      channel.closeAsync(Duration.ZERO).get(Await.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while closing", e);
    } finally {
      try {
        server.stop(null).get(Await.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
