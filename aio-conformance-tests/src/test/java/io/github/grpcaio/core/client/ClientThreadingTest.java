package io.github.grpcaio.core.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.CallOptions;
import io.github.grpcaio.ChannelOptions;
import io.github.grpcaio.core.client.RpcKind.ResponseStream;
import io.github.grpcaio.testkit.AioTestServer;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.Transport;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Where user code runs, client side: the call's futures complete, and its subscriber is signalled,
 * on the channel's executor, never on a transport thread, so that dependent user code never runs
 * there.
 *
 * <p>The tests wait by polling, never by {@code get()} on an observed future: the JDK lets a thread
 * blocked in {@code get()} run the future's pending dependents itself.
 */
@ParameterizedClass
@EnumSource(Transport.class)
class ClientThreadingTest {

  static final String PREFIX = "channel-executor-";

  @Parameter Transport transport;

  private AioTestServer bed;
  private final AtomicInteger threads = new AtomicInteger();
  private final ExecutorService executor =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, PREFIX + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
          });

  /** Released by the test, once every dependent is registered, to let the server answer. */
  private final CompletableFuture<Void> release = new CompletableFuture<>();

  /** Where each observed signal ran: signal name to thread name. */
  private final Map<String, String> ranOn = new ConcurrentHashMap<>();

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

  private void serve() {
    bed =
        AioTestServer.builder()
            .transport(transport)
            .channelOptions(ChannelOptions.builder().executor(executor).build())
            .addService(
                TestService.serving(
                    rpc ->
                        release.thenCompose(ignored -> rpc.readAll()).thenCompose(rpc::replyAll)))
            .start();
  }

  /** Records the thread that completes {@code future}; register before it can complete. */
  private <T> void record(String signal, CompletableFuture<T> future) {
    future.whenComplete((value, error) -> ranOn.put(signal, Thread.currentThread().getName()));
  }

  @ParameterizedTest
  @EnumSource(RpcKind.class)
  void futuresAndCallbacks_completeOnTheChannelExecutor(RpcKind kind) {
    serve();
    TestCall call = kind.call(bed.channel(), "request");
    record("code", call.call().code());
    record("details", call.call().details());
    record("initialMetadata", call.call().initialMetadata());
    record("trailingMetadata", call.call().trailingMetadata());
    call.call().addDoneCallback(c -> ranOn.put("doneCallback", Thread.currentThread().getName()));

    release.complete(null);
    Await.until("all signals recorded", () -> ranOn.size() == 5);

    assertThat(ranOn).allSatisfy((signal, thread) -> assertThat(thread).startsWith(PREFIX));
  }

  @ParameterizedTest
  @EnumSource(
      value = RpcKind.class,
      names = {"UNARY_UNARY", "STREAM_UNARY"})
  void responseFuture_completesOnTheChannelExecutor(RpcKind kind) {
    serve();
    TestCall call = kind.call(bed.channel(), "request");
    CompletableFuture<String> response = call.response();
    record("response", response);

    release.complete(null);
    // Not response.get(): a thread blocked in get() may run the future's dependents itself.
    Await.until("response recorded", () -> ranOn.containsKey("response"));

    assertThat(ranOn.get("response")).startsWith(PREFIX);
  }

  @ParameterizedTest
  @EnumSource(
      value = RpcKind.class,
      names = {"UNARY_STREAM", "STREAM_STREAM"})
  void subscriberSignalsAndReads_runOnTheChannelExecutor(RpcKind kind) {
    serve();
    ResponseStream subscribed = kind.callForReading(bed.channel(), "a", CallOptions.DEFAULT);
    subscribed.subscribe(
        new Flow.Subscriber<String>() {
          @Override
          public void onSubscribe(Flow.Subscription s) {
            ranOn.put("onSubscribe", Thread.currentThread().getName());
            s.request(Long.MAX_VALUE);
          }

          @Override
          public void onNext(String item) {
            ranOn.put("onNext", Thread.currentThread().getName());
          }

          @Override
          public void onError(Throwable t) {
            ranOn.put("onError", Thread.currentThread().getName());
          }

          @Override
          public void onComplete() {
            ranOn.put("onComplete", Thread.currentThread().getName());
          }
        });
    ResponseStream read = kind.callForReading(bed.channel(), "b", CallOptions.DEFAULT);
    record("read", read.read());
    record("readAtEnd", read.read());

    release.complete(null);
    Await.until(
        "all signals recorded",
        () -> ranOn.keySet().containsAll(List.of("onNext", "onComplete", "readAtEnd")));

    assertThat(ranOn).doesNotContainKey("onError");
    assertThat(ranOn).allSatisfy((signal, thread) -> assertThat(thread).startsWith(PREFIX));
  }
}
