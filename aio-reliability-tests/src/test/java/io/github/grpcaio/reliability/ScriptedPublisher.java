package io.github.grpcaio.reliability;

import java.util.List;
import java.util.concurrent.Flow;

/**
 * A publisher of a fixed list that ends as scripted: completing, failing, or breaking the Reactive
 * Streams rules (items beyond demand, an item after {@code onComplete}). One subscriber; emits on
 * the thread that requests, never reentrantly.
 */
final class ScriptedPublisher implements Flow.Publisher<String> {

  /** How the publisher ends. */
  enum Ending {
    /** {@code onComplete} after the last item. */
    COMPLETE,
    /** {@code onError(new IllegalStateException("boom"))} after the last item. */
    FAIL,
    /** Sends every item at the first request, whatever its demand (rule 1.1). */
    BEYOND_DEMAND,
    /** {@code onComplete}, then one more {@code onNext} (rule 1.7). */
    NEXT_AFTER_COMPLETE
  }

  private final List<String> items;
  private final Ending ending;

  ScriptedPublisher(List<String> items, Ending ending) {
    this.items = List.copyOf(items);
    this.ending = ending;
  }

  @Override
  public void subscribe(Flow.Subscriber<? super String> subscriber) {
    subscriber.onSubscribe(new Subscription(subscriber));
  }

  private final class Subscription implements Flow.Subscription {
    private final Flow.Subscriber<? super String> subscriber;
    private long demand; // guarded by this
    private int next; // guarded by this
    private boolean emitting; // guarded by this
    private boolean done; // guarded by this

    Subscription(Flow.Subscriber<? super String> subscriber) {
      this.subscriber = subscriber;
    }

    @Override
    public void request(long n) {
      synchronized (this) {
        demand += n;
        if (emitting || done) {
          return; // the emitting thread sees the demand
        }
        emitting = true;
      }
      try {
        emit();
      } finally {
        synchronized (this) {
          emitting = false;
        }
      }
    }

    @Override
    public synchronized void cancel() {
      done = true;
    }

    private void emit() {
      while (true) {
        String item;
        synchronized (this) {
          if (done) {
            return;
          }
          if (next == items.size()) {
            done = true;
            break;
          }
          if (demand == 0 && ending != Ending.BEYOND_DEMAND) {
            return;
          }
          demand--;
          item = items.get(next++);
        }
        subscriber.onNext(item);
      }
      switch (ending) {
        case COMPLETE, BEYOND_DEMAND -> subscriber.onComplete();
        case FAIL -> subscriber.onError(new IllegalStateException("boom"));
        case NEXT_AFTER_COMPLETE -> {
          subscriber.onComplete();
          subscriber.onNext("after-complete");
        }
      }
    }
  }
}
