package io.github.grpcaio.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.grpcaio.AioRpcError;
import io.github.grpcaio.StatusCode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@Timeout(30)
@ParameterizedClass
@EnumSource(Transport.class)
class TestSubscriberTest {

  @Parameter Transport transport;

  @Test
  void request_inSteps_deliversOnlyWhatWasRequested() {
    try (AioTestServer server = transport.start(EchoService.handler())) {
      TestSubscriber<String> items = TestSubscriber.create();
      EchoService.count(server.channel()).call("5").subscribe(items);

      items.request(2);

      assertThat(items.awaitCount(2)).containsExactly("0", "1");
      items.request(Long.MAX_VALUE);
      assertThat(items.awaitCompletion()).containsExactly("0", "1", "2", "3", "4");
      assertThat(items.violations()).isEmpty();
    }
  }

  @Test
  void assertError_failedStream_returnsTheError() {
    try (AioTestServer server = transport.start(EchoService.handler())) {
      TestSubscriber<String> items = TestSubscriber.unbounded();

      EchoService.count(server.channel()).call("not a number").subscribe(items);

      AioRpcError error = items.assertError(AioRpcError.class);
      assertThat(error.code()).isEqualTo(StatusCode.UNKNOWN);
      assertThatThrownBy(items::awaitCompletion)
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("Expected onComplete but got onError");
    }
  }

  @Test
  void cancel_midStream_endsTheRpc() {
    try (AioTestServer server = transport.start(EchoService.handler())) {
      TestSubscriber<String> items = TestSubscriber.requesting(1);
      var call = EchoService.count(server.channel()).call("100");
      call.subscribe(items);
      items.awaitCount(1);

      items.cancel();

      AioAssertions.assertThatRpc(call).isCancelled();
    }
  }

  @Test
  void awaitCount_streamEndsShort_failsAtOnce() {
    try (AioTestServer server = transport.start(EchoService.handler())) {
      TestSubscriber<String> items = TestSubscriber.unbounded();

      EchoService.count(server.channel()).call("1").subscribe(items);

      assertThatThrownBy(() -> items.awaitCount(3))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("Expected 3 item(s) but the stream terminated")
          .hasMessageContaining("items=[0]");
    }
  }

  @Test
  void awaitCompletion_neverCompleting_failsAfterTheTimeout() {
    TestSubscriber<String> items =
        TestSubscriber.<String>create().withTimeout(Duration.ofMillis(100));
    Flow.Publisher<String> silent = s -> s.onSubscribe(subscription(n -> {}));

    silent.subscribe(items);

    assertThatThrownBy(items::awaitCompletion)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("No onComplete within PT0.1S");
  }

  @Test
  void awaitTermination_completedOrFailedStream_returnsEitherWay() {
    try (AioTestServer server = transport.start(EchoService.handler())) {
      TestSubscriber<String> completing = TestSubscriber.unbounded();
      TestSubscriber<String> failing = TestSubscriber.unbounded();

      EchoService.count(server.channel()).call("2").subscribe(completing);
      EchoService.count(server.channel()).call("not a number").subscribe(failing);

      assertThat(completing.awaitTermination().isCompleted()).isTrue();
      assertThat(completing.values()).containsExactly("0", "1");
      assertThat(failing.awaitTermination().error()).isInstanceOf(AioRpcError.class);
    }
  }

  @Test
  void awaitTermination_neverTerminating_failsAfterTheTimeout() {
    TestSubscriber<String> items =
        TestSubscriber.<String>create().withTimeout(Duration.ofMillis(100));
    Flow.Publisher<String> silent = s -> s.onSubscribe(subscription(n -> {}));

    silent.subscribe(items);

    assertThatThrownBy(items::awaitTermination)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("No onComplete or onError within PT0.1S");
  }

