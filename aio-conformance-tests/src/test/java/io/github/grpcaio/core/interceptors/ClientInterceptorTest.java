package io.github.grpcaio.core.interceptors;

import static io.github.grpcaio.testkit.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.grpcaio.AioRpcError;
import io.github.grpcaio.Call;
import io.github.grpcaio.CallOptions;
import io.github.grpcaio.ChannelOptions;
import io.github.grpcaio.ClientCallDetails;
import io.github.grpcaio.ClientInterceptor;
import io.github.grpcaio.Metadata;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.StreamStreamCall;
import io.github.grpcaio.StreamStreamClientInterceptor;
import io.github.grpcaio.StreamUnaryCall;
import io.github.grpcaio.StreamUnaryClientInterceptor;
import io.github.grpcaio.UnaryStreamCall;
import io.github.grpcaio.UnaryStreamClientInterceptor;
import io.github.grpcaio.UnaryUnaryCall;
import io.github.grpcaio.UnaryUnaryClientInterceptor;
import io.github.grpcaio.core.GrpcAio;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.TestPublisher;
import io.github.grpcaio.testkit.TestSubscriber;
import io.github.grpcaio.testkit.Transport;
import io.github.grpcaio.testkit.Utf8;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Client interceptors of the four kinds, chained outermost first, may change the details, retry,
 * short-circuit or fail; the caller's call works while the chain runs.
 */
@ParameterizedClass
@EnumSource(Transport.class)
class ClientInterceptorTest {

  @Parameter Transport transport;

  private static final String ECHO = "/" + Service.NAME + "/Echo";

  /** A UnaryUnary interceptor made of a lambda. */
  interface Uu extends UnaryUnaryClientInterceptor {
    CompletionStage<UnaryUnaryCall<Object>> intercept(
        Continuation<Object, Object> next, ClientCallDetails details, Object request);

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    default <Req, Resp> CompletionStage<UnaryUnaryCall<Resp>> interceptUnaryUnary(
        Continuation<Req, Resp> continuation, ClientCallDetails details, Req request) {
      return (CompletionStage) intercept((Continuation) continuation, details, request);
    }
  }

  private static UnaryUnaryCall<String> echo(Harness h, String request) {
    return h.channel.unaryUnary(ECHO, Utf8.SERIALIZER, Utf8.DESERIALIZER).call(request);
  }

  @Test
  void chain_firstInterceptorIsOutermost() {
    List<String> events = new CopyOnWriteArrayList<>();
    Uu a = tagging("a", events);
    Uu b = tagging("b", events);
    try (Harness h = Harness.client(transport, a, b)) {
      UnaryUnaryCall<String> call = echo(h, "hi");

      assertThat(result(call.response())).isEqualTo("Echo:hi");
      assertThat(events).containsExactly("a in", "b in", "b out", "a out");
      assertThat(h.service.seen.poll().tag()).isEqualTo("a,b");
    }
  }

  /** Appends its name to x-tag and records entry and exit. */
  private static Uu tagging(String name, List<String> events) {
    return (next, details, request) -> {
      events.add(name + " in");
      String tag = details.metadata().get("x-tag");
      Metadata md = details.metadata().copy().set("x-tag", tag == null ? name : tag + "," + name);
      return next.invoke(details.withMetadata(md), request)
          .thenApply(
              call -> {
                events.add(name + " out");
                return call;
              });
    };
  }

  @Test
  void details_changedMethodMetadataTimeout_reachServer() {
    AtomicReference<ClientCallDetails> given = new AtomicReference<>();
    Uu change =
        (next, details, request) -> {
          given.set(details);
          return next.invoke(
              details
                  .withMethod("/" + Service.NAME + "/Other")
                  .withMetadata(Metadata.of("x-tag", "changed"))
                  .withTimeout(Duration.ofSeconds(30)),
              request);
        };
    try (Harness h = Harness.client(transport, change)) {
      UnaryUnaryCall<String> call =
          h.channel
              .unaryUnary(ECHO, Utf8.SERIALIZER, Utf8.DESERIALIZER)
              .call("x", CallOptions.DEFAULT.withMetadata(Metadata.of("x-tag", "original")));

      assertThat(result(call.response())).isEqualTo("Other:x");
      Service.Seen seen = h.service.seen.poll();
      assertThat(seen.method()).isEqualTo("/" + Service.NAME + "/Other");
      assertThat(seen.tag()).isEqualTo("changed");
      assertThat(seen.hasDeadline()).isTrue();
      assertThat(given.get().method()).isEqualTo(ECHO);
      assertThat(given.get().metadata().get("x-tag")).isEqualTo("original");
      assertThat(given.get().timeout()).isNull();
      assertThat(given.get().waitForReady()).isNull();
    }
  }

