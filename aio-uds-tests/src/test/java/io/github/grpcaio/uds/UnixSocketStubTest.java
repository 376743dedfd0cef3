package io.github.grpcaio.uds;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.Channel;
import io.github.grpcaio.ChannelCredentials;
import io.github.grpcaio.LocalConnectionType;
import io.github.grpcaio.Server;
import io.github.grpcaio.ServerCredentials;
import io.github.grpcaio.ServicerContext;
import io.github.grpcaio.core.GrpcAio;
import io.github.grpcaio.it.echo.EchoAio;
import io.github.grpcaio.it.echo.EchoReply;
import io.github.grpcaio.it.echo.EchoRequest;
import io.github.grpcaio.testkit.Await;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A generated stub calls a generated servicer over a Unix socket with local credentials. */
class UnixSocketStubTest {

  @TempDir Path dir;

  @Test
  void typedUnaryCall_overUnixSocket() {
    String address = "unix:" + dir.resolve("echo.sock");
    try (Server server = GrpcAio.server()) {
      EchoAio.addEchoServicerToServer(
          new EchoAio.Servicer() {
            @Override
            public CompletionStage<EchoReply> echo(
                EchoRequest request, ServicerContext<EchoRequest, EchoReply> context) {
              return CompletableFuture.completedFuture(
                  EchoReply.newBuilder()
                      .setText(request.getText() + " via " + context.peer())
                      .build());
            }
          },
          server);
      server.addSecurePort(address, ServerCredentials.local(LocalConnectionType.UDS));
      Await.result(server.start());
      try (Channel channel =
          GrpcAio.secureChannel(address, ChannelCredentials.local(LocalConnectionType.UDS))) {
        EchoReply reply =
            Await.result(
                EchoAio.newStub(channel)
                    .echo(EchoRequest.newBuilder().setText("hi").build())
                    .response());
        assertThat(reply.getText()).isEqualTo("hi via unix:");
      }
    }
  }
}
