package io.github.grpcaio.core.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.Call;
import io.github.grpcaio.ChannelOptions;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.testkit.AioTestServer;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.Transport;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Done callbacks run exactly once, in the order added, after the status is known and before the
 * response completes; one added after completion runs at once on the adding thread; one that throws
 * is logged and affects neither the others nor the call.
 */
@ParameterizedClass
@EnumSource(Transport.class)
class DoneCallbackTest {

  @Parameter Transport transport;

  private AioTestServer bed;

  private final AtomicInteger threadCount = new AtomicInteger();
  private final ExecutorService executor =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "test-executor-" + threadCount.incrementAndGet());
            t.setDaemon(true);
            return t;
          });

  /** Released by the test to let the server answer. */
  private final CompletableFuture<Void> release = new CompletableFuture<>();

  /** Replies "done" (or fails with NOT_FOUND for request "fail") once released. */
  private final TestService.Behavior answerWhenReleased =
      rpc ->
          release.thenCompose(
              ignored -> {
                if (rpc.request().equals("fail")) {
                  throw rpc.context().abort(StatusCode.NOT_FOUND, "failed on request");
                }
                return rpc.reply("done");
              });

  /** What a callback saw when it ran. */
  private record Run(
      String name, Call call, boolean statusKnown, boolean responseDone, String thread) {}

  @AfterEach
  void tearDown() throws Exception {
    try {
      if (bed != null) {
        bed.close();
      }
    } finally {
      executor.shutdownNow();
    }
  }

  private TestCall startCall(RpcKind kind, String request) {
    bed =
        AioTestServer.builder()
            .transport(transport)
            .channelOptions(ChannelOptions.builder().executor(executor).build())
            .addService(TestService.serving(answerWhenReleased))
            .start();
    return kind.call(bed.channel(), request);
  }

  /** A callback that records what it saw into {@code runs}. */
  private static Consumer<Call> recorder(String name, TestCall call, List<Run> runs) {
    return c ->
        runs.add(
            new Run(
                name,
                c,
                c.code().isDone() && c.details().isDone() && c.trailingMetadata().isDone(),
                call.responseSideDone(),
                Thread.currentThread().getName()));
  }

  @ParameterizedTest
  @EnumSource(RpcKind.class)
  void callbacksAddedBeforeEnd_runOnceInOrderAfterStatusBeforeResponse(RpcKind kind) {
    TestCall call = startCall(kind, "ok");
    List<Run> runs = new CopyOnWriteArrayList<>();
    call.call().addDoneCallback(recorder("first", call, runs));
    call.call().addDoneCallback(recorder("second", call, runs));
    call.call().addDoneCallback(recorder("third", call, runs));

    release.complete(null);
    call.awaitResult();

    assertThat(runs).extracting(Run::name).containsExactly("first", "second", "third");
    assertThat(runs).allSatisfy(run -> assertThat(run.call()).isSameAs(call.call()));
    assertThat(runs).allSatisfy(run -> assertThat(run.statusKnown()).isTrue());
    assertThat(runs).allSatisfy(run -> assertThat(run.responseDone()).isFalse());
    assertThat(runs).allSatisfy(run -> assertThat(run.thread()).startsWith("test-executor-"));
  }

  @ParameterizedTest
  @EnumSource(RpcKind.class)
  void callbacks_onFailedRpc_seeTheNonOkCode(RpcKind kind) {
    TestCall call = startCall(kind, "fail");
    CompletableFuture<StatusCode> seen = new CompletableFuture<>();
    call.call().addDoneCallback(c -> seen.complete(c.code().getNow(null)));

    release.complete(null);

    assertThat(Await.result(seen)).isEqualTo(StatusCode.NOT_FOUND);
  }

  @ParameterizedTest
  @EnumSource(RpcKind.class)
  void callbacks_onLocalCancel_runOnceWithCancelled(RpcKind kind) {
    TestCall call = startCall(kind, "ok");
    List<StatusCode> seen = new CopyOnWriteArrayList<>();
    call.call().addDoneCallback(c -> seen.add(c.code().getNow(null)));

    call.call().cancel();
    call.awaitResult();
    release.complete(null); // a late answer from the server changes nothing

    Await.until("the callback ran", () -> !seen.isEmpty());
    assertThat(seen).containsExactly(StatusCode.CANCELLED);
  }

  @ParameterizedTest
  @EnumSource(RpcKind.class)
  void callbackAddedAfterEnd_runsAtOnceOnTheCallingThread(RpcKind kind) {
    TestCall call = startCall(kind, "ok");
    release.complete(null);
    call.awaitResult();
    Await.result(call.call().code());
    List<Run> runs = new CopyOnWriteArrayList<>();

    call.call().addDoneCallback(recorder("late", call, runs));

    assertThat(runs).hasSize(1);
    assertThat(runs.get(0).thread()).isEqualTo(Thread.currentThread().getName());
    assertThat(runs.get(0).statusKnown()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(RpcKind.class)
  void throwingCallback_isLoggedAndAffectsNeitherOthersNorTheCall(RpcKind kind) {
    Logger logger = Logger.getLogger("io.github.grpcaio");
    List<LogRecord> records = new CopyOnWriteArrayList<>();
    Handler handler =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            records.add(record);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    logger.addHandler(handler);
    try {
      TestCall call = startCall(kind, "ok");
      RuntimeException boom = new IllegalStateException("callback failed");
      List<String> ran = new CopyOnWriteArrayList<>();
      call.call()
          .addDoneCallback(
              c -> {
                ran.add("thrower");
                throw boom;
              });
      call.call().addDoneCallback(c -> ran.add("after"));

      release.complete(null);
      TestCall.Result result = call.awaitResult();

      assertThat(ran).containsExactly("thrower", "after");
      assertThat(result.error()).isNull();
      assertThat(result.messages()).containsExactly("done");
      assertThat(Await.result(call.call().code())).isEqualTo(StatusCode.OK);
      assertThat(records)
          .anySatisfy(
              r -> {
                assertThat(r.getLevel().intValue())
                    .isGreaterThanOrEqualTo(Level.WARNING.intValue());
                assertThat(r.getThrown()).isSameAs(boom);
              });
    } finally {
      logger.removeHandler(handler);
    }
  }
}
