package io.github.grpcaio.reliability;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A publisher of "0", "1", ... as fast as its subscriber asks (a full-speed stream), to {@code
 * count} items or without end, that records how far it got and whether it was cancelled. One
 * subscriber; signals never overlap (a drain loop, as Reactive Streams 1.3 requires).
 */
final class Sequence implements Flow.Publisher<String> {

  /** A sequence without end. */
  static final long ENDLESS = Long.MAX_VALUE;

  private final long count;
  private final int payloadBytes;
  private final boolean completes;
  private final AtomicLong emitted = new AtomicLong();
  private final CompletableFuture<Void> cancelled = new CompletableFuture<>();

  /**
   * @param count how many items, or {@link #ENDLESS}
   * @param payloadBytes padding after each number, to make messages of about that size
   */
  Sequence(long count, int payloadBytes) {
    this(count, payloadBytes, true);
  }

  /**
   * @param count how many items, or {@link #ENDLESS}
   * @param payloadBytes padding after each number, to make messages of about that size
   * @param completes whether {@code onComplete} follows the last item; if not, the stream stays
   *     open (a server with nothing more to say)
   */
  Sequence(long count, int payloadBytes, boolean completes) {
    this.count = count;
    this.payloadBytes = payloadBytes;
    this.completes = completes;
  }

  /** How many items went to the subscriber so far. */
  long emitted() {
    return emitted.get();
  }

  /** Completes when the subscriber cancels. */
  CompletableFuture<Void> cancelled() {
    return cancelled;
  }

  static String item(long i, int payloadBytes) {
    return payloadBytes == 0 ? Long.toString(i) : i + ":" + "x".repeat(payloadBytes);
  }

  static long number(String item) {
    int colon = item.indexOf(':');
    return Long.parseLong(colon < 0 ? item : item.substring(0, colon));
  }

  @Override
  public void subscribe(Flow.Subscriber<? super String> subscriber) {
    subscriber.onSubscribe(new Subscription(subscriber));
  }

  private final class Subscription implements Flow.Subscription {
    private final Flow.Subscriber<? super String> subscriber;
    private final AtomicLong demand = new AtomicLong();
    private final AtomicInteger wip = new AtomicInteger();
    private volatile boolean done;

    Subscription(Flow.Subscriber<? super String> subscriber) {
      this.subscriber = subscriber;
    }

    @Override
    public void request(long n) {
      if (n <= 0) {
        done = true;
        subscriber.onError(new IllegalArgumentException("Reactive Streams 3.9: n <= 0"));
        return;
      }
      demand.getAndAccumulate(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
      drain();
    }

    @Override
    public void cancel() {
      done = true;
      cancelled.complete(null);
    }

    private void end() {
      done = true;
      if (completes) {
        subscriber.onComplete();
      }
    }

    private void drain() {
      if (wip.getAndIncrement() != 0) {
        return; // the thread in the loop sees the new demand
      }
      int missed = 1;
      do {
        while (!done && demand.get() > 0) {
          long i = emitted.get();
          if (i >= count) {
            end();
            return;
          }
          demand.decrementAndGet();
          emitted.incrementAndGet();
          subscriber.onNext(item(i, payloadBytes));
        }
        if (!done && emitted.get() >= count) {
          end();
          return;
        }
        missed = wip.addAndGet(-missed);
      } while (missed != 0);
    }
  }
}
