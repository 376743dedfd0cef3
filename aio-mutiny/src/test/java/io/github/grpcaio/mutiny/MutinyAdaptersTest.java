package io.github.grpcaio.mutiny;

import static io.github.grpcaio.mutiny.MutinyEcho.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.grpcaio.AioRpcError;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.mutiny.MutinyEcho.Style;
import io.github.grpcaio.mutiny.proto.EchoAio;
import io.github.grpcaio.mutiny.proto.Text;
import io.github.grpcaio.testkit.AioTestServer;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.Transport;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The Mutiny adapters end to end, on the typed stubs, against a service written with Mutiny (served
 * as a generated servicer and through the handler factories): results, lazy publishers, demand and
 * cancellation in both directions, errors as {@link AioRpcError}.
 */
@ParameterizedClass
@EnumSource(Transport.class)
class MutinyAdaptersTest {

  private static final Duration WAIT = Await.TIMEOUT;

  /** The largest HTTP/2 window grpc-java's Netty BDP auto-tuning grows to (from 1 MiB). */
  private static final long NETTY_MAX_WINDOW = 8 * 1024 * 1024;

  /** Bytes a grpc-java stream queues for sending before {@code isReady()} turns false. */
  private static final long ONREADY_THRESHOLD = 32 * 1024;

  @Parameter Transport transport;

  @AutoClose private AioTestServer bed;

  private final MutinyEcho service = new MutinyEcho();

  /**
   * How many ~1 KiB messages the sender may have pulled beyond what the receiver's subscriber
   * requested: Netty's window and the 32 KiB queued before a stream stops being ready, plus one
   * pulled and one being handed over (the derivation of aio-conformance-tests' BackpressureTest);
   * in-process has no byte window, only the one message asked for.
   */
  private long lead() {
    return switch (transport) {
      case NETTY -> (NETTY_MAX_WINDOW + ONREADY_THRESHOLD) / (MutinyEcho.MESSAGE_SIZE + 5) + 2;
      case IN_PROCESS -> 2;
    };
  }

  private EchoAio.Stub start(Style style) {
    bed =
        AioTestServer.builder()
            .transport(transport)
            .addService(service.handler(style))
            .failOnOpenRpcs(false)
            .start();
    EchoAio.Stub stub = bed.stub(EchoAio::newStub);
    service.downstream = stub;
    return stub;
  }

  @ParameterizedTest
  @EnumSource(Style.class)
  void stubMethods_callEveryKind_asUniAndMulti(Style style) {
    EchoAio.Stub echo = start(style);

    Text unary = MutinyCalls.unaryUnary(echo::unary, text("hi")).await().atMost(WAIT);
    List<Text> counted =
        MutinyCalls.unaryStream(echo::count, text("3")).collect().asList().await().atMost(WAIT);
    Text joined =
        MutinyCalls.streamUnary(
                echo::join, Multi.createFrom().items("a", "b", "c").map(MutinyEcho::text))
            .await()
            .atMost(WAIT);
    List<String> each =
        MutinyCalls.streamStream(
                echo::each, Multi.createFrom().items("x", "y").map(MutinyEcho::text))
            .map(Text::getValue)
            .collect()
            .asList()
            .await()
            .atMost(WAIT);

    assertThat(unary.getValue()).isEqualTo("hi");
    assertThat(counted).extracting(Text::getValue).hasSize(3).allMatch(v -> v.length() == 1024);
    assertThat(joined.getValue()).isEqualTo("a,b,c");
    assertThat(each).containsExactly("x", "y");
  }

  @Test
  void publishersAreLazy_eachSubscriptionStartsAnRpc() {
    EchoAio.Stub echo = start(Style.HANDLERS);
    Uni<Text> unary = MutinyCalls.unaryUnary(() -> echo.unary(text("again")));
    Multi<Text> stream = MutinyCalls.unaryStream(echo::count, text("2"));

    Await.staysAt("RPCs before any subscription", service.calls::get, 0);
    unary.await().atMost(WAIT);
    unary.await().atMost(WAIT);
    stream.collect().last().await().atMost(WAIT);
    stream.collect().last().await().atMost(WAIT);

    assertThat(service.calls.get()).isEqualTo(4);
  }

