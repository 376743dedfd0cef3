package io.github.grpcaio.core.client;

import static io.github.grpcaio.testkit.Utf8.DESERIALIZER;
import static io.github.grpcaio.testkit.Utf8.SERIALIZER;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.AioRpcError;
import io.github.grpcaio.CallOptions;
import io.github.grpcaio.Channel;
import io.github.grpcaio.ChannelOptions;
import io.github.grpcaio.ClientCallDetails;
import io.github.grpcaio.Metadata;
import io.github.grpcaio.RpcMethodHandler;
import io.github.grpcaio.ServerInterceptor;
import io.github.grpcaio.ServiceRpcHandler;
import io.github.grpcaio.ServicerContext;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.StreamStreamCall;
import io.github.grpcaio.StreamStreamClientInterceptor;
import io.github.grpcaio.StreamUnaryCall;
import io.github.grpcaio.StreamUnaryClientInterceptor;
import io.github.grpcaio.UnaryStreamCall;
import io.github.grpcaio.UnaryStreamClientInterceptor;
import io.github.grpcaio.UnaryUnaryCall;
import io.github.grpcaio.UnaryUnaryClientInterceptor;
import io.github.grpcaio.testkit.AioTestServer;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.Transport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A call made while a server RPC is being handled inherits that RPC's deadline and cancellation,
 * whether the call goes through client interceptors or not, and whether it is made by the handler
 * or by a server interceptor: its {@code timeRemaining()} (and the {@code timeout()} its client
 * interceptors see) is at most what is left of the upstream deadline, and it is cancelled when the
 * upstream RPC ends.
 *
 * <p>One server plays both ends: {@code test.Upstream} makes the downstream call to {@link
 * TestService}, whose handler never answers, so the downstream RPC ends only if something
 * propagates.
 */
@ParameterizedClass
@EnumSource(Transport.class)
class ContextPropagationTest {

  @Parameter Transport transport;

  /** How the upstream side reaches the downstream server. */
  enum Route {
    /** A channel without interceptors. */
    PLAIN,
    /** A channel whose interceptors of every kind continue at once, on the calling thread. */
    INTERCEPTED,
    /** A channel whose interceptors continue later, on another thread. */
    INTERCEPTED_LATER,
    /** A channel whose interceptors never continue. */
    INTERCEPTED_NEVER
  }

  private static final String UPSTREAM = "test.Upstream";
  private static final String HANDLER_CALLS = "/" + UPSTREAM + "/HandlerCalls";
  private static final String INTERCEPTOR_CALLS = "/" + UPSTREAM + "/InterceptorCalls";
  private static final Duration UPSTREAM_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration PROPAGATION_BOUND = Duration.ofSeconds(5);

  /**
   * One downstream RPC as its server saw it; {@code ended} completes with its {@code cancelled()}.
   */
  record Downstream(ServicerContext<String, String> context, CompletableFuture<Boolean> ended) {}

  @AutoClose private AioTestServer bed;
  private volatile Channel plain;
  private volatile Channel routed;

  /** The downstream RPCs, as their handler starts. */
  private final BlockingQueue<Downstream> downstream = new LinkedBlockingQueue<>();

  /** The downstream calls, as the upstream side makes them. */
  private final BlockingQueue<TestCall> downstreamCalls = new LinkedBlockingQueue<>();

  /** The {@code timeout()} the client interceptors saw, one per intercepted call. */
  private final BlockingQueue<Optional<Duration>> interceptorSaw = new LinkedBlockingQueue<>();

