package io.github.grpcaio.core.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.github.grpcaio.Channel;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.UnaryUnaryCall;
import io.github.grpcaio.UnaryUnaryMultiCallable;
import io.github.grpcaio.testkit.AioTestServer;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.Transport;
import io.github.grpcaio.testkit.Utf8;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Cancelling the response future at a random moment around the server's answer never loses the
 * response: either the cancel wins ({@code cancel} returns true and the call reports a local
 * cancellation) or it comes too late ({@code cancel} returns false and the server's value arrives
 * with {@code OK}). Never true with OK, never a missing value.
 *
 * <p>Half the cancels come at a random moment around the server's answer, racing with the client's
 * decision of the outcome; the other half come a random moment after that decision (seen by a done
 * callback), racing with the delivery of the response, which follows the done callbacks. 1000
 * iterations per transport, with and without client interceptors.
 */
@ParameterizedClass
@EnumSource(Transport.class)
class ResponseCancelRaceTest {

  private static final int ITERATIONS = 1000;
  private static final long JITTER = 40_000; // nanoseconds either side of the centre
  private static final long STEP = 4_000; // nanoseconds the centre moves after each iteration
  private static final long CALLBACK = 200_000; // the longest a done callback takes, nanoseconds

  @Parameter Transport transport;

  @AutoClose private AioTestServer bed;

  /** Per request: what the handler waits for before it answers. */
  private final Map<String, CompletableFuture<Void>> answers = new ConcurrentHashMap<>();

  @ParameterizedTest(name = "intercepted={0}")
  @ValueSource(booleans = {false, true})
  void cancelResponseAtRandomMoment_neverLosesTheResponse(boolean intercepted) {
    bed =
        transport.start(
            TestService.serving(
                rpc ->
                    answers
                        .remove(rpc.request())
                        .thenCompose(ignored -> rpc.reply("value of " + rpc.request()))));
    Channel channel = intercepted ? bed.channel(PassThroughInterceptors.OPTIONS) : bed.channel();
    UnaryUnaryMultiCallable<String, String> method =
        channel.unaryUnary(RpcKind.UNARY_UNARY.method(), Utf8.SERIALIZER, Utf8.DESERIALIZER);
    // The cancel comes at a random moment within JITTER of a centre, counted from the server's
    // answer, that adapts to hover around the moment the client decides the outcome: later after a
    // cancel that won, earlier after one that came too late. So about half the cancels win.
    long centre = 0;
    ThreadLocalRandom random = ThreadLocalRandom.current();
    int won = 0;
    int tooLate = 0;
    int refusedBeforeDelivery = 0;

    for (int i = 0; i < ITERATIONS; i++) {
      String request = "r" + i;
      CompletableFuture<Void> answer = new CompletableFuture<>();
      answers.put(request, answer);
      UnaryUnaryCall<String> call = method.call(request);
      // A done callback runs after the outcome is decided and before the response is delivered;
      // one that takes a little time (until the cancel was tried, at most callbackTime) widens that
      // window, where a late cancel used to lose the response.
      AtomicBoolean decided = new AtomicBoolean();
      AtomicBoolean cancelTried = new AtomicBoolean();
      long callbackTime = random.nextLong(CALLBACK + 1);
      call.addDoneCallback(
          c -> {
            decided.set(true);
            long end = System.nanoTime() + callbackTime;
            while (!cancelTried.get() && System.nanoTime() - end < 0) {
              Thread.yield();
            }
          });
      // Half the cancels race with the decision, half with the delivery that follows it.
      boolean afterDecision = random.nextBoolean();
      long delay =
          afterDecision
              ? random.nextLong(CALLBACK + 1)
              : Math.max(0, centre + random.nextLong(-JITTER, JITTER + 1));

      answer.complete(null);
      if (afterDecision) {
        spinUntil(decided);
      }
      spin(delay);
      boolean cancelled = call.response().cancel(false);
      boolean delivered = call.response().isDone();
      cancelTried.set(true);

      StatusCode code = Await.result(call.code());
      if (cancelled) {
        won++;
        assertThat(code)
            .as("code after a cancel that returned true, iteration %d", i)
            .isEqualTo(StatusCode.CANCELLED);
        assertThat(call.cancelled()).as("cancelled(), iteration %d", i).isTrue();
        assertThat(call.response().isCancelled()).as("isCancelled(), iteration %d", i).isTrue();
        assertThat(Await.outcome(call.response())).isInstanceOf(CancellationException.class);
        if (!afterDecision) {
          centre += STEP;
        }
      } else {
        tooLate++;
        if (!delivered) {
          refusedBeforeDelivery++;
        }
        assertThat(Await.result(call.response()))
            .as("response after a cancel that returned false, iteration %d", i)
            .isEqualTo("value of " + request);
        assertThat(code).as("code, iteration %d", i).isEqualTo(StatusCode.OK);
        assertThat(call.cancelled()).as("cancelled(), iteration %d", i).isFalse();
        if (!afterDecision) {
          centre = Math.max(0, centre - STEP);
        }
      }
    }

    // Every side of the race was exercised, or the test proved nothing.
    String counts =
        "won " + won + ", too late " + tooLate + " (before delivery " + refusedBeforeDelivery + ")";
    assertThat(won).as("cancels that won: " + counts).isPositive();
    assertThat(tooLate).as("cancels that came too late: " + counts).isPositive();
    assertThat(refusedBeforeDelivery)
        .as("cancels between decision and delivery: " + counts)
        .isPositive();
  }

  /** Busy-waits (bounded) until {@code flag} is set, to act within microseconds of it. */
  private static void spinUntil(AtomicBoolean flag) {
    long end = System.nanoTime() + Await.TIMEOUT.toNanos();
    while (!flag.get()) {
      if (System.nanoTime() - end > 0) {
        fail("Timed out after " + Await.TIMEOUT + " waiting for the done callback");
      }
      Thread.yield();
    }
  }

  private static void spin(long nanos) {
    long end = System.nanoTime() + nanos;
    while (System.nanoTime() - end < 0) {
      Thread.yield(); // lets the other side run on a machine with few cores
    }
  }
}
