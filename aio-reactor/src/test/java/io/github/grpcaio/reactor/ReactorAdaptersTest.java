package io.github.grpcaio.reactor;

import static io.github.grpcaio.reactor.ReactorEcho.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.grpcaio.AioRpcError;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.reactor.ReactorEcho.Style;
import io.github.grpcaio.reactor.proto.EchoAio;
import io.github.grpcaio.reactor.proto.Text;
import io.github.grpcaio.testkit.AioTestServer;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.Transport;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The Reactor adapters end to end, on the typed stubs, against a service written with Reactor
 * (served as a generated servicer and through the handler factories): results, cold publishers,
 * demand and cancellation in both directions, errors as {@link AioRpcError}.
 */
@ParameterizedClass
@EnumSource(Transport.class)
class ReactorAdaptersTest {

  private static final Duration WAIT = Await.TIMEOUT;

  /** The largest HTTP/2 window grpc-java's Netty BDP auto-tuning grows to (from 1 MiB). */
  private static final long NETTY_MAX_WINDOW = 8 * 1024 * 1024;

  /** Bytes a grpc-java stream queues for sending before {@code isReady()} turns false. */
  private static final long ONREADY_THRESHOLD = 32 * 1024;

  @Parameter Transport transport;

  @AutoClose private AioTestServer bed;

  private final ReactorEcho service = new ReactorEcho();

