package io.github.grpcaio.core.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.grpcaio.AioRpcError;
import io.github.grpcaio.CallOptions;
import io.github.grpcaio.Metadata;
import io.github.grpcaio.ServicerContext;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.UsageError;
import io.github.grpcaio.testkit.AioTestServer;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.Transport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What a handler learns from and tells through its {@link ServicerContext}: metadata both ways,
 * status, peer, auth, deadline, cancellation and done callbacks (the ServicerContext section of
 * docs/mapping.md).
 */
@ParameterizedClass
@EnumSource(Transport.class)
class ServicerContextTest {

  private static final byte[] BINARY = {0, 1, 2, (byte) 0xfe, (byte) 0xff};

  private final Transport transport;
  @AutoClose private AioTestServer harness;

  ServicerContextTest(Transport transport) {
    this.transport = transport;
  }

  private AioTestServer serve(Kind kind, Kind.Body body) {
    harness = transport.start(kind.service(body));
    return harness;
  }

  // ---- metadata ----

  @ParameterizedTest
  @EnumSource(Kind.class)
  void invocationMetadata_clientSendsAsciiAndBinary_handlerSeesBothAndUserAgent(Kind kind) {
    AtomicReference<Metadata> seen = new AtomicReference<>();
    serve(
        kind,
        ctx -> {
          seen.set(ctx.invocationMetadata());
          return CompletableFuture.completedFuture("ok");
        });
    Metadata sent = new Metadata().add("x-ascii", "value-1").add("x-data-bin", BINARY);

    Kind.Rpc rpc = kind.invoke(harness.channel(), CallOptions.DEFAULT.withMetadata(sent));

    assertThat(Await.result(rpc.responses())).containsExactly("ok");
    Metadata got = seen.get();
    assertThat(got.get("x-ascii")).isEqualTo("value-1");
    assertThat(got.getBinary("x-data-bin")).isEqualTo(BINARY);
    assertThat(got.get("user-agent")).contains("grpc-aio-java");
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void sendInitialMetadata_beforeResponse_reachesClientInitialMetadata(Kind kind) {
    AtomicReference<CompletableFuture<Void>> headersSent = new AtomicReference<>();
    serve(
        kind,
        ctx -> {
          headersSent.set(
              ctx.sendInitialMetadata(
                  new Metadata().add("x-initial", "hello").add("x-initial-bin", BINARY)));
          return CompletableFuture.completedFuture("ok");
        });

    Kind.Rpc rpc = kind.invoke(harness.channel(), CallOptions.DEFAULT);

    assertThat(Await.result(rpc.responses())).containsExactly("ok");
    Await.result(headersSent.get());
    Metadata initial = Await.result(rpc.call().initialMetadata());
    assertThat(initial.get("x-initial")).isEqualTo("hello");
    assertThat(initial.getBinary("x-initial-bin")).isEqualTo(BINARY);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void sendInitialMetadata_calledTwice_secondThrowsUsageError(Kind kind) {
    AtomicReference<Throwable> second = new AtomicReference<>();
    serve(
        kind,
        ctx -> {
          ctx.sendInitialMetadata(Metadata.of("x-first", "1"));
          try {
            ctx.sendInitialMetadata(Metadata.of("x-second", "2"));
          } catch (Throwable t) {
            second.set(t);
          }
          return CompletableFuture.completedFuture("ok");
        });

    Kind.Rpc rpc = kind.invoke(harness.channel(), CallOptions.DEFAULT);

    assertThat(Await.result(rpc.responses())).containsExactly("ok");
    assertThat(second.get())
        .isInstanceOf(UsageError.class)
        .hasMessage("Send initial metadata failed: already sent");
    Metadata initial = Await.result(rpc.call().initialMetadata());
    assertThat(initial.get("x-first")).isEqualTo("1");
    assertThat(initial.containsKey("x-second")).isFalse();
  }

  @ParameterizedTest
  @EnumSource(
      value = Kind.class,
      names = {"UNARY_STREAM", "STREAM_STREAM"})
  void write_afterTheHandlerFinished_throwsUsageErrorSayingSo(Kind kind) {
    CompletableFuture<ServicerContext<String, String>> finished = new CompletableFuture<>();
    serve(
        kind,
        ctx -> {
          finished.complete(ctx);
          return CompletableFuture.completedFuture("last");
        });

    Kind.Rpc rpc = kind.invoke(harness.channel(), CallOptions.DEFAULT);

    assertThat(Await.result(rpc.responses())).containsExactly("last");
    ServicerContext<String, String> ctx = Await.result(finished);
    assertThatThrownBy(() -> ctx.write("late"))
        .isInstanceOf(UsageError.class)
        .hasMessageStartingWith("write() after the handler finished")
        .hasMessageNotContaining("doneWriting");
  }

  @ParameterizedTest
  @EnumSource(
      value = Kind.class,
      names = {"UNARY_STREAM", "STREAM_STREAM"})
  void sendInitialMetadata_afterAwaitedWrite_throwsUsageError(Kind kind) {
    AtomicReference<Throwable> late = new AtomicReference<>();
    serve(
        kind,
        ctx -> {
          Await.result(ctx.write("first")); // sends empty headers, then the message
          try {
            ctx.sendInitialMetadata(Metadata.of("x-late", "1"));
          } catch (Throwable t) {
            late.set(t);
          }
          return CompletableFuture.completedFuture("second");
        });

    Kind.Rpc rpc = kind.invoke(harness.channel(), CallOptions.DEFAULT);

    assertThat(Await.result(rpc.responses())).containsExactly("first", "second");
    assertThat(late.get())
        .isInstanceOf(UsageError.class)
        .hasMessage("Send initial metadata failed: already sent");
    assertThat(Await.result(rpc.call().initialMetadata()).containsKey("x-late")).isFalse();
  }

  @ParameterizedTest
  @EnumSource(
      value = Kind.class,
      names = {"UNARY_STREAM", "STREAM_STREAM"})
  void sendInitialMetadata_rightAfterWriteCall_throwsUsageError(Kind kind) {
    // The first write() claims the headers when it is called, not when the message goes out, so
    // the outcome does not depend on timing.
    AtomicReference<Throwable> late = new AtomicReference<>();
    serve(
        kind,
        ctx -> {
          CompletableFuture<Void> written = ctx.write("first");
          try {
            ctx.sendInitialMetadata(Metadata.of("x-late", "1"));
          } catch (Throwable t) {
            late.set(t);
          }
          return written.thenApply(ignored -> null);
        });

    Kind.Rpc rpc = kind.invoke(harness.channel(), CallOptions.DEFAULT);

    assertThat(Await.result(rpc.responses())).containsExactly("first");
    assertThat(late.get())
        .isInstanceOf(UsageError.class)
        .hasMessage("Send initial metadata failed: already sent");
    assertThat(Await.result(rpc.call().initialMetadata()).containsKey("x-late")).isFalse();
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void sendInitialMetadata_afterTheRpcEndedWithoutHeaders_futureFailsInsteadOfHanging(Kind kind) {
    CompletableFuture<ServicerContext<String, String>> ended = new CompletableFuture<>();
    serve(
        kind,
        ctx -> {
          ctx.addDoneCallback(ended::complete);
          ctx.setCode(StatusCode.NOT_FOUND); // the status goes out alone, without headers
          return CompletableFuture.completedFuture(null);
        });
    Await.rpcError(kind.invoke(harness.channel(), CallOptions.DEFAULT).responses());
    ServicerContext<String, String> ctx = Await.result(ended);

    CompletableFuture<Void> late = ctx.sendInitialMetadata(Metadata.of("x-late", "1"));

    assertThat(Await.failure(late)).isInstanceOf(CancellationException.class);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void setTrailingMetadata_handlerCompletes_reachesClientTrailingMetadata(Kind kind) {
    serve(
        kind,
        ctx -> {
          ctx.setTrailingMetadata(
              new Metadata().add("x-trailer", "bye").add("x-trailer-bin", BINARY));
          return CompletableFuture.completedFuture("ok");
        });

    Kind.Rpc rpc = kind.invoke(harness.channel(), CallOptions.DEFAULT);

    assertThat(Await.result(rpc.responses())).containsExactly("ok");
    Metadata trailing = Await.result(rpc.call().trailingMetadata());
    assertThat(trailing.get("x-trailer")).isEqualTo("bye");
    assertThat(trailing.getBinary("x-trailer-bin")).isEqualTo(BINARY);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void setTrailingMetadata_calledTwice_lastValueReplacesFirst(Kind kind) {
    serve(
        kind,
        ctx -> {
          ctx.setTrailingMetadata(Metadata.of("x-first", "1"));
          ctx.setTrailingMetadata(Metadata.of("x-second", "2"));
          return CompletableFuture.completedFuture("ok");
        });

    Kind.Rpc rpc = kind.invoke(harness.channel(), CallOptions.DEFAULT);

    Await.result(rpc.responses());
    Metadata trailing = Await.result(rpc.call().trailingMetadata());
    assertThat(trailing.get("x-second")).isEqualTo("2");
    assertThat(trailing.containsKey("x-first")).isFalse();
  }

  // ---- status ----

  @ParameterizedTest
  @EnumSource(Kind.class)
  void setCodeAndDetails_nonOkAndHandlerCompletes_clientGetsThatStatusAndNoUnaryResponse(
      Kind kind) {
    serve(
        kind,
        ctx -> {
          ctx.setTrailingMetadata(Metadata.of("x-why", "missing"));
          ctx.setCode(StatusCode.NOT_FOUND);
          ctx.setDetails("no such thing");
          return CompletableFuture.completedFuture(kind.responseStreaming ? null : "discarded");
        });

    Kind.Rpc rpc = kind.invoke(harness.channel(), CallOptions.DEFAULT);

    AioRpcError error = Await.rpcError(rpc.responses());
    assertThat(error.code()).isEqualTo(StatusCode.NOT_FOUND);
    assertThat(error.details()).isEqualTo("no such thing");
    assertThat(error.trailingMetadata().get("x-why")).isEqualTo("missing");
    assertThat(Await.result(rpc.call().code())).isEqualTo(StatusCode.NOT_FOUND);
    assertThat(Await.result(rpc.call().details())).isEqualTo("no such thing");
  }

  @ParameterizedTest
  @EnumSource(
      value = Kind.class,
      names = {"UNARY_STREAM", "STREAM_STREAM"})
  void setCode_nonOkAfterStreamedMessages_clientGetsMessagesThenStatus(Kind kind) {
    serve(
        kind,
        ctx -> {
          Await.result(ctx.write("one"));
          ctx.setCode(StatusCode.FAILED_PRECONDITION);
          ctx.setDetails("stopped early");
          return CompletableFuture.completedFuture("two");
        });

    Kind.Rpc rpc = kind.invoke(harness.channel(), CallOptions.DEFAULT);

    AioRpcError error = Await.rpcError(rpc.responses());
    assertThat(error.code()).isEqualTo(StatusCode.FAILED_PRECONDITION);
    assertThat(error.details()).isEqualTo("stopped early");
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void setDetails_withOkCode_clientGetsResponseAndDetails(Kind kind) {
    serve(
        kind,
        ctx -> {
          ctx.setCode(StatusCode.OK);
          ctx.setDetails("all good");
          return CompletableFuture.completedFuture("ok");
        });

    Kind.Rpc rpc = kind.invoke(harness.channel(), CallOptions.DEFAULT);

    assertThat(Await.result(rpc.responses())).containsExactly("ok");
    assertThat(Await.result(rpc.call().code())).isEqualTo(StatusCode.OK);
    assertThat(Await.result(rpc.call().details())).isEqualTo("all good");
  }

  @Test
  void codeAndDetailsGetters_beforeAndAfterSetting_reflectWhatWasSet() {
    AtomicReference<List<Object>> seen = new AtomicReference<>();
    serve(
        Kind.UNARY_UNARY,
        ctx -> {
          Object codeBefore = ctx.code();
          Object detailsBefore = ctx.details();
          Object trailersBefore = ctx.trailingMetadata().size();
          ctx.setCode(StatusCode.ALREADY_EXISTS);
          ctx.setDetails("exists");
          ctx.setTrailingMetadata(Metadata.of("x-t", "v"));
          seen.set(
              List.of(
                  codeBefore,
                  detailsBefore,
                  trailersBefore,
                  ctx.code(),
                  ctx.details(),
                  ctx.trailingMetadata().get("x-t")));
          return CompletableFuture.completedFuture("discarded");
        });

    Kind.Rpc rpc = Kind.UNARY_UNARY.invoke(harness.channel(), CallOptions.DEFAULT);

    assertThat(Await.rpcError(rpc.responses()).code()).isEqualTo(StatusCode.ALREADY_EXISTS);
    assertThat(seen.get())
        .containsExactly(
            java.util.Optional.empty(),
            java.util.Optional.empty(),
            0,
            java.util.Optional.of(StatusCode.ALREADY_EXISTS),
            java.util.Optional.of("exists"),
            "v");
  }

  // ---- peer, auth ----

  @Test
  void peer_duringRpc_namesTheClientAddress() {
    AtomicReference<String> peer = new AtomicReference<>();
    serve(
        Kind.UNARY_UNARY,
        ctx -> {
          peer.set(ctx.peer());
          return CompletableFuture.completedFuture("ok");
        });

    Await.result(Kind.UNARY_UNARY.invoke(harness.channel(), CallOptions.DEFAULT).responses());

    switch (transport) {
      case NETTY -> {
        assertThat(peer.get()).matches("ipv4:127\\.0\\.0\\.1:\\d+");
        int clientPort = Integer.parseInt(peer.get().substring(peer.get().lastIndexOf(':') + 1));
        assertThat(clientPort).isPositive().isNotEqualTo(serverPort());
      }
      case IN_PROCESS -> assertThat(peer.get()).isEqualTo("inprocess:" + harness.target());
    }
  }

  /** The Netty server's port, from its target {@code 127.0.0.1:<port>}. */
  private int serverPort() {
    String target = harness.target();
    return Integer.parseInt(target.substring(target.lastIndexOf(':') + 1));
  }

  @Test
  void authContext_insecureConnection_reportsInsecureAndNoIdentity() {
    AtomicReference<Map<String, List<byte[]>>> auth = new AtomicReference<>();
    AtomicReference<List<byte[]>> identities = new AtomicReference<>();
    AtomicReference<java.util.Optional<String>> identityKey = new AtomicReference<>();
    serve(
        Kind.UNARY_UNARY,
        ctx -> {
          auth.set(ctx.authContext());
          identities.set(ctx.peerIdentities());
          identityKey.set(ctx.peerIdentityKey());
          return CompletableFuture.completedFuture("ok");
        });

    Await.result(Kind.UNARY_UNARY.invoke(harness.channel(), CallOptions.DEFAULT).responses());

    assertThat(auth.get()).containsOnlyKeys("transport_security_type", "security_level");
    assertThat(auth.get().get("transport_security_type"))
        .singleElement()
        .isEqualTo("insecure".getBytes(StandardCharsets.US_ASCII));
    assertThat(auth.get().get("security_level"))
        .singleElement()
        .isEqualTo("TSI_SECURITY_NONE".getBytes(StandardCharsets.US_ASCII));
    assertThat(identities.get()).isEmpty();
    assertThat(identityKey.get()).isEmpty();
  }

  // ---- deadline ----

  @ParameterizedTest
  @EnumSource(Kind.class)
  void timeRemaining_clientWithoutTimeout_isEmpty(Kind kind) {
    AtomicReference<java.util.Optional<Duration>> remaining = new AtomicReference<>();
    serve(
        kind,
        ctx -> {
          remaining.set(ctx.timeRemaining());
          return CompletableFuture.completedFuture("ok");
        });

    Await.result(kind.invoke(harness.channel(), CallOptions.DEFAULT).responses());

    assertThat(remaining.get()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void timeRemaining_clientTimeout_isCloseToIt(Kind kind) {
    AtomicReference<java.util.Optional<Duration>> remaining = new AtomicReference<>();
    serve(
        kind,
        ctx -> {
          remaining.set(ctx.timeRemaining());
          return CompletableFuture.completedFuture("ok");
        });

    Await.result(
        kind.invoke(harness.channel(), CallOptions.DEFAULT.withTimeout(Duration.ofSeconds(30)))
            .responses());

    assertThat(remaining.get()).isPresent();
    assertThat(remaining.get().get())
        .isLessThanOrEqualTo(Duration.ofSeconds(30))
        .isGreaterThan(Duration.ofSeconds(20));
  }

  // ---- cancellation, done ----

  @ParameterizedTest
  @EnumSource(Kind.class)
  void cancelled_clientCancels_handlerSeesCancelledAndDoneAndCallbackRunsOnce(Kind kind) {
    CompletableFuture<ServicerContext<String, String>> started = new CompletableFuture<>();
    AtomicInteger callbackRuns = new AtomicInteger();
    CountDownLatch callbackRan = new CountDownLatch(1);
    AtomicReference<Boolean> cancelledBefore = new AtomicReference<>();
    serve(
        kind,
        ctx -> {
          ctx.addDoneCallback(
              c -> {
                callbackRuns.incrementAndGet();
                callbackRan.countDown();
              });
          cancelledBefore.set(ctx.cancelled() || ctx.done());
          started.complete(ctx);
          return new CompletableFuture<>(); // never completes on its own
        });
    Kind.Rpc rpc = kind.invoke(harness.channel(), CallOptions.DEFAULT);
    ServicerContext<String, String> ctx = Await.result(started);

    assertThat(rpc.call().cancel()).isTrue();

    Await.latch(callbackRan);
    assertThat(ctx.cancelled()).isTrue();
    assertThat(ctx.done()).isTrue();
    assertThat(cancelledBefore.get()).isFalse();
    assertThat(Await.result(rpc.call().code())).isEqualTo(StatusCode.CANCELLED);
    Await.staysAt("done callback runs", callbackRuns::get, 1);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void doneCallback_rpcEndsNormally_runsOnceAfterwardsWithTheContext(Kind kind) {
    AtomicInteger callbackRuns = new AtomicInteger();
    CompletableFuture<ServicerContext<String, String>> calledWith = new CompletableFuture<>();
    AtomicReference<ServicerContext<String, String>> handlerContext = new AtomicReference<>();
    AtomicReference<Boolean> doneInHandler = new AtomicReference<>();
    serve(
        kind,
        ctx -> {
          handlerContext.set(ctx);
          ctx.addDoneCallback(
              c -> {
                callbackRuns.incrementAndGet();
                calledWith.complete(c);
              });
          doneInHandler.set(ctx.done());
          return CompletableFuture.completedFuture("ok");
        });

    Kind.Rpc rpc = kind.invoke(harness.channel(), CallOptions.DEFAULT);

    assertThat(Await.result(rpc.responses())).containsExactly("ok");
    assertThat(Await.result(calledWith)).isSameAs(handlerContext.get());
    assertThat(doneInHandler.get()).isFalse();
    assertThat(handlerContext.get().done()).isTrue();
    assertThat(handlerContext.get().cancelled()).isFalse();
    Await.staysAt("done callback runs", callbackRuns::get, 1);
  }

  @Test
  void doneCallback_addedAfterTheEnd_runsAtOnceOnTheCallingThread() {
    CompletableFuture<ServicerContext<String, String>> ended = new CompletableFuture<>();
    serve(
        Kind.UNARY_UNARY,
        ctx -> {
          ctx.addDoneCallback(ended::complete);
          return CompletableFuture.completedFuture("ok");
        });
    Await.result(Kind.UNARY_UNARY.invoke(harness.channel(), CallOptions.DEFAULT).responses());
    ServicerContext<String, String> ctx = Await.result(ended);
    AtomicReference<Thread> ranOn = new AtomicReference<>();

    ctx.addDoneCallback(c -> ranOn.set(Thread.currentThread()));

    assertThat(ranOn.get()).isSameAs(Thread.currentThread());
  }

  @Test
  void doneCallback_throws_otherCallbacksStillRun() {
    CountDownLatch second = new CountDownLatch(1);
    serve(
        Kind.UNARY_UNARY,
        ctx -> {
          ctx.addDoneCallback(
              c -> {
                throw new IllegalStateException("callback failure, expected by the test");
              });
          ctx.addDoneCallback(c -> second.countDown());
          return CompletableFuture.completedFuture("ok");
        });

    Kind.Rpc rpc = Kind.UNARY_UNARY.invoke(harness.channel(), CallOptions.DEFAULT);

    assertThat(Await.result(rpc.responses())).containsExactly("ok");
    Await.latch(second);
  }

  // ---- compression (more in options.CompressionTest) ----

  @Test
  void setCompression_inHandler_isAcceptedAndTheCallSucceeds() {
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    serve(
        Kind.UNARY_UNARY,
        ctx -> {
          try {
            ctx.setCompression(io.github.grpcaio.Compression.GZIP);
            ctx.disableNextMessageCompression();
          } catch (Throwable t) {
            thrown.set(t);
          }
          return CompletableFuture.completedFuture("ok");
        });

    var rpc = Kind.UNARY_UNARY.invoke(harness.channel(), CallOptions.DEFAULT);

    assertThat(Await.result(rpc.responses())).containsExactly("ok");
    assertThat(thrown.get()).isNull();
  }
}