  @Test
  void details_timeoutIsTimeLeft() {
    AtomicReference<ClientCallDetails> given = new AtomicReference<>();
    Uu record =
        (next, details, request) -> {
          given.set(details);
          return next.invoke(details, request);
        };
    try (Harness h = Harness.client(transport, record)) {
      UnaryUnaryCall<String> call =
          h.channel
              .unaryUnary(ECHO, Utf8.SERIALIZER, Utf8.DESERIALIZER)
              .call("x", CallOptions.DEFAULT.withTimeout(Duration.ofSeconds(20)));

      result(call.response());
      assertThat(given.get().timeout()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(20));
      assertThat(h.service.seen.poll().hasDeadline()).isTrue();
      assertThat(call.timeRemaining()).isPresent();
    }
  }

  @Test
  void details_waitForReady_makesCallWaitForServer() {
    Uu waiting =
        (next, details, request) ->
            next.invoke(
                details.withWaitForReady(true).withTimeout(Duration.ofMillis(300)), request);
    try (Harness h = Harness.client(transport, waiting)) {
      result(h.server.stop(Duration.ZERO)); // nobody to connect to

      UnaryUnaryCall<String> call = echo(h, "x");

      // Failing fast would be UNAVAILABLE; waiting for ready runs into the deadline instead.
      assertThat(result(call.code())).isEqualTo(StatusCode.DEADLINE_EXCEEDED);
    }
  }

  @Test
  void retry_continuationCalledTwice_recoversFromUnavailable() {
    Uu retry =
        (next, details, request) ->
            next.invoke(details, request)
                .thenCompose(
                    first ->
                        first
                            .code()
                            .thenCompose(
                                code ->
                                    code == StatusCode.UNAVAILABLE
                                        ? next.invoke(details, request)
                                        : CompletableFuture.completedFuture(first)));
    try (Harness h = Harness.client(transport, retry)) {
      UnaryUnaryCall<String> call =
          h.channel
              .unaryUnary("/" + Service.NAME + "/FailOnce", Utf8.SERIALIZER, Utf8.DESERIALIZER)
              .call("x");

      assertThat(result(call.response())).isEqualTo("ok:x");
      assertThat(result(call.code())).isEqualTo(StatusCode.OK);
      assertThat(h.service.failOnceCalls).hasValue(2);
    }
  }

  @Test
  void shortCircuit_withoutContinuation_returnsOwnCall() {
    Uu cache =
        (next, details, request) ->
            CompletableFuture.completedFuture(new CompletedCall<>("cached"));
    try (Harness h = Harness.client(transport, cache)) {
      UnaryUnaryCall<String> call = echo(h, "x");

      assertThat(result(call.response())).isEqualTo("cached");
      assertThat(result(call.code())).isEqualTo(StatusCode.OK);
      assertThat(call.done()).isTrue();
      assertThat(h.service.seen).isEmpty();
    }
  }

