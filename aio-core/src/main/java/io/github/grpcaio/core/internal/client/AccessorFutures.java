package io.github.grpcaio.core.internal.client;

import io.github.grpcaio.core.internal.FieldHandles;
import io.github.grpcaio.core.internal.ReadOnlyFuture;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;

/**
 * The futures a call's status and metadata accessors return: each made the first time it is asked
 * for (most calls never ask) and the same on every later call, so that polling an accessor holds no
 * memory. Thread-safe: first callers racing agree by compare-and-set, and only the future that won
 * is wired to its source.
 */
final class AccessorFutures {

  static final int INITIAL_METADATA = 0;
  static final int TRAILING_METADATA = 1;
  static final int CODE = 2;
  static final int DETAILS = 3;
  static final int DEBUG_ERROR_STRING = 4;

  private static final VarHandle MADE =
      FieldHandles.of(MethodHandles.lookup(), "made", AtomicReferenceArray.class);

  // The futures by accessor; the array itself made by the first get (through MADE), so that a
  // call whose accessors are never asked for costs no array.
  @SuppressWarnings("unused") // accessed through MADE
  private volatile AtomicReferenceArray<ReadOnlyFuture<?>> made;

  private static AtomicReferenceArray<ReadOnlyFuture<?>> slots() {
    return new AtomicReferenceArray<>(DEBUG_ERROR_STRING + 1);
  }

  /**
   * Returns the future of one accessor, making it on the first call.
   *
   * @param accessor which accessor, one of the constants above
   * @param wire arranges for a new future to complete; called once, by the caller that made it
   * @param <T> the value type of that accessor
   * @return the same read-only future on every call with that accessor
   */
  @SuppressWarnings("unchecked") // each slot only ever holds the future of one accessor's type
  <T> CompletableFuture<T> get(int accessor, Consumer<? super ReadOnlyFuture<T>> wire) {
    AtomicReferenceArray<ReadOnlyFuture<?>> slots =
        FieldHandles.getOrMake(MADE, this, AccessorFutures::slots);
    ReadOnlyFuture<?> existing = slots.get(accessor);
    if (existing == null) {
      ReadOnlyFuture<T> created = new ReadOnlyFuture<>();
      existing = slots.compareAndExchange(accessor, null, created);
      if (existing == null) {
        wire.accept(created);
        return created;
      }
    }
    return (CompletableFuture<T>) existing;
  }
}
