package io.github.grpcaio.core.server;

import static io.github.grpcaio.testkit.Utf8.DESERIALIZER;
import static io.github.grpcaio.testkit.Utf8.SERIALIZER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.grpcaio.RpcMethodHandler;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.StreamStreamMultiCallable;
import io.github.grpcaio.StreamUnaryMultiCallable;
import io.github.grpcaio.UnaryStreamMultiCallable;
import io.github.grpcaio.UnaryUnaryMultiCallable;
import io.github.grpcaio.UsageError;
import io.github.grpcaio.testkit.AioTestServer;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.TestPublisher;
import io.github.grpcaio.testkit.Transport;
import io.grpc.MethodDescriptor;
import io.grpc.MethodDescriptor.MethodType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The six handler factories, each with both (de)serializer forms, consuming requests through the
 * request publisher or {@code context.read()}, and the misuses that are refused (the Server and
 * ServicerContext sections of docs/mapping.md).
 */
@ParameterizedClass
@EnumSource(Transport.class)
class HandlerShapesTest {

  /** How messages are (de)serialized on both sides. */
  enum Codec {
    FUNCTIONS,
    METHOD_DESCRIPTOR
  }

  private static final String METHOD = "M";

  private final Transport transport;
  private AioTestServer harness;

  HandlerShapesTest(Transport transport) {
    this.transport = transport;
  }

  @AfterEach
  void closeHarness() throws Exception {
    if (harness != null) {
      harness.close();
    }
  }

  private void serve(RpcMethodHandler<String, String> handler) {
    harness = transport.start(Kind.serviceOf(Map.of(METHOD, handler)));
  }

  private static MethodDescriptor<String, String> descriptor(MethodType type) {
    return Strings.descriptor(type, Kind.fullName(METHOD));
  }

  private UnaryUnaryMultiCallable<String, String> unaryUnary(Codec codec) {
    return codec == Codec.FUNCTIONS
        ? harness.channel().unaryUnary(Kind.fullName(METHOD), SERIALIZER, DESERIALIZER)
        : harness.channel().unaryUnary(descriptor(MethodType.UNARY));
  }

  private UnaryStreamMultiCallable<String, String> unaryStream(Codec codec) {
    return codec == Codec.FUNCTIONS
        ? harness.channel().unaryStream(Kind.fullName(METHOD), SERIALIZER, DESERIALIZER)
        : harness.channel().unaryStream(descriptor(MethodType.SERVER_STREAMING));
  }

  private StreamUnaryMultiCallable<String, String> streamUnary(Codec codec) {
    return codec == Codec.FUNCTIONS
        ? harness.channel().streamUnary(Kind.fullName(METHOD), SERIALIZER, DESERIALIZER)
        : harness.channel().streamUnary(descriptor(MethodType.CLIENT_STREAMING));
  }

  private StreamStreamMultiCallable<String, String> streamStream(Codec codec) {
    return codec == Codec.FUNCTIONS
        ? harness.channel().streamStream(Kind.fullName(METHOD), SERIALIZER, DESERIALIZER)
        : harness.channel().streamStream(descriptor(MethodType.BIDI_STREAMING));
  }

  private static List<String> numbered(String prefix, int n) {
    return IntStream.range(0, n).mapToObj(i -> prefix + i).toList();
  }

  // ---- the six factories ----

  @ParameterizedTest
  @EnumSource(Codec.class)
  void unaryUnary_request_returnsTheHandlersResponse(Codec codec) {
    RpcMethodHandler.UnaryUnaryBehavior<String, String> behavior =
        (req, ctx) -> CompletableFuture.completedFuture("echo:" + req);
    serve(
        codec == Codec.FUNCTIONS
            ? RpcMethodHandler.unaryUnary(behavior, DESERIALIZER, SERIALIZER)
            : RpcMethodHandler.unaryUnary(descriptor(MethodType.UNARY), behavior));

    String response = Await.result(unaryUnary(codec).call("hi").response());

    assertThat(response).isEqualTo("echo:hi");
  }

  @ParameterizedTest
  @EnumSource(Codec.class)
  void unaryUnary_asyncStage_respondsWhenItCompletes(Codec codec) {
    CompletableFuture<String> later = new CompletableFuture<>();
    RpcMethodHandler.UnaryUnaryBehavior<String, String> behavior = (req, ctx) -> later;
    serve(
        codec == Codec.FUNCTIONS
            ? RpcMethodHandler.unaryUnary(behavior, DESERIALIZER, SERIALIZER)
            : RpcMethodHandler.unaryUnary(descriptor(MethodType.UNARY), behavior));
    CompletableFuture<String> response = unaryUnary(codec).call("hi").response();
    Await.staysPending("response before the stage completes", response);

    later.completeAsync(() -> "done");

    assertThat(Await.result(response)).isEqualTo("done");
  }

