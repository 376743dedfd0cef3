package io.github.grpcaio.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.AioRpcError;
import io.github.grpcaio.Call;
import io.github.grpcaio.CallOptions;
import io.github.grpcaio.Channel;
import io.github.grpcaio.ChannelOptions;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.testkit.AioServerExtension;
import io.github.grpcaio.testkit.TestSubscriber;
import io.github.grpcaio.testkit.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The bounded soak (Maven profile {@code soak}): 200 000 RPCs of all four kinds over Netty on
 * 127.0.0.1, from four channels, 128 in flight, a random 5% cancelled right after they start and a
 * random 5% with a deadline (3% one of 5 ms against a handler that takes a second). Every RPC must
 * end with the one outcome its fate allows: its full response, a local cancellation (only if {@code
 * cancel()} returned true), or {@code DEADLINE_EXCEEDED} (only with a deadline); none may be lost
 * (each RPC ends within the bound), and the suite's checks find no leaked buffer, RPC or thread.
 * Prints the throughput. {@code -Dsoak.rpcs=N} changes the count, {@code -Dsoak.seed=S} the random
 * choices.
 */
@Tag("soak")
@Timeout(180)
class SoakTest {

  private static final int RPCS = Integer.getInteger("soak.rpcs", 200_000);
  private static final long SEED = Long.getLong("soak.seed", 20261124L);
  private static final int IN_FLIGHT = 128;
  private static final int CHANNELS = 4;
  private static final Duration RPC_BOUND = Duration.ofSeconds(30);

  private final FaultService service = new FaultService();

  @RegisterExtension
  final AioServerExtension grpc =
      AioServerExtension.builder()
          .transport(Transport.valueOf(System.getProperty("soak.transport", "NETTY")))
          .addService(service.handler())
          .leakGrace(Duration.ofSeconds(5))
          .build();

  /** What happened to one RPC. */
  private record Outcome(String kind, String fate, Object result) {}

  private final Map<Integer, String> inFlight = new ConcurrentHashMap<>();
  private final AtomicLong ok = new AtomicLong();
  private final AtomicLong cancelled = new AtomicLong();
  private final AtomicLong expired = new AtomicLong();
  private final List<String> wrong = java.util.Collections.synchronizedList(new ArrayList<>());

