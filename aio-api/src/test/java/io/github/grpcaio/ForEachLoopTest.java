package io.github.grpcaio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The loops behind {@code forEach} and the blocking iterators, driven by a scripted {@code read()}
 * without a transport: the cases a real stream produces only by chance (reads that are complete
 * already, stages completed by another thread, a read that throws).
 */
class ForEachLoopTest {

  /** A {@code read()} that gives the futures the test queued, in order. */
  private static final class ScriptedReads
      implements Supplier<CompletableFuture<Optional<String>>> {
    final Queue<CompletableFuture<Optional<String>>> futures = new ArrayDeque<>();
    int calls;

    @Override
    public CompletableFuture<Optional<String>> get() {
      calls++;
      CompletableFuture<Optional<String>> next = futures.poll();
      return next != null ? next : CompletableFuture.completedFuture(Optional.empty());
    }

    ScriptedReads messages(int count) {
      for (int i = 0; i < count; i++) {
        futures.add(CompletableFuture.completedFuture(Optional.of(Integer.toString(i))));
      }
      return this;
    }

    CompletableFuture<Optional<String>> pending() {
      CompletableFuture<Optional<String>> read = new CompletableFuture<>();
      futures.add(read);
      return read;
    }
  }

  @Test
  void readsAlreadyComplete_runOnTheCallingThreadWithAFlatStack() {
    ScriptedReads reads = new ScriptedReads().messages(200_000);
    AtomicInteger handled = new AtomicInteger();

    CompletableFuture<Void> done =
        ForEachLoop.run(reads, ForEachLoop.synchronous(m -> handled.incrementAndGet()), () -> {});

    assertThat(done).isCompleted();
    assertThat(handled.get()).isEqualTo(200_000);
    assertThat(reads.calls).isEqualTo(200_001); // one read per message, and the end
  }

  @Test
  void stagesCompletedLater_readTheNextOnlyThen() {
    ScriptedReads reads = new ScriptedReads().messages(3);
    List<CompletableFuture<Void>> stages = new ArrayList<>();

    CompletableFuture<Void> done =
        ForEachLoop.run(
            reads,
            m -> {
              CompletableFuture<Void> stage = new CompletableFuture<>();
              stages.add(stage);
              return stage;
            },
            () -> {});

    assertThat(reads.calls).isEqualTo(1);
    stages.get(0).complete(null);
    assertThat(reads.calls).isEqualTo(2);
    stages.get(1).complete(null);
    stages.get(2).completeAsync(() -> null).join();
    assertThat(done).succeedsWithin(5, TimeUnit.SECONDS);
    assertThat(reads.calls).isEqualTo(4);
  }

  @Test
  void actionThrows_stopsOnceAndFailsWithThatException() {
    ScriptedReads reads = new ScriptedReads().messages(5);
    AtomicInteger stops = new AtomicInteger();
    IllegalStateException thrown = new IllegalStateException("no");

    CompletableFuture<Void> done =
        ForEachLoop.run(
            reads,
            ForEachLoop.synchronous(
                m -> {
                  if (m.equals("2")) {
                    throw thrown;
                  }
                }),
            stops::incrementAndGet);

    assertThatThrownBy(done::join).isInstanceOf(CompletionException.class).hasCause(thrown);
    assertThat(stops.get()).isEqualTo(1);
    assertThat(reads.calls).isEqualTo(3);
  }

  @Test
  void nullStage_failsWithNullPointerException() {
    CompletableFuture<Void> done =
        ForEachLoop.run(new ScriptedReads().messages(1), m -> null, () -> {});

    assertThatThrownBy(done::join).hasCauseInstanceOf(NullPointerException.class);
  }

  @Test
  void readFails_failsWithTheReadsExceptionWithoutStopping() {
    ScriptedReads reads = new ScriptedReads().messages(1);
    reads.pending().completeExceptionally(new IllegalArgumentException("status"));
    AtomicInteger stops = new AtomicInteger();

    CompletableFuture<Void> done =
        ForEachLoop.run(reads, ForEachLoop.synchronous(m -> {}), stops::incrementAndGet);

    assertThatThrownBy(done::join).hasCauseInstanceOf(IllegalArgumentException.class);
    assertThat(stops.get()).isZero();
  }

  @Test
  void firstReadThrows_throwsToTheCaller() {
    Supplier<CompletableFuture<Optional<String>>> reads =
        () -> {
          throw new UsageError("subscribed");
        };

    assertThatThrownBy(() -> ForEachLoop.run(reads, ForEachLoop.synchronous(m -> {}), () -> {}))
        .isInstanceOf(UsageError.class);
  }

  @Test
  void resultCancelled_abandonsThePendingReadAndStops() {
    ScriptedReads reads = new ScriptedReads();
    CompletableFuture<Optional<String>> pending = reads.pending();
    AtomicInteger stops = new AtomicInteger();
    CompletableFuture<Void> done =
        ForEachLoop.run(reads, ForEachLoop.synchronous(m -> {}), stops::incrementAndGet);

    done.cancel(false);

    assertThat(pending).isCancelled();
    assertThat(stops.get()).isEqualTo(1);
  }

  @Test
  void blockingIterator_readsOneAheadOfNext() {
    ScriptedReads reads = new ScriptedReads().messages(3);
    Iterator<String> iterator = new BlockingReadIterator<>(reads, () -> {});

    assertThat(iterator.hasNext()).isTrue();
    assertThat(reads.calls).isEqualTo(1);
    assertThat(iterator.next()).isEqualTo("0");
    assertThat(reads.calls).isEqualTo(2); // the read ahead
    assertThat(iterator.hasNext()).isTrue();
    assertThat(reads.calls).isEqualTo(2);
  }

  @Test
  void blockingIterator_interrupted_stopsAbandonsTheReadAndKeepsTheFlag() {
    ScriptedReads reads = new ScriptedReads();
    CompletableFuture<Optional<String>> pending = reads.pending();
    AtomicInteger stops = new AtomicInteger();
    Iterator<String> iterator = new BlockingReadIterator<>(reads, stops::incrementAndGet);

    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(iterator::hasNext).isInstanceOf(CancellationException.class);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
    assertThat(pending).isCancelled();
    assertThat(stops.get()).isEqualTo(1);
    assertThatThrownBy(iterator::hasNext).isInstanceOf(CancellationException.class);
  }

  @Test
  void blockingIterator_failedRead_throwsTheCauseItself() {
    ScriptedReads reads = new ScriptedReads();
    IllegalArgumentException error = new IllegalArgumentException("status");
    reads.pending().completeExceptionally(error);
    Iterator<String> iterator = new BlockingReadIterator<>(reads, () -> {});

    assertThatThrownBy(iterator::hasNext).isSameAs(error);
  }
}
