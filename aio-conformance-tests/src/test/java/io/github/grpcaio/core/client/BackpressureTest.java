package io.github.grpcaio.core.client;

import static io.github.grpcaio.testkit.Utf8.DESERIALIZER;
import static io.github.grpcaio.testkit.Utf8.SERIALIZER;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.CallOptions;
import io.github.grpcaio.RpcMethodHandler;
import io.github.grpcaio.ServiceRpcHandler;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.core.client.RpcKind.ResponseStream;
import io.github.grpcaio.testkit.AioTestServer;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.TestPublisher;
import io.github.grpcaio.testkit.TestSubscriber;
import io.github.grpcaio.testkit.Transport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Backpressure end to end. A response subscriber receives at most what it requested, and the
 * transport is asked for no more, so an idle subscriber stops the server's publisher through flow
 * control; a request publisher is pulled only while the transport is ready, so a server that does
 * not read stops it. The bounds below are derived from the transports' buffering.
 */
@ParameterizedClass
@EnumSource(Transport.class)
class BackpressureTest {

  /** Payload of each message; the wire adds gRPC's 5-byte length prefix. */
  static final int MESSAGE_SIZE = 1024;

  /** The largest HTTP/2 window grpc-java's Netty BDP auto-tuning grows to (from 1 MiB). */
  static final long NETTY_MAX_WINDOW = 8 * 1024 * 1024;

  /** Bytes a grpc-java stream queues for sending before {@code isReady()} turns false. */
  static final long ONREADY_THRESHOLD = 32 * 1024;

  /**
   * How many messages may be emitted by the sending publisher and not yet be delivered to the
   * receiving consumer, when the consumer asks for one message at a time (or none).
   *
   * <ul>
   *   <li>Netty: everything in between is bounded by bytes. The receiver's HTTP/2 window (at most 8
   *       MiB with BDP auto-tuning) bounds what is on the wire or buffered unread in the receiver's
   *       deframer, because grpc-java returns window only for messages it delivers; the sender's
   *       stream stops being ready once 32 KiB are queued behind that window, and its {@code
   *       OutboundStream} pulls one message at a time and only while ready. Add one message pulled
   *       by the sender and one being handed over at the receiver. (With the default 1 MiB window,
   *       when auto-tuning does not grow it, about 1 050 messages are seen ahead.)
   *   <li>In-process: there is no byte window; a stream is ready only while the receiver has an
   *       unfulfilled transport request, and the library asks the transport for exactly what the
   *       consumer requested. So at most the message being delivered and one pulled in response to
   *       the next request are outstanding.
   * </ul>
   */
  static long maxOutstanding(Transport transport) {
    return switch (transport) {
      case NETTY -> (NETTY_MAX_WINDOW + ONREADY_THRESHOLD) / (MESSAGE_SIZE + 5) + 2;
      case IN_PROCESS -> 2;
    };
  }

  static final int STREAMED = 100_000;

  @Parameter Transport transport;

  @AutoClose private AioTestServer bed;

  /** A ~1 KiB message that starts with its index, so that order and loss can be checked. */
  static String message(long index) {
    String prefix = index + ":";
    return prefix + "x".repeat(MESSAGE_SIZE - prefix.length());
  }

  static long indexOf(String message) {
    return Long.parseLong(message.substring(0, message.indexOf(':')));
  }

  /** Serves {@code publisher} as the response stream of both response-streaming kinds. */
  private static ServiceRpcHandler streaming(Flow.Publisher<String> publisher) {
    return ServiceRpcHandler.of(
        TestService.NAME,
        Map.of(
            RpcKind.UNARY_STREAM.methodName(),
            RpcMethodHandler.<String, String>unaryStream(
                (request, context) -> publisher, DESERIALIZER, SERIALIZER),
            RpcKind.STREAM_STREAM.methodName(),
            RpcMethodHandler.<String, String>streamStream(
                (requests, context) -> publisher, DESERIALIZER, SERIALIZER)));
  }

  // ---- response streams ----