  @ParameterizedTest
  @EnumSource(Codec.class)
  void unaryStream_publisher_clientGetsEveryItemInOrder(Codec codec) {
    RpcMethodHandler.UnaryStreamBehavior<String, String> behavior =
        (req, ctx) -> TestPublisher.of(numbered(req + "-", 5));
    serve(
        codec == Codec.FUNCTIONS
            ? RpcMethodHandler.unaryStream(behavior, DESERIALIZER, SERIALIZER)
            : RpcMethodHandler.unaryStream(descriptor(MethodType.SERVER_STREAMING), behavior));

    List<String> responses = Await.result(Kind.collect(unaryStream(codec).call("r")));

    assertThat(responses).containsExactly("r-0", "r-1", "r-2", "r-3", "r-4");
  }

  @ParameterizedTest
  @EnumSource(Codec.class)
  void unaryStreamWriter_blockingWrites_clientGetsEveryItemInOrder(Codec codec) {
    // A handler that waits for each write, as a synchronous Python handler would.
    RpcMethodHandler.UnaryStreamWriter<String, String> behavior =
        (req, ctx) -> {
          for (String m : numbered(req + "-", 5)) {
            Await.result(ctx.write(m));
          }
          return CompletableFuture.completedFuture(null);
        };
    serve(
        codec == Codec.FUNCTIONS
            ? RpcMethodHandler.unaryStreamWriter(behavior, DESERIALIZER, SERIALIZER)
            : RpcMethodHandler.unaryStreamWriter(
                descriptor(MethodType.SERVER_STREAMING), behavior));

    List<String> responses = Await.result(Kind.collect(unaryStream(codec).call("w")));

    assertThat(responses).containsExactly("w-0", "w-1", "w-2", "w-3", "w-4");
  }

  @ParameterizedTest
  @EnumSource(Codec.class)
  void unaryStreamWriter_writesWithoutWaiting_streamEndsAfterTheLastWrite(Codec codec) {
    RpcMethodHandler.UnaryStreamWriter<String, String> behavior =
        (req, ctx) -> {
          for (String m : numbered("n", 20)) {
            ctx.write(m);
          }
          return CompletableFuture.completedFuture(null);
        };
    serve(
        codec == Codec.FUNCTIONS
            ? RpcMethodHandler.unaryStreamWriter(behavior, DESERIALIZER, SERIALIZER)
            : RpcMethodHandler.unaryStreamWriter(
                descriptor(MethodType.SERVER_STREAMING), behavior));

    List<String> responses = Await.result(Kind.collect(unaryStream(codec).call("x")));

    assertThat(responses).isEqualTo(numbered("n", 20));
  }

  @ParameterizedTest
  @EnumSource(Codec.class)
  void streamUnary_requestSubscriber_getsEveryRequestThenCompletes(Codec codec) {
    RpcMethodHandler.StreamUnaryBehavior<String, String> behavior =
        (reqs, ctx) -> Kind.collect(reqs).thenApply(l -> String.join(",", l));
    serve(
        codec == Codec.FUNCTIONS
            ? RpcMethodHandler.streamUnary(behavior, DESERIALIZER, SERIALIZER)
            : RpcMethodHandler.streamUnary(descriptor(MethodType.CLIENT_STREAMING), behavior));

    String response =
        Await.result(streamUnary(codec).call(TestPublisher.of(numbered("q", 4))).response());

    assertThat(response).isEqualTo("q0,q1,q2,q3");
  }