  @ParameterizedTest
  @EnumSource(Style.class)
  void first5_ofAMillionMessages_cancelsTheRpc_andTheServerWasNeverPulledFarAhead(Style style) {
    EchoAio.Stub echo = start(style);

    List<Text> five =
        MutinyCalls.unaryStream(echo::count, text("1000000"))
            // select().first(n) passes its subscriber's demand (here unbounded) on: cap it to n
            .capDemandsTo(5)
            .select()
            .first(5)
            .collect()
            .asList()
            .await()
            .atMost(WAIT);

    assertThat(five).hasSize(5);
    Await.result(service.responsesCancelled);
    assertThat(service.pulled.get()).isBetween(5L, 5 + lead());
    bed.assertNoOpenRpcs();
  }

  @ParameterizedTest
  @EnumSource(Style.class)
  void slowSubscriber_holdsTheServerBack_andCancellingCancelsIt(Style style) {
    EchoAio.Stub echo = start(style);
    OneAtATime subscriber = new OneAtATime(500);

    MutinyCalls.unaryStream(echo::count, text("1000000")).subscribe().withSubscriber(subscriber);
    Await.until("500 delivered", () -> subscriber.delivered.get() == 500);

    long pulled = Await.stable("server pulled count", Duration.ofMillis(300), service.pulled::get);
    assertThat(pulled - subscriber.delivered.get()).isBetween(0L, lead());
    subscriber.cancel();
    Await.result(service.responsesCancelled);
    bed.assertNoOpenRpcs();
  }

  @ParameterizedTest
  @EnumSource(Style.class)
  void slowClientReader_holdsTheRequestMultiBack_throughTheServer(Style style) {
    EchoAio.Stub echo = start(style);
    AtomicLong sent = new AtomicLong();
    Multi<Text> requests =
        Multi.createFrom()
            .range(0, 1_000_000)
            .map(i -> text(MutinyEcho.message(i)))
            .onItem()
            .invoke(r -> sent.incrementAndGet());
    OneAtATime subscriber = new OneAtATime(300);

    MutinyCalls.streamStream(echo::each, requests).subscribe().withSubscriber(subscriber);
    Await.until("300 echoed", () -> subscriber.delivered.get() == 300);

    long pulled = Await.stable("requests pulled", Duration.ofMillis(300), sent::get);
    // requests held by the server's side, then its echoes held by the client's side
    assertThat(pulled - subscriber.delivered.get()).isBetween(0L, 2 * lead());
    subscriber.cancel();
    // the request stream fails, or its subscription is cancelled first with the response's
    assertThat(Await.result(service.requestsEnded)).isIn("CancellationException", "cancelled");
  }

  @ParameterizedTest
  @EnumSource(Style.class)
  void serverAbort_failsTheClientMultiWithAioRpcError_afterTheMessagesBefore(Style style) {
    EchoAio.Stub echo = start(style);
    List<String> received = new CopyOnWriteArrayList<>();

    Throwable failure =
        catchThrowable(
            () ->
                MutinyCalls.unaryStream(echo::count, text("2:abort"))
                    .onItem()
                    .invoke(m -> received.add(m.getValue()))
                    .collect()
                    .last()
                    .await()
                    .atMost(WAIT));

    assertThat(received).hasSize(2);
    assertThat(failure)
        .isInstanceOfSatisfying(
            AioRpcError.class,
            e -> {
              assertThat(e.code()).isEqualTo(StatusCode.PERMISSION_DENIED);
              assertThat(e.details()).isEqualTo("no more");
            });
  }

