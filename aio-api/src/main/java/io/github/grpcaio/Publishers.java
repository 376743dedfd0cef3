package io.github.grpcaio;

import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * Ready-made {@link Flow.Publisher}s over an {@link Iterable}, an {@link Iterator} or a {@link
 * Stream}: the request stream of a client- or bidi-streaming call without writing a publisher by
 * hand, as Python's {@code stub.Upload(iter(items))}.
 *
 * <pre>{@code
 * StreamUnaryCall<Chunk, Summary> call = upload.call(Publishers.fromIterable(chunks));
 * }</pre>
 *
 * <p>(The multi-callables and the generated stubs also take an {@code Iterable}, {@code Iterator}
 * or {@code Stream} directly, and call these factories.)
 *
 * <p>Every publisher made here follows the Reactive Streams rules of {@link Flow}:
 *
 * <ul>
 *   <li><b>Backpressure.</b> It emits only what its subscriber requested. The source is pulled
 *       ({@code hasNext()}, {@code next()}) on the thread that calls {@link
 *       Flow.Subscription#request request}, and also on the thread that calls {@code subscribe} (to
 *       complete an empty source at once); the subscriber's {@code onNext}, {@code onComplete} and
 *       {@code onError} run on that same thread. So {@code hasNext()} and {@code next()} should not
 *       block: an iterator that waits for its items would hold the requesting thread, on a gRPC
 *       call the channel's executor; for items produced over time use {@code write()} or a {@link
 *       java.util.concurrent.SubmissionPublisher}. After each item the source is asked whether
 *       there is another, so {@code onComplete} follows the last item at once, without waiting for
 *       more demand (so a call can half-close right after its last message).
 *   <li><b>One signal at a time.</b> {@code request} and {@code cancel} may be called from any
 *       thread, concurrently and from within {@code onNext}: a {@code request} made from {@code
 *       onNext} adds demand for the emitting loop instead of recursing, so the stack does not grow
 *       however long the source.
 *   <li><b>Errors.</b> An exception from {@code iterator()}, {@code hasNext()} or {@code next()}
 *       ends the stream with {@code onError} of that exception; a null item ends it with {@code
 *       onError(NullPointerException)}; {@code request(n)} with {@code n <= 0} ends it with {@code
 *       onError(IllegalArgumentException)} (rule 3.9). On a gRPC call, a request stream that ends
 *       with an error cancels the call.
 *   <li><b>Cancellation.</b> {@code cancel()} stops the emission: no item is pulled after the one
 *       being emitted.
 * </ul>
 *
 * <p>Publishers over an {@code Iterable} are cold and reusable: each subscriber gets a fresh {@code
 * iterator()}, so one publisher may be passed to several calls, each sending every item. Publishers
 * over an {@code Iterator} or a {@code Stream} can be consumed once, like their source: the first
 * subscriber takes it, a later one gets {@code onSubscribe} then {@code onError} of an {@link
 * IllegalStateException}.
 */
public final class Publishers {

  private Publishers() {}

  /**
   * Returns a publisher of the items of {@code items}, in iteration order, then {@code onComplete}.
   * Each subscriber gets its own {@code items.iterator()}, called on the subscribing thread.
   *
   * @param items the items; must not hold null (a null item ends the stream with {@code
   *     onError(NullPointerException)})
   * @param <T> the item type
   * @return a cold publisher that any number of subscribers may subscribe to
   * @throws NullPointerException if {@code items} is null
   */
  public static <T> Flow.Publisher<T> fromIterable(Iterable<? extends T> items) {
    Objects.requireNonNull(items, "items");
    return new Flow.Publisher<T>() {
      @Override
      public void subscribe(Flow.Subscriber<? super T> subscriber) {
        IteratorSubscription.start(subscriber, items::iterator, null);
      }

      @Override
      public String toString() {
        return "Publishers.fromIterable(" + items.getClass().getName() + ")";
      }
    };
  }

  /**
   * Returns a publisher of the remaining items of {@code items}, then {@code onComplete}. The
   * iterator is consumed by the first subscriber; a later subscriber gets {@code onSubscribe} then
   * {@code onError(IllegalStateException)}.
   *
   * @param items the items; must not hold null (a null item ends the stream with {@code
   *     onError(NullPointerException)})
   * @param <T> the item type
   * @return a publisher for one subscriber
   * @throws NullPointerException if {@code items} is null
   */
  public static <T> Flow.Publisher<T> fromIterator(Iterator<? extends T> items) {
    Objects.requireNonNull(items, "items");
    return new SingleUse<>("an Iterator", () -> items, null);
  }

  /**
   * Returns a publisher of the elements of {@code items}, in encounter order, then {@code
   * onComplete}. The stream is consumed by the first subscriber ({@code items.iterator()}, its
   * terminal operation, is called when it subscribes) and closed ({@link Stream#close()}, which
   * runs its close handlers: a {@code Files.lines} stream closes its file) once the subscriber
   * needs no more of it: after the last element, on an error, or on {@code cancel}. It is closed by
   * the thread emitting at that moment, or by the thread that cancels when none is. A later
   * subscriber gets {@code onSubscribe} then {@code onError(IllegalStateException)}, and the stream
   * is left to the first one. A stream that is never subscribed to is not closed.
   *
   * @param items the stream; must not hold null (a null element ends the stream with {@code
   *     onError(NullPointerException)}). An exception from {@code close()} after the last element
   *     ends the stream with {@code onError} of it instead of {@code onComplete}; after an error it
   *     is added to that error as suppressed; after a cancel it is logged
   * @param <T> the element type
   * @return a publisher for one subscriber
   * @throws NullPointerException if {@code items} is null
   */
  public static <T> Flow.Publisher<T> fromStream(Stream<? extends T> items) {
    Objects.requireNonNull(items, "items");
    return new SingleUse<>("a Stream", items::iterator, items::close);
  }

  /** A publisher whose source can be consumed once: the first subscriber takes it. */
  private static final class SingleUse<T> implements Flow.Publisher<T> {
    private final String what;
    private final IteratorSubscription.Source<T> source;
    private final Runnable close;
    private final AtomicBoolean taken = new AtomicBoolean();

    SingleUse(String what, IteratorSubscription.Source<T> source, Runnable close) {
      this.what = what;
      this.source = source;
      this.close = close;
    }

    /**
     * Subscribes the first subscriber to the source; signals {@code onSubscribe} then {@code
     * onError(IllegalStateException)} to any later one.
     *
     * @throws NullPointerException if {@code subscriber} is null (rule 1.9)
     */
    @Override
    public void subscribe(Flow.Subscriber<? super T> subscriber) {
      Objects.requireNonNull(subscriber, "subscriber");
      if (!taken.compareAndSet(false, true)) {
        IteratorSubscription.reject(
            subscriber,
            new IllegalStateException(
                "This publisher of "
                    + what
                    + " was already subscribed to: its items can be consumed once. Make a new"
                    + " publisher for each call, or use Publishers.fromIterable, which iterates"
                    + " anew for each subscriber"));
        return;
      }
      IteratorSubscription.start(subscriber, source, close);
    }

    @Override
    public String toString() {
      return "Publishers.from" + what.substring(what.indexOf(' ') + 1) + "[taken=" + taken + "]";
    }
  }
}
