package io.github.grpcaio.core;

import io.github.grpcaio.Channel;
import io.github.grpcaio.ChannelOptions;
import io.github.grpcaio.Server;
import java.util.UUID;

/** The transports every semantic test runs on. */
public enum Transport {
  IN_PROCESS {
    @Override
    public Channel bind(Server server, ChannelOptions options) {
      String name = "aio-test-" + UUID.randomUUID();
      server.addInProcessPort(name);
      return GrpcAio.inProcessChannel(name, options);
    }
  },
  NETTY {
    @Override
    public Channel bind(Server server, ChannelOptions options) {
      int port = server.addInsecurePort("127.0.0.1:0");
      return GrpcAio.insecureChannel("127.0.0.1:" + port, options);
    }
  };

  /** Adds a port of this transport to {@code server} and opens a channel to it. */
  public abstract Channel bind(Server server, ChannelOptions options);
}