  @Test
  void soak_mixedRpcsWithCancelsAndDeadlines_noneLostNoneWrong() throws Exception {
    List<Channel> channels = new ArrayList<>();
    for (int i = 0; i < CHANNELS; i++) {
      channels.add(grpc.server().channel(ChannelOptions.DEFAULT));
    }
    SplittableRandom random = new SplittableRandom(SEED);
    Semaphore window = new Semaphore(IN_FLIGHT);

    long start = System.nanoTime();
    for (int i = 0; i < RPCS; i++) {
      if (!window.tryAcquire(RPC_BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError(
            "No RPC ended for " + RPC_BOUND + "; in flight: " + firstInFlight());
      }
      int id = i;
      Channel channel = channels.get(i % CHANNELS);
      int dice = random.nextInt(100);
      String fate =
          dice < 5 ? "cancel" : dice < 8 ? "short-deadline" : dice < 10 ? "deadline" : "plain";
      int kind = random.nextInt(10);
      inFlight.put(id, fate);
      start(id, channel, kind, fate)
          .whenComplete(
              (outcome, error) -> {
                if (error != null) {
                  wrong.add(id + ": " + error);
                } else {
                  check(id, outcome);
                }
                inFlight.remove(id);
                window.release();
              });
    }
    if (!window.tryAcquire(IN_FLIGHT, RPC_BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("RPCs never ended: " + firstInFlight());
    }
    double seconds = (System.nanoTime() - start) / 1e9;

    System.out.printf(
        "SOAK %d RPCs in %.1f s: %.0f RPC/s (%d ok, %d cancelled, %d deadline exceeded)%n",
        RPCS, seconds, RPCS / seconds, ok.get(), cancelled.get(), expired.get());
    assertThat(wrong).as("RPCs with an outcome their fate does not allow").isEmpty();
    assertThat(ok.get() + cancelled.get() + expired.get()).as("RPCs ended").isEqualTo(RPCS);
    assertThat(inFlight).isEmpty();
  }

  private List<String> firstInFlight() {
    return inFlight.entrySet().stream().limit(10).map(Object::toString).toList();
  }

  /** Starts one RPC of {@code kind} with its fate; completes with what happened. */
  private CompletableFuture<Outcome> start(int id, Channel channel, int kind, String fate) {
    CallOptions options =
        switch (fate) {
          case "short-deadline" -> CallOptions.DEFAULT.withTimeout(Duration.ofMillis(5));
          case "deadline" -> CallOptions.DEFAULT.withTimeout(Duration.ofSeconds(20));
          default -> CallOptions.DEFAULT;
        };
    CompletableFuture<?> result;
    Call call;
    String name;
    if (kind < 6) {
      name = "unary";
      // A short deadline meets a handler that takes a second: it must expire. (Against a handler
      // of 50 ms, a deadline timer starved of CPU for 45 ms on a loaded machine lets the response
      // win, which gRPC allows: the status is whichever comes first.)
      String request = fate.equals("short-deadline") ? "sleep:1000" : "r" + id;
      var c = FaultService.echo(channel).call(request, options);
      call = c;
      result = c.response();
    } else if (kind < 8) {
      name = "server-stream";
      var c = FaultService.stream(channel).call("5", options);
      call = c;
      result = collect(c);
    } else if (kind < 9) {
      name = "client-stream";
      var c = FaultService.collect(channel).call(new Sequence(3, 0), options);
      call = c;
      result = c.response();
    } else {
      name = "bidi";
      var c = FaultService.chat(channel).call(new Sequence(3, 0), options);
      call = c;
      result = collect(c);
    }
    boolean cancelledByUs = fate.equals("cancel") && call.cancel();
    String finalFate =
        fate.equals("cancel") ? (cancelledByUs ? "cancelled" : "cancel-too-late") : fate;
    return result.handle(
        (value, error) -> new Outcome(name, finalFate, error != null ? unwrap(error) : value));
  }

  private void check(int id, Outcome o) {
    Object r = o.result();
    boolean success = !(r instanceof Throwable);
    boolean good =
        switch (o.fate()) {
          case "cancelled" -> r instanceof CancellationException;
          case "short-deadline" ->
              (r instanceof AioRpcError e && e.code() == StatusCode.DEADLINE_EXCEEDED)
                  || (success && !o.kind().equals("unary")); // a fast stream may beat 5 ms
          case "deadline" ->
              success || (r instanceof AioRpcError e && e.code() == StatusCode.DEADLINE_EXCEEDED);
          default -> success;
        };
    if (good && success) {
      good = expected(id, o);
    }
    if (!good) {
      wrong.add(id + " " + o);
    } else if (success) {
      ok.incrementAndGet();
    } else if (r instanceof CancellationException) {
      cancelled.incrementAndGet();
    } else {
      expired.incrementAndGet();
    }
  }

  private static boolean expected(int id, Outcome o) {
    return switch (o.kind()) {
      case "unary" -> o.result().equals("r" + id);
      case "server-stream" -> o.result().equals(List.of("0", "1", "2", "3", "4"));
      case "client-stream" -> o.result().equals("3");
      default -> o.result().equals(List.of("0", "1", "2"));
    };
  }

  private static Throwable unwrap(Throwable t) {
    return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
  }

  /** Collects a response stream: its items, or its error. */
  private static CompletableFuture<List<String>> collect(Flow.Publisher<String> stream) {
    TestSubscriber<String> all = TestSubscriber.unbounded();
    stream.subscribe(all);
    return all.completion();
  }
}
