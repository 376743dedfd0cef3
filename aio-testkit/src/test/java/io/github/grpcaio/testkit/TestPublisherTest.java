package io.github.grpcaio.testkit;

import static io.github.grpcaio.testkit.AioAssertions.assertThatRpc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.grpcaio.StreamUnaryCall;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class TestPublisherTest {

  @Test
  void of_requestedInSteps_emitsOnlyWhatWasRequestedThenCompletes() {
    TestPublisher<String> publisher = TestPublisher.of(List.of("a", "b", "c"));
    TestSubscriber<String> items = TestSubscriber.create();
    publisher.subscribe(items);

    items.request(2);

    assertThat(items.awaitCount(2)).containsExactly("a", "b");
    assertThat(publisher.requested()).isEqualTo(2);
    assertThat(publisher.emitted()).isEqualTo(2);
    assertThat(publisher.isTerminated()).isFalse();
    items.request(1);
    assertThat(items.awaitCompletion()).containsExactly("a", "b", "c");
    assertThat(publisher.isTerminated()).isTrue();
    items.assertNoViolations();
  }

  @Test
  void of_empty_completesWithoutDemand() {
    TestSubscriber<String> items = TestSubscriber.create();

    TestPublisher.<String>of(List.of()).subscribe(items);

    assertThat(items.awaitCompletion()).isEmpty();
  }

  @Test
  void failingAfter_emitsTheItemsThenTheError() {
    IllegalStateException boom = new IllegalStateException("boom");
    TestSubscriber<String> items = TestSubscriber.unbounded();

    TestPublisher.failingAfter(List.of("a"), boom).subscribe(items);

    assertThat(items.awaitError()).isSameAs(boom);
    assertThat(items.values()).containsExactly("a");
  }

  @Test
  void generate_endless_makesItemsOnDemandAndRecordsTheCancel() {
    TestPublisher<String> publisher = TestPublisher.generate(Long.MAX_VALUE, i -> "m" + i);
    TestSubscriber<String> items = TestSubscriber.requesting(3);
    publisher.subscribe(items);

    assertThat(items.awaitCount(3)).containsExactly("m0", "m1", "m2");
    items.cancel();

    publisher.awaitCancellation();
    assertThat(publisher.isCancelled()).isTrue();
    assertThat(publisher.emitted()).isEqualTo(3);
  }

  @Test
  void request_zero_cancelsAndSignalsIllegalArgument() {
    TestPublisher<String> publisher = TestPublisher.of(List.of("a"));
    TestSubscriber<String> items = TestSubscriber.create();
    publisher.subscribe(items);

    items.request(0);

    assertThat(items.assertError(IllegalArgumentException.class)).hasMessageContaining("3.9");
    assertThat(publisher.isCancelled()).isTrue();
  }

  @Test
  void request_overflowingDemand_saturates() {
    TestPublisher<String> publisher = TestPublisher.of(List.of("a"));
    TestSubscriber<String> items = TestSubscriber.create();
    publisher.subscribe(items);

    items.request(Long.MAX_VALUE);
    items.request(Long.MAX_VALUE);

    assertThat(items.awaitCompletion()).containsExactly("a");
    assertThat(publisher.requested()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void silent_neverEmitsAndAwaitCancellationFailsAfterTheTimeout() {
    TestPublisher<String> publisher = TestPublisher.silent();
    TestSubscriber<String> items = TestSubscriber.unbounded();

    publisher.subscribe(items);

    assertThat(publisher.requested()).isEqualTo(Long.MAX_VALUE);
    assertThat(items.values()).isEmpty();
    assertThat(items.isTerminated()).isFalse();
    assertThatThrownBy(() -> publisher.awaitCancellation(Duration.ofMillis(50)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("No cancellation within PT0.05S");
  }

  @Test
  void asRequestStream_ofThreeRequests_sendsThemAllOnEveryTransport() {
    for (Transport transport : Transport.values()) {
      try (AioTestServer server = transport.start(EchoService.handler())) {
        TestPublisher<String> requests = TestPublisher.of(List.of("a", "b", "c"));

        StreamUnaryCall<String, String> call = EchoService.join(server.channel()).call(requests);

        assertThatRpc(call).succeedsWith("abc");
        assertThat(requests.emitted()).as("on %s", transport).isEqualTo(3);
        assertThat(requests.isTerminated()).as("on %s", transport).isTrue();
      }
    }
  }
}
