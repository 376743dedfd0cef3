package io.github.grpcaio.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class AwaitTest {

  private static final Duration SHORT = Duration.ofMillis(50);

  @Test
  void result_ofACompletedFuture_isItsValue() {
    assertThat(Await.result(CompletableFuture.completedFuture("a"))).isEqualTo("a");
    assertThat(Await.result(CompletableFuture.completedFuture("b"), SHORT)).isEqualTo("b");
  }

  @Test
  void result_ofAFailedFuture_failsWithItsExceptionAsTheCause() {
    IllegalStateException boom = new IllegalStateException("boom");

    assertThatThrownBy(() -> Await.result(CompletableFuture.failedFuture(boom)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Expected a value, got java.lang.IllegalStateException: boom")
        .hasCause(boom);
  }

  @Test
  void result_ofAPendingFuture_failsAfterTheBound() {
    assertThatThrownBy(() -> Await.result(new CompletableFuture<>(), SHORT))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Timed out after PT0.05S");
  }

  @Test
  void outcome_isNullOnSuccess_andTheUnwrappedExceptionOnFailure() {
    IllegalStateException boom = new IllegalStateException("boom");
    CompletableFuture<String> cancelled = new CompletableFuture<>();
    cancelled.cancel(false);

    assertThat(Await.outcome(CompletableFuture.completedFuture("a"))).isNull();
    assertThat(Await.outcome(CompletableFuture.failedFuture(new CompletionException(boom))))
        .isSameAs(boom);
    assertThat(Await.outcome(cancelled)).isInstanceOf(CancellationException.class);
  }

  @Test
  void failure_ofASuccessfulFuture_fails() {
    assertThat(Await.failure(CompletableFuture.failedFuture(new IllegalStateException("x"))))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> Await.failure(CompletableFuture.completedFuture("a")))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Expected a failure, got the value a");
  }

  @Test
  void next_takesTheQueuedElement() {
    LinkedBlockingQueue<String> queue = new LinkedBlockingQueue<>();
    queue.add("a");

    assertThat(Await.next(queue, "an element")).isEqualTo("a");
  }

  @Test
  void until_aConditionThatNeverHolds_failsAfterTheBound() {
    assertThatThrownBy(() -> Await.until("never", SHORT, () -> false))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Timed out after PT0.05S waiting until never");
  }

  @Test
  void unwrap_stripsTheWrappersOfFutures() {
    IllegalStateException boom = new IllegalStateException("boom");

    assertThat(Await.unwrap(new ExecutionException(new CompletionException(boom)))).isSameAs(boom);
    assertThat(Await.unwrap(boom)).isSameAs(boom);
  }
}
