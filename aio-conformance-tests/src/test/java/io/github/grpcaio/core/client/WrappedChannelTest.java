package io.github.grpcaio.core.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.grpcaio.AioRpcError;
import io.github.grpcaio.CallCredentials;
import io.github.grpcaio.CallOptions;
import io.github.grpcaio.Channel;
import io.github.grpcaio.ChannelConnectivity;
import io.github.grpcaio.ChannelOptions;
import io.github.grpcaio.Compression;
import io.github.grpcaio.Metadata;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.UsageError;
import io.github.grpcaio.core.GrpcAio;
import io.github.grpcaio.testkit.AioTestServer;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.Transport;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code GrpcAio.wrapChannel}: aio calls of every kind on a channel built with grpc-java, who owns
 * it, connectivity, the options that apply per call, and what is refused.
 */
@ParameterizedClass
@EnumSource(Transport.class)
class WrappedChannelTest {

  @Parameter Transport transport;

  private AioTestServer bed;
  private final List<ManagedChannel> grpcChannels = new ArrayList<>();
  private final List<Channel> aioChannels = new ArrayList<>();
  private final CompletableFuture<Void> release = new CompletableFuture<>();
  private final ExecutorService executor =
      Executors.newCachedThreadPool(r -> new Thread(r, "wrapped-channel-executor"));