  /**
   * Starts the server: {@code HandlerCalls} makes the downstream call of the kind named by its
   * request from its handler; {@code InterceptorCalls} has a server interceptor make it (kind named
   * by the {@code x-kind} header) before its handler, which never answers. Both go through {@code
   * route}; the client interceptors of {@code route} also make a call of their own when {@code
   * ownCall}.
   */
  private void serve(Route route, boolean ownCall) {
    ServerInterceptor callsBeforeHandler =
        (next, details) -> {
          if (details.method().equals(INTERCEPTOR_CALLS)) {
            String kind = details.invocationMetadata().get("x-kind");
            downstreamCalls.add(RpcKind.valueOf(kind).call(routed, "from interceptor"));
          }
          return next.apply(details);
        };
    bed =
        AioTestServer.builder()
            .transport(transport)
            .addService(
                TestService.serving(
                    rpc -> {
                      CompletableFuture<Boolean> ended = new CompletableFuture<>();
                      rpc.context().addDoneCallback(c -> ended.complete(c.cancelled()));
                      downstream.add(new Downstream(rpc.context(), ended));
                      return new CompletableFuture<>(); // never answers
                    }),
                ServiceRpcHandler.of(
                    UPSTREAM,
                    Map.of(
                        "HandlerCalls",
                        RpcMethodHandler.<String, String>unaryUnary(
                            (kind, context) -> {
                              TestCall call = RpcKind.valueOf(kind).call(routed, "from handler");
                              downstreamCalls.add(call);
                              return call.call().code().thenApply(StatusCode::name);
                            },
                            DESERIALIZER,
                            SERIALIZER),
                        "InterceptorCalls",
                        RpcMethodHandler.<String, String>unaryUnary(
                            (request, context) -> new CompletableFuture<>(),
                            DESERIALIZER,
                            SERIALIZER))))
            .addInterceptor(callsBeforeHandler)
            .start();
    plain = bed.channel(ChannelOptions.DEFAULT);
    routed =
        route == Route.PLAIN
            ? plain
            : bed.channel(
                ChannelOptions.builder()
                    .interceptors(List.of(new Recording(route, ownCall)))
                    .build());
  }

  /** Calls {@code HandlerCalls} from the test; its handler calls downstream with {@code kind}. */
  private UnaryUnaryCall<String> callHandler(RpcKind kind, CallOptions options) {
    return bed.channel()
        .unaryUnary(HANDLER_CALLS, SERIALIZER, DESERIALIZER)
        .call(kind.name(), options);
  }

  /** Calls {@code InterceptorCalls}; a server interceptor calls downstream with {@code kind}. */
  private UnaryUnaryCall<String> callInterceptor(RpcKind kind, CallOptions options) {
    return bed.channel()
        .unaryUnary(INTERCEPTOR_CALLS, SERIALIZER, DESERIALIZER)
        .call("upstream", options.withMetadata(Metadata.of("x-kind", kind.name())));
  }

