package io.github.grpcaio.core.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.CallOptions;
import io.github.grpcaio.ChannelOptions;
import io.github.grpcaio.Compression;
import io.github.grpcaio.Deserializer;
import io.github.grpcaio.RpcMethodHandler;
import io.github.grpcaio.Serializer;
import io.github.grpcaio.ServiceRpcHandler;
import io.github.grpcaio.UnaryUnaryMultiCallable;
import io.github.grpcaio.core.Await;
import io.github.grpcaio.testkit.AioTestServer;
import io.github.grpcaio.testkit.Transport;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code ServicerContext.requestCompression()} reports what the client declared for its call. */
@ParameterizedClass
@EnumSource(Transport.class)
class RequestCompressionTest {

  private static final Serializer<String> UTF8_OUT = s -> s.getBytes(StandardCharsets.UTF_8);
  private static final Deserializer<String> UTF8_IN = b -> new String(b, StandardCharsets.UTF_8);

  private final Transport transport;
  private AioTestServer server;

  RequestCompressionTest(Transport transport) {
    this.transport = transport;
  }

  @AfterEach
  void close() {
    if (server != null) {
      server.close();
    }
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
                            UTF8_IN,
                            UTF8_OUT))))
            .channelOptions(channelOptions)
            .start();
    return server.channel().unaryUnary("/test.Compression/Declared", UTF8_OUT, UTF8_IN);
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
