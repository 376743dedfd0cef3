package io.github.grpcaio.core.internal.stream;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Outstanding Reactive Streams demand: what a subscriber requested and has not yet received.
 * Saturates at {@link Long#MAX_VALUE}, which means unbounded and is never decremented (rule 3.17).
 * Thread-safe.
 */
final class Demand {

  private final AtomicLong value = new AtomicLong();

  /** Adds {@code n > 0}, saturating. */
  void add(long n) {
    long current;
    long next;
    do {
      current = value.get();
      if (current == Long.MAX_VALUE) {
        return;
      }
      next = current + n;
      if (next < 0) {
        next = Long.MAX_VALUE;
      }
    } while (!value.compareAndSet(current, next));
  }

  /** Takes one unit for a delivered item, unless unbounded. */
  void consumeOne() {
    long current;
    do {
      current = value.get();
      if (current == Long.MAX_VALUE || current == 0) {
        return;
      }
    } while (!value.compareAndSet(current, current - 1));
  }

  long get() {
    return value.get();
  }
}