  @Test
  void interceptorThrows_failsCallWithItsException_codeUnknown() {
    Uu throwing =
        (next, details, request) -> {
          throw new IllegalStateException("boom");
        };
    try (Harness h = Harness.client(transport, throwing)) {
      UnaryUnaryCall<String> call = echo(h, "x");

      assertThat(Await.failure(call.response()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("boom");
      assertThat(result(call.code())).isEqualTo(StatusCode.UNKNOWN);
      assertThat(result(call.details()))
          .isEqualTo("Unexpected java.lang.IllegalStateException: boom");
      assertThat(call.done()).isTrue();
      assertThat(call.cancelled()).isFalse();
    }
  }

  @Test
  void interceptorFailsStageWithAioRpcError_mapsToItsCode() {
    Uu failing =
        (next, details, request) ->
            CompletableFuture.failedFuture(
                new AioRpcError(
                    StatusCode.PERMISSION_DENIED,
                    new Metadata(),
                    Metadata.of("why", "no"),
                    "not you",
                    null,
                    null));
    try (Harness h = Harness.client(transport, failing)) {
      UnaryUnaryCall<String> call = echo(h, "x");

      assertThat(Await.failure(call.response())).isInstanceOf(AioRpcError.class);
      assertThat(result(call.code())).isEqualTo(StatusCode.PERMISSION_DENIED);
      assertThat(result(call.details())).isEqualTo("not you");
      assertThat(result(call.trailingMetadata()).get("why")).isEqualTo("no");
    }
  }

  @Test
  void interceptorReturnsNull_failsWithNullPointerExceptionNamingIt() {
    Uu returningNull = (next, details, request) -> null;
    try (Harness h = Harness.client(transport, returningNull)) {
      UnaryUnaryCall<String> call = echo(h, "x");

      assertThat(Await.failure(call.response()))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("returned null")
          .hasMessageContaining(returningNull.getClass().getName());
      assertThat(result(call.code())).isEqualTo(StatusCode.UNKNOWN);
    }
  }

  @Test
  void interceptorCompletesWithNullCall_failsWithNullPointerException() {
    Uu nullCall = (next, details, request) -> CompletableFuture.completedFuture(null);
    try (Harness h = Harness.client(transport, nullCall)) {
      assertThat(Await.failure(echo(h, "x").response()))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("null call");
    }
  }

  @Test
  void interceptorThrowsAfterStartingCall_callIsCancelled() {
    AtomicReference<UnaryUnaryCall<Object>> started = new AtomicReference<>();
    Uu startsThenThrows =
        (next, details, request) -> {
          next.invoke(details.withMethod("/" + Service.NAME + "/Hang"), request)
              .thenAccept(started::set);
          throw new IllegalStateException("boom");
        };
    try (Harness h = Harness.client(transport, startsThenThrows)) {
      UnaryUnaryCall<String> call = echo(h, "x");

      assertThat(Await.failure(call.response())).isInstanceOf(IllegalStateException.class);
      assertThat(result(started.get().code())).isEqualTo(StatusCode.CANCELLED);
      assertThat(started.get().cancelled()).isTrue();
    }
  }

  @Test
  void cancel_whileChainPending_cancelsChainAndCall() {
    CompletableFuture<UnaryUnaryCall<Object>> pending = new CompletableFuture<>();
    CountDownLatch entered = new CountDownLatch(1);
    Uu stalling =
        (next, details, request) -> {
          next.invoke(details.withMethod("/" + Service.NAME + "/Hang"), request);
          entered.countDown();
          return pending;
        };
    try (Harness h = Harness.client(transport, stalling)) {
      UnaryUnaryCall<String> call = echo(h, "x");
      Await.latch(entered, "the interceptor runs");
      Await.latch(h.service.hangStarted, "the server sees the call the interceptor started");
      assertThat(call.done()).isFalse();
      assertThat(call.cancelled()).isFalse();

      assertThat(call.cancel()).isTrue();

      assertThat(call.cancelled()).isTrue();
      assertThat(call.done()).isTrue();
      assertThat(call.cancel()).isFalse();
      assertThat(Await.failure(call.response())).isInstanceOf(CancellationException.class);
      assertThat(result(call.code())).isEqualTo(StatusCode.CANCELLED);
      assertThat(result(call.details())).isEqualTo("Locally cancelled by application!");
      // The chain's stage may be cancelled a moment later, on the chain's thread, if the cancel
      // came before the chain recorded the stage: wait for it.
      assertThat(Await.failure(pending)).isInstanceOf(CancellationException.class);
      assertThat(pending).isCancelled();
      Await.latch(h.service.hangEnded, "the started call is cancelled on the server");
    }
  }

  @Test
  void cancel_whileInterceptorBlocks_endsCallAtOnce() {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Uu blocking =
        (next, details, request) -> {
          entered.countDown();
          Await.latch(release, "the test releases the interceptor");
          return next.invoke(details, request);
        };
    try (Harness h = Harness.client(transport, blocking)) {
      UnaryUnaryCall<String> call = echo(h, "x");
      Await.latch(entered, "the interceptor runs");

      assertThat(call.cancel()).isTrue();

      // The interceptor still blocks, yet the call has ended.
      assertThat(Await.failure(call.response())).isInstanceOf(CancellationException.class);
      assertThat(result(call.code())).isEqualTo(StatusCode.CANCELLED);
      release.countDown();
    } finally {
      release.countDown();
    }
  }

  @Test
  void cancel_beforeInterceptorRuns_neverStartsCall() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    Uu counting =
        (next, details, request) -> {
          calls.incrementAndGet();
          return next.invoke(details, request);
        };
    GatedExecutor executor = new GatedExecutor();
    try (Harness h = Harness.client(transport, executor, counting)) {
      UnaryUnaryCall<String> call = echo(h, "x");

      assertThat(call.cancel()).isTrue();
      executor.open();

      assertThat(Await.failure(call.response())).isInstanceOf(CancellationException.class);
      assertThat(result(call.code())).isEqualTo(StatusCode.CANCELLED);
      assertThat(calls).hasValue(0);
      assertThat(h.service.seen).isEmpty();
    }
  }

  @Test
  void doneCallback_addedWhileChainPending_runsOnceWithInterceptedCall() {
    CompletableFuture<Void> gate = new CompletableFuture<>();
    Uu gated = (next, details, request) -> gate.thenCompose(x -> next.invoke(details, request));
    try (Harness h = Harness.client(transport, gated)) {
      UnaryUnaryCall<String> call = echo(h, "x");
      List<Call> seen = new CopyOnWriteArrayList<>();
      CompletableFuture<Boolean> doneWhenCalled = new CompletableFuture<>();
      call.addDoneCallback(
          c -> {
            seen.add(c);
            doneWhenCalled.complete(c.done());
          });
      assertThat(seen).isEmpty();

      gate.complete(null);

      assertThat(result(call.response())).isEqualTo("Echo:x");
      assertThat(result(doneWhenCalled)).isTrue();
      assertThat(seen).containsExactly(call);
      List<Call> late = new CopyOnWriteArrayList<>();
      call.addDoneCallback(late::add);
      assertThat(late).containsExactly(call);
    }
  }

  @Test
  void doneCallback_chainFails_runs() {
    Uu failing =
        (next, details, request) -> CompletableFuture.failedFuture(new IllegalStateException("x"));
    try (Harness h = Harness.client(transport, failing)) {
      UnaryUnaryCall<String> call = echo(h, "x");
      CompletableFuture<Call> called = new CompletableFuture<>();
      call.addDoneCallback(called::complete);

      assertThat(result(called)).isSameAs(call);
    }
  }

  @Test
  void closedChannel_refusesCallAtOnce() {
    Uu passing = (next, details, request) -> next.invoke(details, request);
    try (Harness h = Harness.client(transport, passing)) {
      result(h.channel.closeAsync(Duration.ZERO));

      assertThatThrownBy(() -> echo(h, "x"))
          .isInstanceOf(io.github.grpcaio.UsageError.class)
          .hasMessage("Channel is closed.");
    }
  }

  @Test
  void channelClose_whileChainPending_cancelsIt() {
    CompletableFuture<UnaryUnaryCall<Object>> never = new CompletableFuture<>();
    CountDownLatch entered = new CountDownLatch(1);
    Uu stalling =
        (next, details, request) -> {
          entered.countDown();
          return never;
        };
    try (Harness h = Harness.client(transport, stalling)) {
      UnaryUnaryCall<String> call = echo(h, "x");
      Await.latch(entered, "the interceptor runs");

      result(h.channel.closeAsync(Duration.ZERO));

      assertThat(Await.failure(call.response())).isInstanceOf(CancellationException.class);
      assertThat(result(call.code())).isEqualTo(StatusCode.CANCELLED);
      // Cancelled a moment later, on the chain's thread, if the chain had not recorded it yet.
      assertThat(Await.failure(never)).isInstanceOf(CancellationException.class);
      assertThat(never).isCancelled();
    }
  }

  @Test
  void deadline_passesWhileChainPending_endsCallWithDeadlineExceeded() {
    CompletableFuture<UnaryUnaryCall<Object>> never = new CompletableFuture<>();
    Uu stalling = (next, details, request) -> never;
    try (Harness h = Harness.client(transport, stalling)) {
      UnaryUnaryCall<String> call =
          h.channel
              .unaryUnary(ECHO, Utf8.SERIALIZER, Utf8.DESERIALIZER)
              .call("x", CallOptions.DEFAULT.withTimeout(Duration.ofMillis(200)));

      AioRpcError error = (AioRpcError) Await.failure(call.response());

      assertThat(error.code()).isEqualTo(StatusCode.DEADLINE_EXCEEDED);
      assertThat(error.details()).isEqualTo("Deadline Exceeded");
      assertThat(result(call.code())).isEqualTo(StatusCode.DEADLINE_EXCEEDED);
      assertThat(call.cancelled()).isFalse();
      // Cancelled a moment later, on the chain's thread, if the chain had not recorded it yet.
      assertThat(Await.failure(never)).isInstanceOf(CancellationException.class);
      assertThat(never).isCancelled();
    }
  }

  @Test
  void interceptor_runsNeitherOnCallerThreadNorOnTransportThread() {
    AtomicReference<Thread> ran = new AtomicReference<>();
    Uu recording =
        (next, details, request) -> {
          ran.set(Thread.currentThread());
          return next.invoke(details, request);
        };
    try (Harness h = Harness.client(transport, recording)) {
      result(echo(h, "x").response());

      assertThat(ran.get()).isNotSameAs(Thread.currentThread());
      assertThat(ran.get().getName()).doesNotContain("grpc-nio").doesNotContain("netty");
    }
  }

  // ---- the other kinds ----

  /** Counts calls of every kind and adds x-tag; implements all four kinds. */
  static final class AllKinds
      implements UnaryUnaryClientInterceptor,
          UnaryStreamClientInterceptor,
          StreamUnaryClientInterceptor,
          StreamStreamClientInterceptor {
    final List<String> kinds = new CopyOnWriteArrayList<>();
    final CompletableFuture<Void> gate;

    AllKinds(CompletableFuture<Void> gate) {
      this.gate = gate;
    }

    private ClientCallDetails tagged(ClientCallDetails d) {
      return d.withMetadata(d.metadata().copy().add("x-tag", "all"));
    }

    @Override
    public <Req, Resp> CompletionStage<UnaryUnaryCall<Resp>> interceptUnaryUnary(
        UnaryUnaryClientInterceptor.Continuation<Req, Resp> next, ClientCallDetails d, Req r) {
      kinds.add("UU");
      return gate.thenCompose(x -> next.invoke(tagged(d), r));
    }

    @Override
    public <Req, Resp> CompletionStage<UnaryStreamCall<Resp>> interceptUnaryStream(
        UnaryStreamClientInterceptor.Continuation<Req, Resp> next, ClientCallDetails d, Req r) {
      kinds.add("US");
      return gate.thenCompose(x -> next.invoke(tagged(d), r));
    }

    @Override
    public <Req, Resp> CompletionStage<StreamUnaryCall<Req, Resp>> interceptStreamUnary(
        StreamUnaryClientInterceptor.Continuation<Req, Resp> next,
        ClientCallDetails d,
        Flow.Publisher<Req> r) {
      kinds.add(r == null ? "SU write" : "SU publisher");
      return gate.thenCompose(x -> next.invoke(tagged(d), r));
    }

    @Override
    public <Req, Resp> CompletionStage<StreamStreamCall<Req, Resp>> interceptStreamStream(
        StreamStreamClientInterceptor.Continuation<Req, Resp> next,
        ClientCallDetails d,
        Flow.Publisher<Req> r) {
      kinds.add(r == null ? "SS write" : "SS publisher");
      return gate.thenCompose(x -> next.invoke(tagged(d), r));
    }
  }

  @Test
  void oneInterceptorOfAllKinds_interceptsEachKind() {
    AllKinds all = new AllKinds(CompletableFuture.completedFuture(null));
    try (Harness h = Harness.client(transport, all)) {
      String base = "/" + Service.NAME + "/";

      assertThat(result(echo(h, "x").response())).isEqualTo("Echo:x");
      UnaryStreamCall<String> us =
          h.channel.unaryStream(base + "Split", Utf8.SERIALIZER, Utf8.DESERIALIZER).call("a,b");
      assertThat(result(Harness.readAll(us::read))).containsExactly("a", "b");
      StreamUnaryCall<String, String> su =
          h.channel
              .streamUnary(base + "Join", Utf8.SERIALIZER, Utf8.DESERIALIZER)
              .call(TestPublisher.of(List.of("a", "b")));
      assertThat(result(su.response())).isEqualTo("a,b");
      StreamStreamCall<String, String> ss =
          h.channel
              .streamStream(base + "Upper", Utf8.SERIALIZER, Utf8.DESERIALIZER)
              .call(TestPublisher.of(List.of("a", "b")));
      assertThat(result(Harness.readAll(ss::read))).containsExactly("A", "B");

      assertThat(all.kinds).containsExactly("UU", "US", "SU publisher", "SS publisher");
    }
  }

  @Test
  void unaryStream_readAndSubscribeBeforeChainEnds_areForwarded() {
    CompletableFuture<Void> gate = new CompletableFuture<>();
    try (Harness h = Harness.client(transport, new AllKinds(gate))) {
      UnaryStreamCall<String> call =
          h.channel
              .unaryStream("/" + Service.NAME + "/Split", Utf8.SERIALIZER, Utf8.DESERIALIZER)
              .call("a,b,c");
      var first = call.read();
      var second = call.read();
      assertThat(call.done()).isFalse();

      gate.complete(null);

      assertThat(result(first)).contains("a");
      assertThat(result(second)).contains("b");
      assertThat(result(Harness.readAll(call::read))).containsExactly("c");
      assertThat(result(call.code())).isEqualTo(StatusCode.OK);
    }
  }

  @Test
  void streamUnary_writesBeforeChainEnds_areSentInOrder() {
    CompletableFuture<Void> gate = new CompletableFuture<>();
    AllKinds all = new AllKinds(gate);
    try (Harness h = Harness.client(transport, all)) {
      StreamUnaryCall<String, String> call =
          h.channel
              .streamUnary("/" + Service.NAME + "/Join", Utf8.SERIALIZER, Utf8.DESERIALIZER)
              .call();
      var writes = List.of(call.write("a"), call.write("b"), call.write("c"));
      var done = call.doneWriting();
      assertThatThrownBy(() -> call.write("d")).isInstanceOf(io.github.grpcaio.UsageError.class);

      gate.complete(null);

      assertThat(result(call.response())).isEqualTo("a,b,c");
      writes.forEach(Await::result);
      result(done);
      assertThat(all.kinds).containsExactly("SU write");
    }
  }

  @Test
  void streamStream_writeMode_worksThroughChain() {
    CompletableFuture<Void> gate = new CompletableFuture<>();
    AllKinds all = new AllKinds(gate);
    try (Harness h = Harness.client(transport, all)) {
      StreamStreamCall<String, String> call =
          h.channel
              .streamStream("/" + Service.NAME + "/Upper", Utf8.SERIALIZER, Utf8.DESERIALIZER)
              .call();
      var write = call.write("x");
      var read = call.read();

      gate.complete(null);

      result(write);
      assertThat(result(read)).contains("X");
      result(call.doneWriting());
      assertThat(result(Harness.readAll(call::read))).isEmpty();
      assertThat(result(call.code())).isEqualTo(StatusCode.OK);
      assertThat(all.kinds).containsExactly("SS write");
    }
  }

  @Test
  void cancel_whileChainPending_failsPendingSubscriberReadsAndWrites() {
    try (Harness h = Harness.client(transport, new AllKinds(new CompletableFuture<>()))) {
      StreamStreamCall<String, String> call =
          h.channel
              .streamStream("/" + Service.NAME + "/Upper", Utf8.SERIALIZER, Utf8.DESERIALIZER)
              .call();
      var write = call.write("x");
      var done = call.doneWriting();
      UnaryStreamCall<String> stream =
          h.channel
              .unaryStream("/" + Service.NAME + "/Split", Utf8.SERIALIZER, Utf8.DESERIALIZER)
              .call("a,b");
      TestSubscriber<String> responses = TestSubscriber.<String>create().withTimeout(Await.TIMEOUT);
      stream.subscribe(responses);
      var read = call.read();

      assertThat(call.cancel()).isTrue();
      assertThat(stream.cancel()).isTrue();

      assertThat(Await.failure(write)).isInstanceOf(CancellationException.class);
      assertThat(Await.failure(done)).isInstanceOf(CancellationException.class);
      assertThat(Await.failure(read)).isInstanceOf(CancellationException.class);
      assertThat(responses.awaitError()).isInstanceOf(CancellationException.class);
      assertThat(result(stream.code())).isEqualTo(StatusCode.CANCELLED);
    }
  }

  @Test
  void streamUnary_retryWithRequestPublisher_resubscribesIt() {
    StreamUnaryClientInterceptor retry =
        new StreamUnaryClientInterceptor() {
          @Override
          public <Req, Resp> CompletionStage<StreamUnaryCall<Req, Resp>> interceptStreamUnary(
              Continuation<Req, Resp> next, ClientCallDetails d, Flow.Publisher<Req> requests) {
            return next.invoke(d, requests)
                .thenCompose(
                    first ->
                        first
                            .code()
                            .thenCompose(
                                code ->
                                    code == StatusCode.UNAVAILABLE
                                        ? next.invoke(d, requests)
                                        : CompletableFuture.completedFuture(first)));
          }
        };
    try (Harness h = Harness.client(transport, retry)) {
      StreamUnaryCall<String, String> call =
          h.channel
              .streamUnary("/" + Service.NAME + "/JoinFailOnce", Utf8.SERIALIZER, Utf8.DESERIALIZER)
              .call(TestPublisher.of(List.of("a", "b")));

      assertThat(result(call.response())).isEqualTo("a,b");
      assertThat(h.service.failOnceCalls).hasValue(2);
    }
  }

  @Test
  void streamUnary_interceptorReplacesRequestPublisher() {
    StreamUnaryClientInterceptor replace =
        new StreamUnaryClientInterceptor() {
          @Override
          @SuppressWarnings("unchecked")
          public <Req, Resp> CompletionStage<StreamUnaryCall<Req, Resp>> interceptStreamUnary(
              Continuation<Req, Resp> next, ClientCallDetails d, Flow.Publisher<Req> requests) {
            return next.invoke(d, (Flow.Publisher<Req>) TestPublisher.of(List.of("replaced")));
          }
        };
    try (Harness h = Harness.client(transport, replace)) {
      StreamUnaryCall<String, String> call =
          h.channel
              .streamUnary("/" + Service.NAME + "/Join", Utf8.SERIALIZER, Utf8.DESERIALIZER)
              .call(TestPublisher.of(List.of("a", "b")));

      assertThat(result(call.response())).isEqualTo("replaced");
    }
  }

  @Test
  void streamStream_publisherMode_writeRefusedAtOnce() {
    try (Harness h = Harness.client(transport, new AllKinds(new CompletableFuture<>()))) {
      StreamStreamCall<String, String> call =
          h.channel
              .streamStream("/" + Service.NAME + "/Upper", Utf8.SERIALIZER, Utf8.DESERIALIZER)
              .call(TestPublisher.of(List.of("a")));

      assertThatThrownBy(() -> call.write("x")).isInstanceOf(io.github.grpcaio.UsageError.class);
      assertThat(call.cancel()).isTrue();
      assertThat(result(call.code())).isEqualTo(StatusCode.CANCELLED);
    }
  }

  @Test
  void streamStream_subscriberOfFailedChain_getsOnError() {
    StreamStreamClientInterceptor failing =
        new StreamStreamClientInterceptor() {
          @Override
          public <Req, Resp> CompletionStage<StreamStreamCall<Req, Resp>> interceptStreamStream(
              Continuation<Req, Resp> next, ClientCallDetails d, Flow.Publisher<Req> r) {
            throw new IllegalStateException("no streams");
          }
        };
    try (Harness h = Harness.client(transport, failing)) {
      StreamStreamCall<String, String> call =
          h.channel
              .streamStream("/" + Service.NAME + "/Upper", Utf8.SERIALIZER, Utf8.DESERIALIZER)
              .call();
      TestSubscriber<String> responses =
          TestSubscriber.<String>requesting(1).withTimeout(Await.TIMEOUT);
      call.subscribe(responses);

      assertThat(responses.awaitError())
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("no streams");
      assertThat(Await.failure(call.write("x"))).isInstanceOf(IllegalStateException.class);
      assertThat(result(call.code())).isEqualTo(StatusCode.UNKNOWN);
    }
  }

  @Test
  void channelOptions_nonInterceptor_isRefused() {
    ClientInterceptor marker = new ClientInterceptor() {};

    assertThatThrownBy(
            () ->
                GrpcAio.insecureChannel(
                    "127.0.0.1:1", ChannelOptions.builder().interceptors(List.of(marker)).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must implement");
  }
}
