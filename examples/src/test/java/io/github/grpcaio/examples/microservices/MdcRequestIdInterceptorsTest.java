package io.github.grpcaio.examples.microservices;

import static io.github.grpcaio.testkit.Utf8.DESERIALIZER;
import static io.github.grpcaio.testkit.Utf8.SERIALIZER;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.CallOptions;
import io.github.grpcaio.Channel;
import io.github.grpcaio.ChannelOptions;
import io.github.grpcaio.Metadata;
import io.github.grpcaio.RpcMethodHandler;
import io.github.grpcaio.ServiceRpcHandler;
import io.github.grpcaio.core.MdcPropagator;
import io.github.grpcaio.examples.interceptors.RequestIdClientInterceptor;
import io.github.grpcaio.testkit.AioTestServer;
import io.github.grpcaio.testkit.Transport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.MDC;

/**
 * The request id through the MDC on both sides of a call, on every transport: the server
 * interceptor puts the metadata's {@code request_id} into the handler's MDC, the client interceptor
 * takes the caller's MDC into the metadata, with {@link MdcPropagator} on the channel's executor.
 */
@ParameterizedClass
@EnumSource(Transport.class)
class MdcRequestIdInterceptorsTest {

  private static final String METHOD = "/test.Mdc/WhatIsMyRequestId";

  private final Transport transport;
  private final ExecutorService serverExecutor = Executors.newSingleThreadExecutor();
  private AioTestServer server;

  MdcRequestIdInterceptorsTest(Transport transport) {
    this.transport = transport;
  }

  @AfterEach
  void tearDown() throws Exception {
    try {
      if (server != null) {
        server.close();
      }
    } finally {
      serverExecutor.shutdownNow();
      assertThat(serverExecutor.awaitTermination(10, SECONDS)).isTrue();
      MDC.clear();
    }
  }

  /** Answers with the request id its handler finds in the MDC. */
  private AioTestServer start() {
    server =
        AioTestServer.builder()
            .transport(transport)
            .addInterceptor(new MdcRequestIdServerInterceptor())
            .serverOptions(
                options ->
                    options
                        .executor(serverExecutor)
                        .contextPropagators(List.of(MdcPropagator.INSTANCE)))
            .addService(
                ServiceRpcHandler.of(
                    "test.Mdc",
                    Map.of(
                        "WhatIsMyRequestId",
                        RpcMethodHandler.<String, String>unaryUnary(
                            (request, context) ->
                                CompletableFuture.completedFuture(
                                    String.valueOf(MDC.get(MdcRequestIdServerInterceptor.MDC_KEY))),
                            DESERIALIZER,
                            SERIALIZER))))
            .start();
    return server;
  }

  private static String call(Channel channel, CallOptions options) throws Exception {
    return channel
        .unaryUnary(METHOD, SERIALIZER, DESERIALIZER)
        .call("", options)
        .response()
        .get(10, SECONDS);
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "0f9e-77"})
  void serverInterceptor_requestIdInMetadata_isInTheHandlersMdc(String requestId) throws Exception {
    Channel channel = start().channel();

    String seen =
        call(
            channel,
            CallOptions.DEFAULT.withMetadata(
                Metadata.of(RequestIdClientInterceptor.KEY, requestId)));

    assertThat(seen).isEqualTo(requestId);
  }

  @Test
  void serverInterceptor_noRequestId_givesTheHandlerANewOne() throws Exception {
    Channel channel = start().channel();

    String seen = call(channel, CallOptions.DEFAULT);

    assertThat(seen).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  }

  @Test
  void serverInterceptor_afterTheRpc_leavesNoRequestIdOnTheThread() throws Exception {
    Channel channel = start().channel();
    call(
        channel,
        CallOptions.DEFAULT.withMetadata(Metadata.of(RequestIdClientInterceptor.KEY, "x")));
    server.awaitOpenRpcs(0, Duration.ofSeconds(5)); // the done callback ran too

    // The server's only thread: what is left in its MDC once the RPC is over?
    String left =
        serverExecutor
            .submit(() -> MDC.get(MdcRequestIdServerInterceptor.MDC_KEY))
            .get(10, SECONDS);

    assertThat(left).isNull();
  }

  @Test
  void clientInterceptor_withMdcPropagator_sendsTheCallersRequestId() throws Exception {
    start();
    Channel channel =
        server.channel(
            ChannelOptions.builder()
                .contextPropagators(List.of(MdcPropagator.INSTANCE))
                .interceptors(
                    List.of(new MdcRequestIdClientInterceptor(), new RequestIdClientInterceptor()))
                .build());

    MDC.put(MdcRequestIdServerInterceptor.MDC_KEY, "from-caller"); // tearDown clears it
    String seen = call(channel, CallOptions.DEFAULT);

    assertThat(seen).isEqualTo("from-caller");
    channel.close();
  }

  /**
   * Why the example installs {@link MdcPropagator}: grpc-aio runs client interceptors on the
   * channel's executor, where the caller's thread-locals are not unless a propagator carries them.
   */
  @Test
  void clientInterceptor_onTheDefaultExecutor_doesNotSeeTheCallersMdc() throws Exception {
    start();
    Channel channel =
        server.channel(
            ChannelOptions.builder()
                .interceptors(
                    List.of(new MdcRequestIdClientInterceptor(), new RequestIdClientInterceptor()))
                .build());

    MDC.put(MdcRequestIdServerInterceptor.MDC_KEY, "from-caller"); // tearDown clears it
    String seen = call(channel, CallOptions.DEFAULT);

    assertThat(seen).isNotEqualTo("from-caller").matches("[0-9a-f-]{36}");
  }
}