  @ParameterizedTest
  @EnumSource(Codec.class)
  void streamUnary_contextRead_getsEveryRequestThenEmptyForEver(Codec codec) {
    AtomicReference<List<Optional<String>>> afterEnd = new AtomicReference<>();
    RpcMethodHandler.StreamUnaryBehavior<String, String> behavior =
        (reqs, ctx) -> {
          List<String> got = new ArrayList<>();
          Optional<String> m;
          while ((m = Await.result(ctx.read())).isPresent()) {
            got.add(m.get());
          }
          afterEnd.set(List.of(Await.result(ctx.read()), Await.result(ctx.read())));
          return CompletableFuture.completedFuture(String.join(",", got));
        };
    serve(
        codec == Codec.FUNCTIONS
            ? RpcMethodHandler.streamUnary(behavior, DESERIALIZER, SERIALIZER)
            : RpcMethodHandler.streamUnary(descriptor(MethodType.CLIENT_STREAMING), behavior));
    var call = streamUnary(codec).call();

    call.write("a");
    call.write("b");
    call.write("c");
    call.doneWriting();

    assertThat(Await.result(call.response())).isEqualTo("a,b,c");
    assertThat(afterEnd.get()).containsExactly(Optional.empty(), Optional.empty());
  }

  @ParameterizedTest
  @EnumSource(Codec.class)
  void streamStream_publisherOfMappedRequests_clientGetsThemInOrder(Codec codec) {
    RpcMethodHandler.StreamStreamBehavior<String, String> behavior =
        (reqs, ctx) -> {
          SubmissionPublisher<String> out = new SubmissionPublisher<>();
          reqs.subscribe(
              new Flow.Subscriber<String>() {
                @Override
                public void onSubscribe(Flow.Subscription s) {
                  s.request(Long.MAX_VALUE);
                }

                @Override
                public void onNext(String item) {
                  out.submit(item.toUpperCase(java.util.Locale.ROOT));
                }

                @Override
                public void onError(Throwable t) {
                  out.closeExceptionally(t);
                }

                @Override
                public void onComplete() {
                  out.close();
                }
              });
          return out;
        };
    serve(
        codec == Codec.FUNCTIONS
            ? RpcMethodHandler.streamStream(behavior, DESERIALIZER, SERIALIZER)
            : RpcMethodHandler.streamStream(descriptor(MethodType.BIDI_STREAMING), behavior));

    List<String> responses =
        Await.result(
            Kind.collect(streamStream(codec).call(TestPublisher.of(List.of("a", "b", "c")))));

    assertThat(responses).containsExactly("A", "B", "C");
  }

  @Test
  void requestSubscriber_whileTheHandlerRuns_getsNoSignalUntilItReturns() {
    // So that a subscriber feeding a hot response publisher (SubmissionPublisher) cannot emit
    // before that publisher was subscribed to, whatever the timing.
    java.util.concurrent.atomic.AtomicInteger signals =
        new java.util.concurrent.atomic.AtomicInteger();
    serve(
        RpcMethodHandler.streamUnary(
            (reqs, ctx) -> {
              CompletableFuture<String> all = new CompletableFuture<>();
              reqs.subscribe(
                  new Flow.Subscriber<String>() {
                    private final List<String> got = new ArrayList<>();

                    @Override
                    public void onSubscribe(Flow.Subscription s) {
                      signals.incrementAndGet();
                      s.request(Long.MAX_VALUE);
                    }

                    @Override
                    public void onNext(String item) {
                      signals.incrementAndGet();
                      got.add(item);
                    }

                    @Override
                    public void onError(Throwable t) {
                      all.completeExceptionally(t);
                    }

                    @Override
                    public void onComplete() {
                      all.complete(String.join(",", got));
                    }
                  });
              Await.staysAt("signals before the handler returned", signals::get, 0);
              return all;
            },
            DESERIALIZER,
            SERIALIZER));

    String response =
        Await.result(
            streamUnary(Codec.FUNCTIONS).call(TestPublisher.of(List.of("a", "b"))).response());

    assertThat(response).isEqualTo("a,b");
  }

  @ParameterizedTest
  @EnumSource(Codec.class)
  void streamStreamWriter_blockingReadWriteLoop_echoesInLockstep(Codec codec) {
    // The style of a synchronous Python handler: read one, write one, until the end.
    RpcMethodHandler.StreamStreamWriter<String, String> behavior =
        (reqs, ctx) -> {
          Optional<String> m;
          while ((m = Await.result(ctx.read())).isPresent()) {
            Await.result(ctx.write(m.get() + "!"));
          }
          return CompletableFuture.completedFuture(null);
        };
    serve(
        codec == Codec.FUNCTIONS
            ? RpcMethodHandler.streamStreamWriter(behavior, DESERIALIZER, SERIALIZER)
            : RpcMethodHandler.streamStreamWriter(descriptor(MethodType.BIDI_STREAMING), behavior));
    var call = streamStream(codec).call();

    call.write("x");
    Optional<String> first = Await.result(call.read());
    call.write("y");
    Optional<String> second = Await.result(call.read());
    call.doneWriting();

    assertThat(first).contains("x!");
    assertThat(second).contains("y!");
    assertThat(Await.result(call.read())).isEmpty();
    assertThat(Await.result(call.code())).isEqualTo(StatusCode.OK);
  }

