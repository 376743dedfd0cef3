package io.github.grpcaio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DeferredMetadataTest {

  @Test
  void entriesAreMadeOnTheFirstRead_once_andAreReadOnly() {
    AtomicInteger made = new AtomicInteger();
    Metadata deferred =
        Metadata.deferred(
            () -> {
              made.incrementAndGet();
              return Metadata.of("user-agent", "test", "x-id", "1", "x-id", "2");
            });

    assertThat(made).hasValue(0);
    assertThat(deferred.isReadOnly()).isTrue();
    assertThat(made).hasValue(0); // isReadOnly needs no entries

    assertThat(deferred.get("x-id")).isEqualTo("1");
    assertThat(deferred.getAll("x-id")).containsExactly("1", "2");
    assertThat(deferred.size()).isEqualTo(3);
    assertThat(deferred).isEqualTo(Metadata.of("user-agent", "test", "x-id", "1", "x-id", "2"));
    assertThat(made).hasValue(1);
    assertThatThrownBy(() -> deferred.add("x-more", "3")).isInstanceOf(IllegalStateException.class);
    assertThat(deferred.copy().add("x-more", "3").size()).isEqualTo(4);
  }

  @Test
  void everyReadMakesTheEntries_sizeAndIterationIncluded() {
    assertThat(Metadata.deferred(() -> Metadata.of("a", "1")).size()).isEqualTo(1);
    assertThat(Metadata.deferred(() -> Metadata.of("a", "1")).isEmpty()).isFalse();
    assertThat(Metadata.deferred(() -> Metadata.of("a", "1")).containsKey("A")).isTrue();
    assertThat(Metadata.deferred(() -> Metadata.of("a", "1")).keys()).containsExactly("a");
    assertThat(Metadata.deferred(() -> Metadata.of("a", "1")).iterator().next())
        .isEqualTo(new Metadata.Entry("a", "1"));
    assertThat(Metadata.of("a", "1")).isEqualTo(Metadata.deferred(() -> Metadata.of("a", "1")));
    assertThat(new Metadata().addAll(Metadata.deferred(() -> Metadata.of("a", "1"))))
        .isEqualTo(Metadata.of("a", "1"));
    assertThat(Metadata.deferred(Metadata::new).isEmpty()).isTrue();
  }

  @Test
  void sourceThatThrows_failsTheRead_andTheNextReadTriesAgain() {
    AtomicInteger calls = new AtomicInteger();
    Metadata deferred =
        Metadata.deferred(
            () -> {
              if (calls.incrementAndGet() == 1) {
                throw new IllegalArgumentException("not yet");
              }
              return Metadata.of("a", "1");
            });

    assertThatThrownBy(() -> deferred.get("a")).hasMessage("not yet");
    assertThat(deferred.get("a")).isEqualTo("1");
    assertThat(calls).hasValue(2);
  }

  @Test
  void readersOnManyThreadsAtOnce_allSeeTheEntries_madeOnce() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      for (int round = 0; round < 200; round++) {
        AtomicInteger made = new AtomicInteger();
        Metadata deferred =
            Metadata.deferred(
                () -> {
                  made.incrementAndGet();
                  return Metadata.of("k", "v");
                });
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> reads = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
          reads.add(
              pool.submit(
                  () -> {
                    start.await();
                    return deferred.get("k");
                  }));
        }
        start.countDown();
        for (Future<String> read : reads) {
          assertThat(read.get(5, TimeUnit.SECONDS)).isEqualTo("v");
        }
        assertThat(made).hasValue(1);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void nullSource_isRefused() {
    assertThatThrownBy(() -> Metadata.deferred(null)).isInstanceOf(NullPointerException.class);
  }
}