  @BeforeEach
  void startServer() {
    bed =
        transport.start(
            TestService.serving(
                rpc -> {
                  if (rpc.request().equals("hang")) {
                    return new CompletableFuture<Void>(); // ends by cancel or deadline
                  }
                  if (rpc.request().equals("status")) {
                    rpc.context().setTrailingMetadata(Metadata.of("trailer", "t"));
                    rpc.context().setCode(StatusCode.NOT_FOUND);
                    rpc.context().setDetails("no such thing");
                    return release; // so that the test can add a done callback first
                  }
                  String auth = rpc.context().invocationMetadata().get("authorization");
                  String reply =
                      rpc.request().equals("big")
                          ? "x".repeat(5 * 1024 * 1024)
                          : "echo:" + rpc.request() + ":" + (auth == null ? "none" : auth);
                  return rpc.reply(reply);
                }));
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    for (Channel channel : aioChannels) {
      Await.result(channel.closeAsync(Duration.ZERO));
    }
    executor.shutdown();
    for (ManagedChannel channel : grpcChannels) {
      channel.shutdownNow();
      assertThat(channel.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
    bed.close();
  }

  /** A grpc-java channel to the test server, built as a user would, shut down after the test. */
  private ManagedChannel grpcChannel() {
    ManagedChannel channel = transport.grpcChannelBuilder(bed.target()).build();
    grpcChannels.add(channel);
    return channel;
  }

  /** A grpc-java channel that is not a {@link ManagedChannel}: one behind an interceptor. */
  private io.grpc.Channel plainChannel() {
    ClientInterceptor passThrough =
        new ClientInterceptor() {
          @Override
          public <Req, Resp> io.grpc.ClientCall<Req, Resp> interceptCall(
              io.grpc.MethodDescriptor<Req, Resp> method,
              io.grpc.CallOptions options,
              io.grpc.Channel next) {
            return next.newCall(method, options);
          }
        };
    return ClientInterceptors.intercept(grpcChannel(), passThrough);
  }

  private Channel wrap(io.grpc.Channel channel, ChannelOptions options, boolean owned) {
    Channel wrapped = GrpcAio.wrapChannel(channel, options, owned);
    aioChannels.add(wrapped);
    return wrapped;
  }

  @ParameterizedTest
  @EnumSource(RpcKind.class)
  void everyKindRunsOnAWrappedChannel(RpcKind kind) {
    Channel channel = wrap(grpcChannel(), ChannelOptions.DEFAULT, false);

    TestCall.Result result = kind.call(channel, "hi").awaitResult();

    assertThat(result.error()).isNull();
    assertThat(result.messages()).containsExactly("echo:hi:none");
  }

  @ParameterizedTest
  @EnumSource(RpcKind.class)
  void callObjectsReportStatusMetadataAndDoneCallbacksOnTheOptionsExecutor(RpcKind kind) {
    Channel channel =
        wrap(grpcChannel(), ChannelOptions.builder().executor(executor).build(), false);
    CompletableFuture<String> doneOn = new CompletableFuture<>();

    TestCall call = kind.call(channel, "status");
    call.call().addDoneCallback(c -> doneOn.complete(Thread.currentThread().getName()));
    release.complete(null);

    AioRpcError error = rpcError(call.awaitError());
    assertThat(error.code()).isEqualTo(StatusCode.NOT_FOUND);
    assertThat(error.details()).isEqualTo("no such thing");
    assertThat(Await.result(call.call().code())).isEqualTo(StatusCode.NOT_FOUND);
    assertThat(Await.result(call.call().trailingMetadata()).get("trailer")).isEqualTo("t");
    assertThat(Await.result(doneOn)).isEqualTo("wrapped-channel-executor");
  }

  @ParameterizedTest
  @EnumSource(RpcKind.class)
  void deadlinesAndCancellationEndCalls(RpcKind kind) {
    Channel channel = wrap(grpcChannel(), ChannelOptions.DEFAULT, false);

    TestCall late =
        kind.call(channel, "hang", CallOptions.DEFAULT.withTimeout(Duration.ofMillis(200)));
    assertThat(late.call().timeRemaining()).isPresent();
    assertThat(rpcError(late.awaitError()).code()).isEqualTo(StatusCode.DEADLINE_EXCEEDED);

    TestCall cancelled = kind.call(channel, "hang");
    assertThat(cancelled.call().cancel()).isTrue();
    assertThat(Await.result(cancelled.call().code())).isEqualTo(StatusCode.CANCELLED);
    assertThat(cancelled.call().cancelled()).isTrue();
  }

  @Test
  void closingANotOwnedChannelCancelsItsCallsAndLeavesTheGrpcChannelUsable() {
    ManagedChannel grpc = grpcChannel();
    Channel first = GrpcAio.wrapChannel(grpc);
    assertThat(RpcKind.UNARY_UNARY.call(first, "a").awaitResult().messages())
        .containsExactly("echo:a:none");

    Await.result(first.closeAsync(Duration.ZERO));

    assertThat(grpc.isShutdown()).isFalse();
    assertThat(first.getState(false)).isEqualTo(ChannelConnectivity.SHUTDOWN);
    assertThatThrownBy(() -> RpcKind.UNARY_UNARY.call(first, "b"))
        .isInstanceOf(UsageError.class)
        .hasMessage("Channel is closed.");
    Channel second = wrap(grpc, ChannelOptions.DEFAULT, false);
    assertThat(RpcKind.UNARY_UNARY.call(second, "c").awaitResult().messages())
        .containsExactly("echo:c:none");
  }

  @Test
  void closingAnOwnedChannelShutsTheGrpcChannelDown() throws InterruptedException {
    ManagedChannel grpc = grpcChannel();
    Channel channel = GrpcAio.wrapChannel(grpc, ChannelOptions.DEFAULT, true);
    assertThat(RpcKind.UNARY_UNARY.call(channel, "a").awaitResult().messages())
        .containsExactly("echo:a:none");

    Await.result(channel.closeAsync(Duration.ZERO));

    assertThat(grpc.isShutdown()).isTrue();
    assertThat(grpc.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void connectivityIsTheManagedChannels() {
    ManagedChannel grpc = grpcChannel();
    Channel channel = wrap(grpc, ChannelOptions.DEFAULT, false);

    Await.result(channel.channelReady());

    assertThat(channel.getState(false)).isEqualTo(ChannelConnectivity.READY);
    assertThat(grpc.getState(false)).isEqualTo(io.grpc.ConnectivityState.READY);
  }

  @Test
  void aPlainChannelServesCallsButHasNoConnectivity() {
    io.grpc.Channel plain = plainChannel();
    assertThat(plain).isNotInstanceOf(ManagedChannel.class);
    Channel channel = wrap(plain, ChannelOptions.DEFAULT, false);

    assertThat(RpcKind.STREAM_STREAM.call(channel, "a").awaitResult().messages())
        .containsExactly("echo:a:none");
    assertThatThrownBy(() -> channel.getState(false))
        .isInstanceOf(UsageError.class)
        .hasMessageContaining("not a ManagedChannel");
    assertThatThrownBy(channel::channelReady).isInstanceOf(UsageError.class);
    assertThatThrownBy(() -> channel.waitForStateChange(ChannelConnectivity.IDLE))
        .isInstanceOf(UsageError.class);
  }

  @Test
  void refusesAShutDownChannelOwningAPlainChannelAndBuilderOptions() {
    ManagedChannel shutDown = grpcChannel();
    shutDown.shutdown();
    assertThatThrownBy(() -> GrpcAio.wrapChannel(shutDown))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("shut down");

    io.grpc.Channel plain = plainChannel();
    assertThatThrownBy(() -> GrpcAio.wrapChannel(plain, ChannelOptions.DEFAULT, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Only a ManagedChannel can be owned");

    ManagedChannel grpc = grpcChannel();
    ChannelOptions builderOnly =
        ChannelOptions.builder()
            .keepalive(Duration.ofSeconds(20), Duration.ofSeconds(5), false)
            .serviceConfig("{}")
            .defaultAuthority("example.com")
            .build();
    assertThatThrownBy(() -> GrpcAio.wrapChannel(grpc, builderOnly, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("grpc.keepalive_time_ms")
        .hasMessageContaining("grpc.keepalive_timeout_ms")
        .hasMessageContaining("grpc.service_config")
        .hasMessageContaining("grpc.default_authority");
    assertThat(grpc.isShutdown()).isFalse();
  }

  @Test
  void theSendLimitOfTheOptionsHolds() {
    Channel limited =
        wrap(grpcChannel(), ChannelOptions.builder().maxSendMessageLength(10).build(), false);

    assertThat(
            rpcError(RpcKind.UNARY_UNARY.call(limited, "more than ten bytes").awaitError()).code())
        .isEqualTo(StatusCode.RESOURCE_EXHAUSTED);
    assertThat(RpcKind.UNARY_UNARY.call(limited, "short").awaitResult().messages())
        .containsExactly("echo:short:none");
  }

  @Test
  void theReceiveLimitOfTheOptionsHoldsPerCall() {
    // grpc-java's channel keeps its default 4 MiB limit; the option lifts it for the aio calls.
    Channel unlimited =
        wrap(grpcChannel(), ChannelOptions.builder().maxReceiveMessageLength(-1).build(), false);
    Channel limited =
        wrap(grpcChannel(), ChannelOptions.builder().maxReceiveMessageLength(100).build(), false);

    assertThat(RpcKind.UNARY_UNARY.call(unlimited, "big").awaitResult().messages().get(0))
        .hasSize(5 * 1024 * 1024);
    assertThat(rpcError(RpcKind.UNARY_UNARY.call(limited, "big").awaitError()).code())
        .isEqualTo(StatusCode.RESOURCE_EXHAUSTED);
  }

  @Test
  void gzipWorksAndDeflateIsNotInGrpcJavasDefaultRegistry() {
    Channel gzip =
        wrap(grpcChannel(), ChannelOptions.builder().compression(Compression.GZIP).build(), false);
    assertThat(RpcKind.UNARY_STREAM.call(gzip, "z").awaitResult().messages())
        .containsExactly("echo:z:none");

    Channel channel = wrap(grpcChannel(), ChannelOptions.DEFAULT, false);
    AioRpcError error =
        rpcError(
            RpcKind.UNARY_UNARY
                .call(channel, "d", CallOptions.DEFAULT.withCompression(Compression.DEFLATE))
                .awaitError());
    assertThat(error.code()).isEqualTo(StatusCode.INTERNAL);
    assertThat(error.details()).isEqualTo("Unable to find compressor by name deflate");
  }

  @Test
  void callCredentialsNeedAPrivateConnection() {
    Channel channel = wrap(grpcChannel(), ChannelOptions.DEFAULT, false);
    CallOptions withToken =
        CallOptions.DEFAULT.withCredentials(CallCredentials.accessToken("t0k3n"));

    TestCall.Result result = RpcKind.UNARY_UNARY.call(channel, "a", withToken).awaitResult();

    switch (transport) {
      case IN_PROCESS -> // grpc-java reports in-process connections private and integral
          assertThat(result.messages()).containsExactly("echo:a:Bearer t0k3n");
      case NETTY -> {
        AioRpcError error = rpcError(result.error());
        assertThat(error.code()).isEqualTo(StatusCode.UNAUTHENTICATED);
        assertThat(error.details()).contains("PRIVACY_AND_INTEGRITY").contains("NONE");
      }
    }
  }

  private static AioRpcError rpcError(Throwable error) {
    assertThat(Await.unwrap(error)).isInstanceOf(AioRpcError.class);
    return (AioRpcError) Await.unwrap(error);
  }
}