  @ParameterizedTest
  @EnumSource(Codec.class)
  void streamStreamWriter_requestSubscriberWrites_clientGetsOneResponsePerRequest(Codec codec) {
    RpcMethodHandler.StreamStreamWriter<String, String> behavior =
        (reqs, ctx) -> {
          CompletableFuture<Void> done = new CompletableFuture<>();
          reqs.subscribe(
              new Flow.Subscriber<String>() {
                CompletableFuture<Void> last = CompletableFuture.completedFuture(null);

                @Override
                public void onSubscribe(Flow.Subscription s) {
                  s.request(Long.MAX_VALUE);
                }

                @Override
                public void onNext(String item) {
                  last = ctx.write(item + "?");
                }

                @Override
                public void onError(Throwable t) {
                  done.completeExceptionally(t);
                }

                @Override
                public void onComplete() {
                  last.whenComplete((v, e) -> done.complete(null));
                }
              });
          return done;
        };
    serve(
        codec == Codec.FUNCTIONS
            ? RpcMethodHandler.streamStreamWriter(behavior, DESERIALIZER, SERIALIZER)
            : RpcMethodHandler.streamStreamWriter(descriptor(MethodType.BIDI_STREAMING), behavior));

    List<String> responses =
        Await.result(Kind.collect(streamStream(codec).call(TestPublisher.of(numbered("s", 10)))));

    assertThat(responses).isEqualTo(numbered("s", 10).stream().map(s -> s + "?").toList());
  }

  @ParameterizedTest
  @EnumSource(Codec.class)
  void streamStream_noRequests_handlerSeesAnEmptyStream(Codec codec) {
    RpcMethodHandler.StreamStreamBehavior<String, String> behavior =
        (reqs, ctx) -> {
          Optional<String> first = Await.result(ctx.read());
          return TestPublisher.of(List.of(first.isPresent() ? "got one" : "empty"));
        };
    serve(
        codec == Codec.FUNCTIONS
            ? RpcMethodHandler.streamStream(behavior, DESERIALIZER, SERIALIZER)
            : RpcMethodHandler.streamStream(descriptor(MethodType.BIDI_STREAMING), behavior));

    List<String> responses =
        Await.result(Kind.collect(streamStream(codec).call(TestPublisher.of(List.of()))));

    assertThat(responses).containsExactly("empty");
  }