  @ParameterizedTest
  @EnumSource(Style.class)
  void handlerUniFailures_keepTheirStatus_abortAndDownstreamAioRpcError(Style style) {
    EchoAio.Stub echo = start(style);

    Throwable aborted =
        catchThrowable(
            () ->
                MutinyCalls.unaryUnary(echo::unary, text("abort:NOT_FOUND:gone"))
                    .await()
                    .atMost(WAIT));
    Throwable proxied =
        catchThrowable(
            () ->
                MutinyCalls.unaryUnary(echo::unary, text("call:abort:FAILED_PRECONDITION:later"))
                    .await()
                    .atMost(WAIT));

    assertThat(aborted)
        .isInstanceOfSatisfying(
            AioRpcError.class,
            e -> {
              assertThat(e.code()).isEqualTo(StatusCode.NOT_FOUND);
              assertThat(e.details()).isEqualTo("gone");
            });
    assertThat(proxied)
        .isInstanceOfSatisfying(
            AioRpcError.class,
            e -> {
              assertThat(e.code()).isEqualTo(StatusCode.FAILED_PRECONDITION);
              assertThat(e.details()).isEqualTo("later");
            });
  }

  @ParameterizedTest
  @EnumSource(Style.class)
  void handlerUniNullOrFailed_endsWithUnknown(Style style) {
    EchoAio.Stub echo = start(style);

    Throwable empty =
        catchThrowable(
            () -> MutinyCalls.unaryUnary(echo::unary, text("empty")).await().atMost(WAIT));
    Throwable broken =
        catchThrowable(
            () -> MutinyCalls.unaryUnary(echo::unary, text("broken")).await().atMost(WAIT));

    assertThat(empty)
        .isInstanceOfSatisfying(
            AioRpcError.class,
            e -> {
              assertThat(e.code()).isEqualTo(StatusCode.UNKNOWN);
              assertThat(e.details()).contains("NoSuchElementException", "without a response");
            });
    assertThat(broken)
        .isInstanceOfSatisfying(
            AioRpcError.class,
            e -> {
              assertThat(e.code()).isEqualTo(StatusCode.UNKNOWN);
              assertThat(e.details()).contains("IllegalStateException", "broken");
            });
  }

  @Test
  void cancellingTheUni_cancelsTheRpc_andTheServersRequestMulti() {
    EchoAio.Stub echo = start(Style.HANDLERS);

    Cancellable subscription =
        MutinyCalls.streamUnary(echo::join, Multi.createFrom().<Text>nothing())
            .subscribe()
            .with(item -> {}, failure -> {});
    bed.awaitOpenRpcs(1, WAIT);
    subscription.cancel();

    // the request stream fails, or its subscription is cancelled first with the response's
    assertThat(Await.result(service.requestsEnded)).isIn("CancellationException", "cancelled");
    bed.assertNoOpenRpcs();
  }

  @Test
  void failingRequestMulti_cancelsTheRpc_withItsErrorAsCause() {
    EchoAio.Stub echo = start(Style.HANDLERS);
    IllegalStateException boom = new IllegalStateException("boom");

    Throwable failure =
        catchThrowable(
            () ->
                MutinyCalls.streamUnary(echo::join, Multi.createFrom().<Text>failure(boom))
                    .await()
                    .atMost(WAIT));

    assertThat(failure).isInstanceOf(CancellationException.class).hasCause(boom);
  }

  /** Requests one message at a time until it has {@code limit}, then stops requesting. */
  private static final class OneAtATime implements Flow.Subscriber<Text> {
    final AtomicLong delivered = new AtomicLong();
    private final long limit;
    // Set in onSubscribe, before any onNext; read by the test thread to cancel.
    private volatile Flow.Subscription subscription;

    OneAtATime(long limit) {
      this.limit = limit;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      this.subscription = subscription;
      subscription.request(1);
    }

    @Override
    public void onNext(Text item) {
      if (delivered.incrementAndGet() < limit) {
        subscription.request(1);
      }
    }

    @Override
    public void onError(Throwable throwable) {}

    @Override
    public void onComplete() {}

    void cancel() {
      subscription.cancel();
    }
  }
}
