package io.github.grpcaio.it;

import io.github.grpcaio.Channel;
import io.github.grpcaio.Server;
import io.github.grpcaio.core.GrpcAio;
import java.util.UUID;

/** The transports the generated code is run over. */
enum Transport {
  IN_PROCESS {
    @Override
    Channel start(Server server) {
      String name = "aio-protoc-plugin-tests-" + UUID.randomUUID();
      server.addInProcessPort(name);
      server.start().join();
      return GrpcAio.inProcessChannel(name);
    }
  },
  NETTY {
    @Override
    Channel start(Server server) {
      int port = server.addInsecurePort("127.0.0.1:0");
      server.start().join();
      return GrpcAio.insecureChannel("127.0.0.1:" + port);
    }
  };

  /** Adds a port of this transport to {@code server}, starts it and returns a channel to it. */
  abstract Channel start(Server server);
}
