package io.github.grpcaio.examples.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.Server;
import io.github.grpcaio.ServerOptions;
import io.github.grpcaio.core.GrpcAio;
import io.github.grpcaio.examples.interop.proto.TestServiceAio;
import io.github.grpcaio.testkit.Await;
import io.grpc.Metadata;
import io.grpc.ServerStreamTracer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code client_compressed_streaming} on the channel {@code InteropClient.run} opens sends its
 * first request compressed and its second uncompressed, as the case asks (a strict server, grpc
 * C++'s, checks each message), seen on the server's wire: a request of zeros arrives much smaller
 * than it is when compressed, at its size when not.
 */
class SecondRequestUncompressedTest {

  /** The wire size of each request the server read, in order. */
  private final List<Long> wireSizes = new CopyOnWriteArrayList<>();

  private Server server;

  @AfterEach
  void stop() {
    if (server != null) {
      Await.result(server.stop(Duration.ZERO));
    }
  }

  @Test
  void clientCompressedStreaming_sendsTheFirstRequestCompressedAndTheSecondNot() throws Exception {
    ServerStreamTracer.Factory sizes =
        new ServerStreamTracer.Factory() {
          @Override
          public ServerStreamTracer newServerStreamTracer(String method, Metadata headers) {
            if (!method.endsWith("/StreamingInputCall")) {
              return new ServerStreamTracer() {};
            }
            return new ServerStreamTracer() {
              @Override
              public void inboundMessageRead(int seqNo, long wireSize, long uncompressedSize) {
                wireSizes.add(wireSize);
              }
            };
          }
        };
    server =
        GrpcAio.server(
            ServerOptions.builder().grpcBuilder(b -> b.addStreamTracerFactory(sizes)).build());
    TestServiceAio.addTestServiceServicerToServer(new InteropService(), server);
    int port = server.addInsecurePort("127.0.0.1:0");
    Await.result(server.start());

    ByteArrayOutputStream output = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
      InteropClient.run("127.0.0.1", port, List.of("client_compressed_streaming_noprobe"), out);
    }

    assertThat(output.toString(StandardCharsets.UTF_8)).contains("1 passed, 0 failed");
    // The case's requests carry 27 182 and 45 904 zero bytes.
    assertThat(wireSizes).hasSize(2);
    assertThat(wireSizes.get(0)).as("the first request on the wire").isLessThan(1_000L);
    assertThat(wireSizes.get(1)).as("the second request on the wire").isGreaterThan(45_904L);
  }
}