  @Test
  void onNext_beyondDemand_isAViolationThatFailsEveryWait() {
    TestSubscriber<String> items = TestSubscriber.requesting(1);
    Flow.Publisher<String> flooding =
        s ->
            s.onSubscribe(
                subscription(
                    n -> {
                      s.onNext("a");
                      s.onNext("b"); // Only one was requested.
                      s.onComplete();
                    }));

    flooding.subscribe(items);

    assertThat(items.violations()).containsExactly("onNext beyond demand: b");
    assertThatThrownBy(items::awaitCompletion)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Reactive Streams violations");
    assertThatThrownBy(items::assertNoViolations).isInstanceOf(AssertionError.class);
  }

  @Test
  void signalsAfterTerminal_areViolations() {
    TestSubscriber<String> items = TestSubscriber.unbounded();
    Flow.Publisher<String> chatty =
        s -> {
          s.onSubscribe(subscription(n -> {}));
          s.onComplete();
          s.onNext("late");
          s.onError(new IllegalStateException("late"));
        };

    chatty.subscribe(items);

    assertThat(items.violations())
        .containsExactly(
            "onNext after a terminal signal: late",
            "onError after a terminal signal: java.lang.IllegalStateException: late");
    assertThat(items.isCompleted()).isTrue();
    assertThat(items.values()).isEqualTo(List.of("late"));
  }

  @Test
  void completion_completesWithEveryItem_onComplete() {
    TestSubscriber<String> items = TestSubscriber.unbounded();
    CompletableFuture<List<String>> completion = items.completion();
    Flow.Publisher<String> two =
        s -> {
          s.onSubscribe(subscription(n -> {}));
          s.onNext("a");
          assertThat(completion).isNotDone();
          s.onNext("b");
          s.onComplete();
        };

    two.subscribe(items);

    assertThat(Await.result(completion)).containsExactly("a", "b");
    assertThat(Await.result(items.completion())).containsExactly("a", "b");
  }

  @Test
  void completion_failsWithTheError_onError() {
    TestSubscriber<String> items = TestSubscriber.unbounded();
    IllegalStateException boom = new IllegalStateException("boom");
    Flow.Publisher<String> failing =
        s -> {
          s.onSubscribe(subscription(n -> {}));
          s.onNext("a");
          s.onError(boom);
        };

    failing.subscribe(items);

    assertThat(Await.failure(items.completion())).isSameAs(boom);
  }

  @Test
  void completion_afterAViolation_failsNamingIt() {
    TestSubscriber<String> items = TestSubscriber.requesting(1);
    Flow.Publisher<String> flooding =
        s -> {
          s.onSubscribe(subscription(n -> {}));
          s.onNext("a");
          s.onNext("b"); // Only one was requested.
          s.onComplete();
        };

    flooding.subscribe(items);

    assertThat(Await.failure(items.completion()))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Reactive Streams violations")
        .hasMessageContaining("onNext beyond demand: b");
  }

  @Test
  void completion_cancellingTheReturnedFuture_affectsNoOtherCaller() {
    TestSubscriber<String> items = TestSubscriber.unbounded();
    items.completion().cancel(false);
    Flow.Publisher<String> empty =
        s -> {
          s.onSubscribe(subscription(n -> {}));
          s.onComplete();
        };

    empty.subscribe(items);

    assertThat(Await.result(items.completion())).isEmpty();
  }

  @Test
  void completion_ofAServerRequestStream_isTheHandlersResponse() {
    try (AioTestServer server = transport.start(EchoService.handler())) {
      var call = EchoService.join(server.channel()).call(TestPublisher.of(List.of("a", "b", "c")));

      assertThat(Await.result(call.response())).isEqualTo("abc");
    }
  }

  @Test
  void request_neverSubscribed_failsAfterTheTimeout() {
    TestSubscriber<String> items =
        TestSubscriber.<String>create().withTimeout(Duration.ofMillis(50));

    assertThatThrownBy(() -> items.request(1))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("No onSubscribe within PT0.05S");
  }

  private static Flow.Subscription subscription(java.util.function.LongConsumer onRequest) {
    return new Flow.Subscription() {
      @Override
      public void request(long n) {
        onRequest.accept(n);
      }

      @Override
      public void cancel() {}
    };
  }
}