  @ParameterizedTest
  @EnumSource(
      value = RpcKind.class,
      names = {"UNARY_STREAM", "STREAM_STREAM"})
  void subscriberRequestingOneAtATime_boundsWhatTheServerEmitsAhead(RpcKind kind) {
    TestPublisher<String> server = TestPublisher.generate(STREAMED, BackpressureTest::message);
    bed = transport.start(streaming(server));
    ResponseStream stream = kind.callForReading(bed.channel(), "go", CallOptions.DEFAULT);
    long bound = maxOutstanding(transport);
    OneAtATime subscriber = new OneAtATime(server::emitted, bound, 2_000);

    // Given a subscriber that took 2 000 messages one at a time, then stopped requesting
    stream.subscribe(subscriber);
    Await.result(subscriber.paused);

    // then the server's publisher stalls, within the bound, and stays stalled
    long emitted = Await.stable("server emitted count", Duration.ofMillis(300), server::emitted);
    assertThat(emitted - subscriber.delivered.get()).isBetween(0L, bound);
    assertThat(emitted).isLessThan(STREAMED);
    Await.holdsFor(
        Duration.ofMillis(200), "server stays paused", () -> server.emitted() == emitted);

    // When the subscriber resumes, one at a time, then every message arrives, in order, and the
    // bound held at every delivery
    subscriber.resume();
    Await.result(subscriber.done, Duration.ofSeconds(60)); // 100 MiB, one message at a time
    assertThat(subscriber.problems).isEmpty();
    assertThat(subscriber.delivered.get()).isEqualTo(STREAMED);
    assertThat(subscriber.maxOutstanding.get()).isLessThanOrEqualTo(bound);
    assertThat(Await.result(stream.call().code())).isEqualTo(StatusCode.OK);
  }

  @ParameterizedTest
  @EnumSource(
      value = RpcKind.class,
      names = {"UNARY_STREAM", "STREAM_STREAM"})
  void requestN_deliversAtMostN(RpcKind kind) {
    TestPublisher<String> server = TestPublisher.generate(10, Long::toString);
    bed = transport.start(streaming(server));
    ResponseStream stream = kind.callForReading(bed.channel(), "go", CallOptions.DEFAULT);
    TestSubscriber<String> subscriber = TestSubscriber.requesting(3);

    stream.subscribe(subscriber);

    assertThat(subscriber.awaitCount(3)).containsExactly("0", "1", "2");
    Await.stable("server emitted count", Duration.ofMillis(100), server::emitted);
    Await.holdsFor(
        Duration.ofMillis(100), "only 3 delivered", () -> subscriber.values().size() == 3);
    subscriber.request(2);
    assertThat(subscriber.awaitCount(5)).hasSize(5);
    subscriber.request(5);
    assertThat(subscriber.awaitCompletion()).hasSize(10);
    assertThat(subscriber.violations()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"UNARY_STREAM, 0", "UNARY_STREAM, -1", "STREAM_STREAM, 0", "STREAM_STREAM, -5"})
  void requestOfZeroOrLess_signalsIllegalArgumentAndCancels(RpcKind kind, long n) {
    TestPublisher<String> server = TestPublisher.generate(Long.MAX_VALUE, Long::toString);
    bed = transport.start(streaming(server));
    ResponseStream stream = kind.callForReading(bed.channel(), "go", CallOptions.DEFAULT);
    TestSubscriber<String> subscriber = TestSubscriber.requesting(1);
    stream.subscribe(subscriber);
    subscriber.awaitCount(1);

    subscriber.request(n);

    assertThat(subscriber.awaitError()).isInstanceOf(IllegalArgumentException.class);
    assertThat(subscriber.violations()).isEmpty();
    assertThat(Await.result(stream.call().code())).isEqualTo(StatusCode.CANCELLED);
    Await.until("the server's publisher is cancelled", server::isCancelled);
  }

  @ParameterizedTest
  @EnumSource(
      value = RpcKind.class,
      names = {"UNARY_STREAM", "STREAM_STREAM"})
  void requestOfLongMaxValue_deliversEverything(RpcKind kind) {
    TestPublisher<String> server = TestPublisher.generate(5_000, Long::toString);
    bed = transport.start(streaming(server));
    ResponseStream stream = kind.callForReading(bed.channel(), "go", CallOptions.DEFAULT);
    TestSubscriber<String> subscriber = TestSubscriber.requesting(Long.MAX_VALUE);

    stream.subscribe(subscriber);
    subscriber.awaitCount(1);
    subscriber.request(Long.MAX_VALUE); // saturates, does not overflow
    subscriber.request(1);

    List<String> items = subscriber.awaitCompletion();
    assertThat(items).hasSize(5_000);
    assertThat(items.get(4_999)).isEqualTo("4999");
    assertThat(subscriber.violations()).isEmpty();
  }

  // ---- request streams ----

