package io.github.grpcaio.core.server;

import static io.github.grpcaio.testkit.Utf8.DESERIALIZER;
import static io.github.grpcaio.testkit.Utf8.SERIALIZER;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.CallOptions;
import io.github.grpcaio.ChannelOptions;
import io.github.grpcaio.Compression;
import io.github.grpcaio.RpcMethodHandler;
import io.github.grpcaio.ServiceRpcHandler;
import io.github.grpcaio.UnaryUnaryMultiCallable;
import io.github.grpcaio.testkit.AioTestServer;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.Transport;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code ServicerContext.requestCompression()} reports what the client declared for its call. */
@ParameterizedClass
@EnumSource(Transport.class)
class RequestCompressionTest {

  private final Transport transport;
  @AutoClose private AioTestServer server;

  RequestCompressionTest(Transport transport) {
    this.transport = transport;
  }

  /** A server whose one method answers with the request compression's name. */
  private UnaryUnaryMultiCallable<String, String> start(ChannelOptions channelOptions) {
    server =
        AioTestServer.builder()
            .transport(transport)
            .addService(
                ServiceRpcHandler.of(
                    "test.Compression",
                    Map.of(
                        "Declared",
                        RpcMethodHandler.<String, String>unaryUnary(
                            (request, context) ->
                                CompletableFuture.completedFuture(
                                    context.requestCompression().name()),
                            DESERIALIZER,
                            SERIALIZER))))
            .channelOptions(channelOptions)
            .start();
    return server.channel().unaryUnary("/test.Compression/Declared", SERIALIZER, DESERIALIZER);
  }

  @Test
  void uncompressedCall_isNoCompression() {
    UnaryUnaryMultiCallable<String, String> declared = start(ChannelOptions.DEFAULT);
    assertThat(Await.result(declared.call("x").response())).isEqualTo("NO_COMPRESSION");
  }

  @Test
  void callCompression_isReported() {
    UnaryUnaryMultiCallable<String, String> declared = start(ChannelOptions.DEFAULT);
    assertThat(
            Await.result(
                declared
                    .call("x", CallOptions.DEFAULT.withCompression(Compression.GZIP))
                    .response()))
        .isEqualTo("GZIP");
    assertThat(
            Await.result(
                declared
                    .call("x", CallOptions.DEFAULT.withCompression(Compression.NO_COMPRESSION))
                    .response()))
        .isEqualTo("NO_COMPRESSION");
  }

  @Test
  void channelCompression_isReported() {
    UnaryUnaryMultiCallable<String, String> declared =
        start(ChannelOptions.builder().compression(Compression.DEFLATE).build());
    assertThat(Await.result(declared.call("x").response())).isEqualTo("DEFLATE");
  }
}
