package io.github.grpcaio.testkit;

import io.github.grpcaio.Channel;
import io.github.grpcaio.ChannelOptions;
import io.github.grpcaio.GenericRpcHandler;
import io.github.grpcaio.Server;
import io.github.grpcaio.core.GrpcAio;
import io.grpc.ManagedChannelBuilder;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.netty.NettyChannelBuilder;
import java.util.UUID;

/**
 * The transports an {@link AioTestServer} can listen on. Suites that must hold on every transport
 * run over this enum, for example with {@code @ParameterizedClass @EnumSource(Transport.class)}.
 */
public enum Transport {
  /** grpc-java's in-process transport under a name unique in the JVM: no sockets, no threads. */
  IN_PROCESS {
    @Override
    public String bind(Server server) {
      String name = "aio-testkit-" + UUID.randomUUID();
      server.addInProcessPort(name);
      return name;
    }

    @Override
    public Channel open(String target, ChannelOptions options) {
      return GrpcAio.inProcessChannel(target, options);
    }

    @Override
    public ManagedChannelBuilder<?> grpcChannelBuilder(String target) {
      return InProcessChannelBuilder.forName(target);
    }
  },
  /** Netty on a free plaintext port of {@code 127.0.0.1}: a real socket and HTTP/2 framing. */
  NETTY {
    @Override
    public String bind(Server server) {
      return "127.0.0.1:" + server.addInsecurePort("127.0.0.1:0");
    }

    @Override
    public Channel open(String target, ChannelOptions options) {
      return GrpcAio.insecureChannel(target, options);
    }

    @Override
    public ManagedChannelBuilder<?> grpcChannelBuilder(String target) {
      return NettyChannelBuilder.forTarget(target).usePlaintext();
    }
  };

  /**
   * Starts a test server on this transport with default options serving {@code handlers}, as {@code
   * AioTestServer.builder().transport(this).addService(handlers).start()}.
   *
   * @param handlers the services, for example {@code ServiceRpcHandler}s or generated servicers'
   *     handlers
   * @return the started server; close it to close its channels and check for leaks
   * @throws NullPointerException if a handler is null
   */
  public AioTestServer start(GenericRpcHandler... handlers) {
    return AioTestServer.builder().transport(this).addService(handlers).start();
  }

  /**
   * Adds a port of this transport to a server the test manages itself, for example to test what
   * happens before it starts; {@link AioTestServer} does this for the servers it starts. The caller
   * starts and stops the server and closes the channels it opens. Runs on the calling thread.
   *
   * @return the target channels connect to: an in-process name unique in the JVM, or {@code
   *     127.0.0.1:<port>} for Netty
   * @throws java.io.UncheckedIOException if the port cannot be bound
   * @throws io.github.grpcaio.UsageError if the server was stopped
   */
  public abstract String bind(Server server);

  /**
   * Opens a channel of this transport to {@code target}, as returned by {@link #bind}. The caller
   * closes it.
   *
   * @param options the channel's options
   * @return a new channel
   * @throws NullPointerException if an argument is null
   */
  public abstract Channel open(String target, ChannelOptions options);

  /**
   * Returns a grpc-java channel builder of this transport for {@code target}, as returned by {@link
   * #bind}: to call an aio server from grpc-java's own clients (generated blocking or async stubs,
   * grpc-java's health or reflection clients) on every transport. Netty's is plaintext. The caller
   * builds the channel and shuts it down.
   *
   * @param target an in-process name or {@code 127.0.0.1:<port>}
   * @return a new builder
   * @throws NullPointerException if {@code target} is null
   */
  public abstract ManagedChannelBuilder<?> grpcChannelBuilder(String target);
}
