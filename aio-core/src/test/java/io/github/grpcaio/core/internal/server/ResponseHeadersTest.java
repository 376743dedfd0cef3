package io.github.grpcaio.core.internal.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ResponseHeadersTest {

  @Test
  void whenSent_askedBeforeOrAfterTheEnd_failsWithItsReason() {
    ResponseHeaders headers = new ResponseHeaders();
    CompletableFuture<Void> before = headers.whenSent();
    CancellationException reason = new CancellationException("ended");

    headers.fail(reason);
    headers.fail(new CancellationException("a second end changes nothing"));

    assertThat(before).isCompletedExceptionally();
    assertThat(before.handle((v, t) -> t.getCause() != null ? t.getCause() : t).join())
        .isSameAs(reason);
    assertThat(headers.whenSent().handle((v, t) -> t).join()).isNotNull();
    assertThat(headers.whenSent()).isNotSameAs(headers.whenSent()); // a copy for each caller
  }

  @Test
  void whenSent_racingTheEnd_alwaysCompletes() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(3);
    try {
      for (int round = 0; round < 2_000; round++) {
        ResponseHeaders headers = new ResponseHeaders();
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<CompletableFuture<Void>>> asked = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
          CompletableFuture<CompletableFuture<Void>> future = new CompletableFuture<>();
          asked.add(future);
          onGo(threads, go, () -> future.complete(headers.whenSent()));
        }
        onGo(threads, go, () -> headers.fail(new CancellationException("ended")));
        go.countDown();
        for (CompletableFuture<CompletableFuture<Void>> future : asked) {
          assertThat(future.get(5, TimeUnit.SECONDS)).failsWithin(5, TimeUnit.SECONDS);
        }
      }
    } finally {
      threads.shutdownNow();
    }
  }

  /** Runs {@code action} on one of {@code threads} once {@code go} opens. */
  private static void onGo(ExecutorService threads, CountDownLatch go, Runnable action) {
    threads.execute(
        () -> {
          try {
            go.await();
          } catch (InterruptedException e) {
            return;
          }
          action.run();
        });
  }
}