  /**
   * How many ~1 KiB messages the sender may have pulled beyond what the receiver's subscriber
   * requested: Netty's window and the 32 KiB queued before a stream stops being ready, plus one
   * pulled and one being handed over (the derivation of aio-conformance-tests' BackpressureTest);
   * in-process has no byte window, only the one message asked for.
   */
  private long lead() {
    return switch (transport) {
      case NETTY -> (NETTY_MAX_WINDOW + ONREADY_THRESHOLD) / (ReactorEcho.MESSAGE_SIZE + 5) + 2;
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
  void stubMethods_callEveryKind_asMonoAndFlux(Style style) {
    EchoAio.Stub echo = start(style);

    Text unary = ReactorCalls.unaryUnary(echo::unary, text("hi")).block(WAIT);
    List<Text> counted = ReactorCalls.unaryStream(echo::count, text("3")).collectList().block(WAIT);
    Text joined =
        ReactorCalls.streamUnary(echo::join, Flux.just("a", "b", "c").map(ReactorEcho::text))
            .block(WAIT);
    List<String> each =
        ReactorCalls.streamStream(echo::each, Flux.just("x", "y").map(ReactorEcho::text))
            .map(Text::getValue)
            .collectList()
            .block(WAIT);

    assertThat(unary.getValue()).isEqualTo("hi");
    assertThat(counted).extracting(Text::getValue).hasSize(3).allMatch(v -> v.length() == 1024);
    assertThat(joined.getValue()).isEqualTo("a,b,c");
    assertThat(each).containsExactly("x", "y");
  }

  @Test
  void publishersAreCold_eachSubscriptionStartsAnRpc() {
    EchoAio.Stub echo = start(Style.HANDLERS);
    Mono<Text> unary = ReactorCalls.unaryUnary(() -> echo.unary(text("again")));
    Flux<Text> stream = ReactorCalls.unaryStream(echo::count, text("2"));

    Await.staysAt("RPCs before any subscription", service.calls::get, 0);
    unary.block(WAIT);
    unary.block(WAIT);
    stream.blockLast(WAIT);
    stream.blockLast(WAIT);

    assertThat(service.calls.get()).isEqualTo(4);
  }

  @ParameterizedTest
  @EnumSource(Style.class)
  void take5_ofAMillionMessages_cancelsTheRpc_andTheServerWasNeverPulledFarAhead(Style style) {
    EchoAio.Stub echo = start(style);

    List<Text> five =
        ReactorCalls.unaryStream(echo::count, text("1000000")).take(5).collectList().block(WAIT);

    assertThat(five).hasSize(5);
    Await.result(service.responsesCancelled);
    assertThat(service.pulled.get()).isBetween(5L, 5 + lead());
    bed.assertNoOpenRpcs();
  }

  @ParameterizedTest
  @EnumSource(Style.class)
  void slowSubscriber_holdsTheServerBack_andDisposingCancelsIt(Style style) {
    EchoAio.Stub echo = start(style);
    OneAtATime subscriber = new OneAtATime(500);

    ReactorCalls.unaryStream(echo::count, text("1000000")).subscribe(subscriber);
    Await.until("500 delivered", () -> subscriber.delivered.get() == 500);

    long pulled = Await.stable("server pulled count", Duration.ofMillis(300), service.pulled::get);
    assertThat(pulled - subscriber.delivered.get()).isBetween(0L, lead());
    subscriber.dispose();
    Await.result(service.responsesCancelled);
    bed.assertNoOpenRpcs();
  }

  @ParameterizedTest
  @EnumSource(Style.class)
  void slowClientReader_holdsTheRequestFluxBack_throughTheServer(Style style) {
    EchoAio.Stub echo = start(style);
    AtomicLong sent = new AtomicLong();
    Flux<Text> requests =
        Flux.range(0, 1_000_000)
            .map(i -> text(ReactorEcho.message(i)))
            .doOnNext(r -> sent.incrementAndGet());
    OneAtATime subscriber = new OneAtATime(300);

    ReactorCalls.streamStream(echo::each, requests).subscribe(subscriber);
    Await.until("300 echoed", () -> subscriber.delivered.get() == 300);

    long pulled = Await.stable("requests pulled", Duration.ofMillis(300), sent::get);
    // requests held by the server's side, then its echoes held by the client's side
    assertThat(pulled - subscriber.delivered.get()).isBetween(0L, 2 * lead());
    subscriber.dispose();
    // the request stream fails, or its subscription is cancelled first with the response's
    assertThat(Await.result(service.requestsEnded)).isIn("CancellationException", "cancelled");
  }

  @ParameterizedTest
  @EnumSource(Style.class)
  void serverAbort_failsTheClientFluxWithAioRpcError_afterTheMessagesBefore(Style style) {
    EchoAio.Stub echo = start(style);
    List<String> received = new java.util.concurrent.CopyOnWriteArrayList<>();

    Throwable failure =
        catchThrowable(
            () ->
                ReactorCalls.unaryStream(echo::count, text("2:abort"))
                    .doOnNext(m -> received.add(m.getValue()))
                    .blockLast(WAIT));

    assertThat(received).hasSize(2);
    assertThat(failure).isInstanceOf(AioRpcError.class);
    assertThat(((AioRpcError) failure).code()).isEqualTo(StatusCode.PERMISSION_DENIED);
    assertThat(((AioRpcError) failure).details()).isEqualTo("no more");
  }

  @ParameterizedTest
  @EnumSource(Style.class)
  void handlerMonoErrors_keepTheirStatus_abortAndDownstreamAioRpcError(Style style) {
    EchoAio.Stub echo = start(style);

    Throwable aborted =
        catchThrowable(
            () -> ReactorCalls.unaryUnary(echo::unary, text("abort:NOT_FOUND:gone")).block(WAIT));
    Throwable proxied =
        catchThrowable(
            () ->
                ReactorCalls.unaryUnary(echo::unary, text("call:abort:FAILED_PRECONDITION:later"))
                    .block(WAIT));

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
  void handlerMonoEmptyOrFailed_endsWithUnknown(Style style) {
    EchoAio.Stub echo = start(style);

    Throwable empty =
        catchThrowable(() -> ReactorCalls.unaryUnary(echo::unary, text("empty")).block(WAIT));
    Throwable broken =
        catchThrowable(() -> ReactorCalls.unaryUnary(echo::unary, text("broken")).block(WAIT));

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
  void disposingTheMono_cancelsTheRpc_andTheServersRequestFlux() {
    EchoAio.Stub echo = start(Style.HANDLERS);

    var subscription = ReactorCalls.streamUnary(echo::join, Flux.<Text>never()).subscribe();
    bed.awaitOpenRpcs(1, WAIT);
    subscription.dispose();

    // the request stream fails, or its subscription is cancelled first with the response's
    assertThat(Await.result(service.requestsEnded)).isIn("CancellationException", "cancelled");
    bed.assertNoOpenRpcs();
  }

  @Test
  void failingRequestFlux_cancelsTheRpc_withItsErrorAsCause() {
    EchoAio.Stub echo = start(Style.HANDLERS);
    IllegalStateException boom = new IllegalStateException("boom");

    Throwable failure =
        catchThrowable(
            () -> ReactorCalls.streamUnary(echo::join, Flux.<Text>error(boom)).block(WAIT));

    assertThat(failure).isInstanceOf(CancellationException.class).hasCause(boom);
  }

  /** Requests one message at a time until it has {@code limit}, then stops requesting. */
  private static final class OneAtATime extends BaseSubscriber<Text> {
    final AtomicLong delivered = new AtomicLong();
    private final long limit;

    OneAtATime(long limit) {
      this.limit = limit;
    }

    @Override
    protected void hookOnSubscribe(Subscription subscription) {
      request(1);
    }

    @Override
    protected void hookOnNext(Text value) {
      if (delivered.incrementAndGet() < limit) {
        request(1);
      }
    }
  }
}