  @ParameterizedTest
  @EnumSource(
      value = RpcKind.class,
      names = {"STREAM_UNARY", "STREAM_STREAM"})
  void requestPublisher_againstServerThatDoesNotRead_stallsWithinBound(RpcKind kind) {
    int total = 20_000; // 20 MiB: more than any window
    TestPublisher<String> client = TestPublisher.generate(total, BackpressureTest::message);
    CompletableFuture<TestSubscriber<String>> serverCounter = new CompletableFuture<>();
    bed = transport.start(counting(serverCounter));
    long bound = maxOutstanding(transport);

    // Given a server whose handler does not read yet
    TestCall call = kind.callWithPublisher(bed.channel(), client, CallOptions.DEFAULT);
    TestSubscriber<String> counter = Await.result(serverCounter);

    // then the client's publisher stalls within the bound, pulled one message at a time
    long emitted = Await.stable("client emitted count", Duration.ofMillis(300), client::emitted);
    assertThat(emitted - counter.values().size()).isBetween(0L, bound);
    assertThat(client.requested() - client.emitted()).isBetween(0L, 1L);
    Await.holdsFor(
        Duration.ofMillis(200), "client stays paused", () -> client.emitted() == emitted);

    // When the server reads everything, then every request arrives
    counter.request(Long.MAX_VALUE);
    TestCall.Result result = call.awaitResult();
    assertThat(result.error()).isNull();
    assertThat(result.messages()).containsExactly(String.valueOf(total));
    assertThat(client.emitted()).isEqualTo(total);
  }

  /** Serves both request-streaming kinds with a handler that counts requests only when told. */
  private static ServiceRpcHandler counting(CompletableFuture<TestSubscriber<String>> started) {
    return ServiceRpcHandler.of(
        TestService.NAME,
        Map.of(
            RpcKind.STREAM_UNARY.methodName(),
            RpcMethodHandler.<String, String>streamUnary(
                (requests, context) -> {
                  TestSubscriber<String> counter = TestSubscriber.create();
                  requests.subscribe(counter);
                  started.complete(counter);
                  return counter.completion().thenApply(all -> String.valueOf(all.size()));
                },
                DESERIALIZER,
                SERIALIZER),
            RpcKind.STREAM_STREAM.methodName(),
            RpcMethodHandler.<String, String>streamStreamWriter(
                (requests, context) -> {
                  TestSubscriber<String> counter = TestSubscriber.create();
                  requests.subscribe(counter);
                  started.complete(counter);
                  return counter
                      .completion()
                      .thenCompose(all -> context.write(String.valueOf(all.size())));
                },
                DESERIALIZER,
                SERIALIZER)));
  }

  /**
   * Requests one message at a time, checking at every delivery that the server has not emitted more
   * than {@code bound} messages ahead; pauses after {@code pauseAfter} until resumed.
   */
  private static final class OneAtATime implements Flow.Subscriber<String> {
    final AtomicLong requested = new AtomicLong();
    final AtomicLong delivered = new AtomicLong();
    final AtomicLong maxOutstanding = new AtomicLong();
    final List<String> problems = new CopyOnWriteArrayList<>();
    final CompletableFuture<Void> paused = new CompletableFuture<>();
    final CompletableFuture<Void> done = new CompletableFuture<>();
    private final LongSupplier emitted;
    private final long bound;
    private final long pauseAfter;
    private volatile Flow.Subscription subscription;

    OneAtATime(LongSupplier emitted, long bound, long pauseAfter) {
      this.emitted = emitted;
      this.bound = bound;
      this.pauseAfter = pauseAfter;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      requestOne();
    }

    @Override
    public void onNext(String item) {
      long n = delivered.incrementAndGet();
      if (n > requested.get() && problems.size() < 10) {
        problems.add("delivery " + n + " beyond demand " + requested.get());
      }
      long outstanding = emitted.getAsLong() - n;
      maxOutstanding.accumulateAndGet(outstanding, Math::max);
      if (outstanding > bound && problems.size() < 10) {
        problems.add("at delivery " + n + " the server was " + outstanding + " ahead");
      }
      if (indexOf(item) != n - 1 && problems.size() < 10) {
        problems.add("delivery " + n + " was message " + indexOf(item));
      }
      if (n == pauseAfter) {
        paused.complete(null);
        return;
      }
      requestOne();
    }

    void resume() {
      requestOne();
    }

    private void requestOne() {
      requested.incrementAndGet();
      subscription.request(1);
    }

    @Override
    public void onError(Throwable t) {
      done.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
      done.complete(null);
    }
  }
}