  @Test
  void factory_descriptorOfAnotherKind_throwsIllegalArgumentException() {
    assertThatThrownBy(
            () ->
                RpcMethodHandler.unaryUnary(
                    descriptor(MethodType.SERVER_STREAMING),
                    (req, ctx) -> CompletableFuture.completedFuture(req)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("SERVER_STREAMING");
  }

  // ---- misuse ----

  private static String describe(Throwable t) {
    return t == null ? "nothing thrown" : t.getClass().getName() + ": " + t.getMessage();
  }

  private static CompletionStage<String> tryRun(Runnable r) {
    try {
      r.run();
      return CompletableFuture.completedFuture("nothing thrown");
    } catch (Throwable t) {
      return CompletableFuture.completedFuture(describe(t));
    }
  }

  @Test
  void write_unaryUnaryMethod_throwsUsageError() {
    serve(
        RpcMethodHandler.unaryUnary(
            (req, ctx) -> tryRun(() -> ctx.write("x")), DESERIALIZER, SERIALIZER));

    String thrown = Await.result(unaryUnary(Codec.FUNCTIONS).call("q").response());

    assertThat(thrown).startsWith(UsageError.class.getName() + ": ");
  }

  @Test
  void write_streamUnaryMethod_throwsUsageError() {
    serve(
        RpcMethodHandler.streamUnary(
            (reqs, ctx) -> tryRun(() -> ctx.write("x")), DESERIALIZER, SERIALIZER));

    String thrown =
        Await.result(streamUnary(Codec.FUNCTIONS).call(TestPublisher.of(List.of("q"))).response());

    assertThat(thrown).startsWith(UsageError.class.getName() + ": ");
  }

  @Test
  void write_unaryStreamHandlerReturningPublisher_throwsUsageError() {
    serve(
        RpcMethodHandler.unaryStream(
            (req, ctx) -> {
              String thrown = Await.result(tryRun(() -> ctx.write("x")).toCompletableFuture());
              return TestPublisher.of(List.of(thrown));
            },
            DESERIALIZER,
            SERIALIZER));

    List<String> responses = Await.result(Kind.collect(unaryStream(Codec.FUNCTIONS).call("q")));

    assertThat(responses).singleElement().asString().startsWith(UsageError.class.getName());
  }

  @Test
  void write_streamStreamHandlerReturningPublisher_throwsUsageError() {
    serve(
        RpcMethodHandler.streamStream(
            (reqs, ctx) -> {
              String thrown = Await.result(tryRun(() -> ctx.write("x")).toCompletableFuture());
              return TestPublisher.of(List.of(thrown));
            },
            DESERIALIZER,
            SERIALIZER));

    List<String> responses =
        Await.result(
            Kind.collect(streamStream(Codec.FUNCTIONS).call(TestPublisher.of(List.of("q")))));

    assertThat(responses).singleElement().asString().startsWith(UsageError.class.getName());
  }

  @Test
  void read_unaryUnaryMethod_throwsUsageError() {
    serve(RpcMethodHandler.unaryUnary((req, ctx) -> tryRun(ctx::read), DESERIALIZER, SERIALIZER));

    String thrown = Await.result(unaryUnary(Codec.FUNCTIONS).call("q").response());

    assertThat(thrown).startsWith(UsageError.class.getName() + ": ");
  }

  @Test
  void read_unaryStreamMethod_throwsUsageError() {
    serve(
        RpcMethodHandler.unaryStreamWriter(
            (req, ctx) -> tryRun(ctx::read).thenCompose(ctx::write), DESERIALIZER, SERIALIZER));

    List<String> responses = Await.result(Kind.collect(unaryStream(Codec.FUNCTIONS).call("q")));

    assertThat(responses).singleElement().asString().startsWith(UsageError.class.getName());
  }

  @Test
  void read_afterSubscribingToTheRequests_throwsUsageError() {
    serve(
        RpcMethodHandler.streamUnary(
            (reqs, ctx) -> {
              CompletableFuture<List<String>> all = Kind.collect(reqs);
              String thrown = describe(catching(ctx::read));
              return all.thenApply(l -> thrown + " | " + l);
            },
            DESERIALIZER,
            SERIALIZER));

    String response =
        Await.result(streamUnary(Codec.FUNCTIONS).call(TestPublisher.of(List.of("q"))).response());

    assertThat(response)
        .isEqualTo(
            UsageError.class.getName()
                + ": A message stream of an RPC is consumed either by subscribing to it (Flow.Publisher) or"
                + " with read(), not both | [q]");
  }

  @Test
  void subscribe_afterContextRead_subscriberGetsUsageError() {
    serve(
        RpcMethodHandler.streamUnary(
            (reqs, ctx) -> {
              CompletableFuture<Optional<String>> first = ctx.read();
              Throwable refused = Await.failure(Kind.collect(reqs));
              return first.thenApply(m -> describe(refused) + " | " + m.orElse("none"));
            },
            DESERIALIZER,
            SERIALIZER));

    String response =
        Await.result(streamUnary(Codec.FUNCTIONS).call(TestPublisher.of(List.of("q"))).response());

    assertThat(response)
        .isEqualTo(
            UsageError.class.getName()
                + ": A message stream of an RPC is consumed either by subscribing to it (Flow.Publisher) or"
                + " with read(), not both | q");
  }

  @Test
  void subscribe_secondSubscriber_getsUsageErrorAndFirstKeepsTheStream() {
    serve(
        RpcMethodHandler.streamUnary(
            (reqs, ctx) -> {
              CompletableFuture<List<String>> first = Kind.collect(reqs);
              Throwable refused = Await.failure(Kind.collect(reqs));
              return first.thenApply(l -> describe(refused) + " | " + l);
            },
            DESERIALIZER,
            SERIALIZER));

    String response =
        Await.result(
            streamUnary(Codec.FUNCTIONS).call(TestPublisher.of(List.of("a", "b"))).response());

    assertThat(response).startsWith(UsageError.class.getName() + ": ").endsWith(" | [a, b]");
  }

  private static Throwable catching(Runnable r) {
    try {
      r.run();
      return null;
    } catch (Throwable t) {
      return t;
    }
  }
}
