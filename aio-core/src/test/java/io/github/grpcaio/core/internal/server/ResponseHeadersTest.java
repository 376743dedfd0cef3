package io.github.grpcaio.core.internal.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.core.internal.StartingGate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
        StartingGate gate = new StartingGate();
        List<Future<CompletableFuture<Void>>> asked = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
          asked.add(gate.submit(threads, headers::whenSent));
        }
        gate.run(threads, () -> headers.fail(new CancellationException("ended")));
        gate.open();
        for (Future<CompletableFuture<Void>> future : asked) {
          assertThat(future.get(5, TimeUnit.SECONDS)).failsWithin(5, TimeUnit.SECONDS);
        }
      }
    } finally {
      threads.shutdownNow();
    }
  }
}
