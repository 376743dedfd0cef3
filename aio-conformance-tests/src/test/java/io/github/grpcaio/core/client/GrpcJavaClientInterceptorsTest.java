package io.github.grpcaio.core.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.CallOptions;
import io.github.grpcaio.Channel;
import io.github.grpcaio.ChannelOptions;
import io.github.grpcaio.ClientCallDetails;
import io.github.grpcaio.ClientInterceptor;
import io.github.grpcaio.core.GrpcAio;
import io.github.grpcaio.testkit.AioTestServer;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.Transport;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor.MethodType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * grpc-java client interceptors given by {@code ChannelOptions.grpcInterceptors}: they see every
 * call of the four kinds, with its method type, on the library's own channels and on wrapped ones,
 * inside the aio interceptors and in list order.
 */
@ParameterizedClass
@EnumSource(Transport.class)
class GrpcJavaClientInterceptorsTest {

  private static final Metadata.Key<String> ORDER =
      Metadata.Key.of("order", Metadata.ASCII_STRING_MARSHALLER);

  /** Which kind of channel the interceptors are given to. */
  enum Kind {
    OWN,
    WRAPPED
  }

  @Parameter Transport transport;

  private AioTestServer bed;
  private ManagedChannel grpcChannel;
  private Channel channel;

  /** What the interceptors saw, in order: "aio" or a grpc-java interceptor's name and type. */
  private final List<String> seen = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startServer() {
    bed =
        transport.start(
            TestService.serving(
                rpc ->
                    rpc.reply(
                        String.join(",", rpc.context().invocationMetadata().getAll("order")))));
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    if (channel != null) {
      Await.result(channel.closeAsync(Duration.ZERO));
    }
    if (grpcChannel != null) {
      grpcChannel.shutdownNow();
      assertThat(grpcChannel.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
    bed.close();
  }

  private Channel open(Kind kind, ChannelOptions options) {
    channel =
        switch (kind) {
          case OWN -> transport.open(bed.target(), options);
          case WRAPPED -> {
            grpcChannel = transport.grpcChannelBuilder(bed.target()).build();
            yield GrpcAio.wrapChannel(grpcChannel, options, false);
          }
        };
    return channel;
  }

  /** A grpc-java interceptor that records its name and the call's type, and adds its name. */
  private io.grpc.ClientInterceptor recording(String name) {
    return new io.grpc.ClientInterceptor() {
      @Override
      public <Req, Resp> io.grpc.ClientCall<Req, Resp> interceptCall(
          io.grpc.MethodDescriptor<Req, Resp> method,
          io.grpc.CallOptions callOptions,
          io.grpc.Channel next) {
        seen.add(name + ":" + method.getType());
        return new SimpleForwardingClientCall<>(next.newCall(method, callOptions)) {
          @Override
          public void start(Listener<Resp> listener, Metadata headers) {
            headers.put(ORDER, name);
            super.start(listener, headers);
          }
        };
      }
    };
  }

  private static final Map<RpcKind, MethodType> TYPES =
      Map.of(
          RpcKind.UNARY_UNARY, MethodType.UNARY,
          RpcKind.UNARY_STREAM, MethodType.SERVER_STREAMING,
          RpcKind.STREAM_UNARY, MethodType.CLIENT_STREAMING,
          RpcKind.STREAM_STREAM, MethodType.BIDI_STREAMING);

  @ParameterizedTest
  @EnumSource(Kind.class)
  void seeEveryKindInListOrderInsideTheAioInterceptors(Kind kind) {
    Channel intercepted =
        open(
            kind,
            ChannelOptions.builder()
                .interceptors(aioInterceptors())
                .grpcInterceptors(List.of(recording("first"), recording("second")))
                .build());

    for (RpcKind rpc : RpcKind.values()) {
      seen.clear();

      TestCall.Result result = rpc.call(intercepted, "r", CallOptions.DEFAULT).awaitResult();

      assertThat(result.error()).isNull();
      assertThat(result.messages()).as(rpc.name()).containsExactly("aio,first,second");
      MethodType type = TYPES.get(rpc);
      assertThat(seen).as(rpc.name()).containsExactly("aio", "first:" + type, "second:" + type);
    }
  }

  /** aio interceptors of the four kinds that record "aio" and add it to the metadata. */
  private List<ClientInterceptor> aioInterceptors() {
    return PassThroughInterceptors.rewriting(this::marked);
  }

  private ClientCallDetails marked(ClientCallDetails details) {
    seen.add("aio");
    return details.withMetadata(details.metadata().copy().add("order", "aio"));
  }
}