  // ---- deadline ----

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Route.class, names = "INTERCEPTED_NEVER", mode = EnumSource.Mode.EXCLUDE)
  void handlerCall_inheritsTheUpstreamDeadline(Route route) {
    for (RpcKind kind : RpcKind.values()) {
      assertInheritsDeadline(route, kind, () -> callHandler(kind, withTimeout()));
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Route.class, names = "INTERCEPTED_NEVER", mode = EnumSource.Mode.EXCLUDE)
  void serverInterceptorCall_inheritsTheUpstreamDeadline(Route route) {
    for (RpcKind kind : RpcKind.values()) {
      assertInheritsDeadline(route, kind, () -> callInterceptor(kind, withTimeout()));
    }
  }

  private void assertInheritsDeadline(
      Route route, RpcKind kind, Supplier<UnaryUnaryCall<String>> upstreamCall) {
    if (bed == null) {
      serve(route, false);
    }
    UnaryUnaryCall<String> upstream = upstreamCall.get();
    TestCall call = Await.next(downstreamCalls, "the downstream call");
    Downstream server = Await.next(downstream, "the downstream RPC");

    assertThat(call.call().timeRemaining())
        .as("%s %s: the downstream call's timeRemaining()", route, kind)
        .hasValueSatisfying(d -> assertThat(d).isPositive().isLessThanOrEqualTo(UPSTREAM_TIMEOUT));
    assertThat(server.context().timeRemaining())
        .as("%s %s: the downstream server's timeRemaining()", route, kind)
        .hasValueSatisfying(d -> assertThat(d).isPositive().isLessThanOrEqualTo(UPSTREAM_TIMEOUT));
    if (route != Route.PLAIN) {
      assertThat(Await.next(interceptorSaw, "the client interceptor"))
          .as("%s %s: ClientCallDetails.timeout() in the client interceptor", route, kind)
          .hasValueSatisfying(
              d -> assertThat(d).isPositive().isLessThanOrEqualTo(UPSTREAM_TIMEOUT));
    }
    upstream.cancel();
    assertThat(ended(server.ended(), route + " " + kind + ": the downstream RPC"))
        .as("%s %s: the downstream server saw cancelled()", route, kind)
        .isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(
      value = Route.class,
      names = {"INTERCEPTED", "INTERCEPTED_LATER"})
  void clientInterceptorOwnCall_inheritsTheCallersDeadlineAndCancellation(Route route) {
    serve(route, true);
    UnaryUnaryCall<String> upstream = callHandler(RpcKind.UNARY_UNARY, withTimeout());
    TestCall own = Await.next(downstreamCalls, "the client interceptor's own call");
    TestCall call = Await.next(downstreamCalls, "the downstream call");

    assertThat(own.call().timeRemaining())
        .as("the client interceptor's own call's timeRemaining()")
        .hasValueSatisfying(d -> assertThat(d).isPositive().isLessThanOrEqualTo(UPSTREAM_TIMEOUT));
    assertThat(call.call().timeRemaining()).isPresent();
    upstream.cancel();
    assertThat(ended(own.call().code(), "the client interceptor's own call"))
        .as("the client interceptor's own call, after the upstream cancel")
        .isEqualTo(StatusCode.CANCELLED);
    assertThat(ended(call.call().code(), "the downstream call"))
        .as("the downstream call, after the upstream cancel")
        .isEqualTo(StatusCode.CANCELLED);
  }

  // ---- cancellation ----

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Route.class, names = "INTERCEPTED_NEVER", mode = EnumSource.Mode.EXCLUDE)
  void handlerCall_isCancelledWithTheUpstreamCall(Route route) {
    serve(route, false);
    for (RpcKind kind : RpcKind.values()) {
      UnaryUnaryCall<String> upstream = callHandler(kind, CallOptions.DEFAULT);
      assertCancelledWith(route, kind, upstream::cancel, StatusCode.CANCELLED);
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Route.class, names = "INTERCEPTED_NEVER", mode = EnumSource.Mode.EXCLUDE)
  void serverInterceptorCall_isCancelledWithTheUpstreamCall(Route route) {
    serve(route, false);
    for (RpcKind kind : RpcKind.values()) {
      UnaryUnaryCall<String> upstream = callInterceptor(kind, CallOptions.DEFAULT);
      assertCancelledWith(route, kind, upstream::cancel, StatusCode.CANCELLED);
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Route.class, names = "INTERCEPTED_NEVER", mode = EnumSource.Mode.EXCLUDE)
  void handlerCall_endsWhenTheUpstreamDeadlinePasses(Route route) {
    serve(route, false);
    callHandler(RpcKind.UNARY_UNARY, CallOptions.DEFAULT.withTimeout(Duration.ofMillis(300)));
    // The upstream RPC ends at its deadline on the server or by the client's cancel at its own,
    // whichever comes first: the downstream call ends with one or the other.
    assertCancelledWith(
        route, RpcKind.UNARY_UNARY, () -> {}, StatusCode.DEADLINE_EXCEEDED, StatusCode.CANCELLED);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(RpcKind.class)
  void callWhoseInterceptorsStillRun_endsWhenTheUpstreamCallIsCancelled(RpcKind kind) {
    serve(Route.INTERCEPTED_NEVER, false);
    UnaryUnaryCall<String> upstream = callHandler(kind, CallOptions.DEFAULT);
    TestCall call = Await.next(downstreamCalls, "the downstream call");
    Await.next(interceptorSaw, "the client interceptor");

    upstream.cancel();

    assertThat(ended(call.call().code(), "the downstream call's code()"))
        .isEqualTo(StatusCode.CANCELLED);
    assertThat(call.call().cancelled())
        .as("a cancel from upstream is not a local cancel")
        .isFalse();
    assertThat(call.awaitError()).isInstanceOf(AioRpcError.class);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(RpcKind.class)
  void callWhoseInterceptorsStillRun_endsWhenTheUpstreamDeadlinePasses(RpcKind kind) {
    serve(Route.INTERCEPTED_NEVER, false);
    callHandler(kind, CallOptions.DEFAULT.withTimeout(Duration.ofMillis(300)));
    TestCall call = Await.next(downstreamCalls, "the downstream call");

    // As for a direct call: the upstream deadline on the server or the client's cancel at its own.
    assertThat(ended(call.call().code(), "the downstream call's code()"))
        .isIn(StatusCode.DEADLINE_EXCEEDED, StatusCode.CANCELLED);
  }

  /** Waits for what propagation should complete, failing with {@code what} after the bound. */
  private static <T> T ended(CompletableFuture<T> future, String what) {
    try {
      return future.get(PROPAGATION_BOUND.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError(what + " did not end within " + PROPAGATION_BOUND);
    } catch (ExecutionException e) {
      throw new AssertionError(what + " failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private void assertCancelledWith(
      Route route, RpcKind kind, Runnable endUpstream, StatusCode... expected) {
    TestCall call = Await.next(downstreamCalls, "the downstream call");
    Downstream server = Await.next(downstream, "the downstream RPC");
    if (route != Route.PLAIN) {
      Await.next(interceptorSaw, "the client interceptor");
    }

    endUpstream.run();

    assertThat(ended(server.ended(), route + " " + kind + ": the downstream RPC"))
        .as("%s %s: the downstream server saw cancelled()", route, kind)
        .isTrue();
    assertThat(ended(call.call().code(), route + " " + kind + ": the downstream call"))
        .as("%s %s: the downstream call's code()", route, kind)
        .isIn((Object[]) expected);
    assertThat(call.call().cancelled())
        .as("%s %s: a cancel from upstream is not a local cancel", route, kind)
        .isFalse();
  }

  private static CallOptions withTimeout() {
    return CallOptions.DEFAULT.withTimeout(UPSTREAM_TIMEOUT);
  }

  /**
   * A client interceptor of every kind that records the {@code timeout()} it sees, optionally makes
   * a call of its own first (as a token lookup would) and continues at once or later on another
   * thread.
   */
  private final class Recording
      implements UnaryUnaryClientInterceptor,
          UnaryStreamClientInterceptor,
          StreamUnaryClientInterceptor,
          StreamStreamClientInterceptor {
    private final Route route;
    private final boolean ownCall;

    Recording(Route route, boolean ownCall) {
      this.route = route;
      this.ownCall = ownCall;
    }

    private <C> CompletionStage<C> around(
        ClientCallDetails details, Supplier<CompletionStage<C>> next) {
      interceptorSaw.add(Optional.ofNullable(details.timeout()));
      if (ownCall) {
        downstreamCalls.add(RpcKind.UNARY_UNARY.call(plain, "from client interceptor"));
      }
      return switch (route) {
        case INTERCEPTED_LATER ->
            // on a thread of the common pool, outside whatever context this one has
            CompletableFuture.runAsync(() -> {}).thenCompose(ignored -> next.get());
        case INTERCEPTED_NEVER -> new CompletableFuture<>();
        default -> next.get();
      };
    }

    @Override
    public <Req, Resp> CompletionStage<UnaryUnaryCall<Resp>> interceptUnaryUnary(
        UnaryUnaryClientInterceptor.Continuation<Req, Resp> next, ClientCallDetails d, Req r) {
      return around(d, () -> next.invoke(d, r));
    }

    @Override
    public <Req, Resp> CompletionStage<UnaryStreamCall<Resp>> interceptUnaryStream(
        UnaryStreamClientInterceptor.Continuation<Req, Resp> next, ClientCallDetails d, Req r) {
      return around(d, () -> next.invoke(d, r));
    }

    @Override
    public <Req, Resp> CompletionStage<StreamUnaryCall<Req, Resp>> interceptStreamUnary(
        StreamUnaryClientInterceptor.Continuation<Req, Resp> next,
        ClientCallDetails d,
        Flow.Publisher<Req> r) {
      return around(d, () -> next.invoke(d, r));
    }

    @Override
    public <Req, Resp> CompletionStage<StreamStreamCall<Req, Resp>> interceptStreamStream(
        StreamStreamClientInterceptor.Continuation<Req, Resp> next,
        ClientCallDetails d,
        Flow.Publisher<Req> r) {
      return around(d, () -> next.invoke(d, r));
    }
  }
}
