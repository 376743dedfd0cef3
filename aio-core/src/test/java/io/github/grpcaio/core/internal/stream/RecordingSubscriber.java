package io.github.grpcaio.core.internal.stream;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;

/**
 * A subscriber that requests nothing by itself and records every signal, for tests that drive the
 * subscription by hand. Its fields may be read from any thread.
 *
 * @param <T> the item type
 */
class RecordingSubscriber<T> implements Flow.Subscriber<T> {
  volatile Flow.Subscription subscription;
  final List<T> items = new CopyOnWriteArrayList<>();
  volatile Throwable error;
  volatile boolean completed;

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
  }

  @Override
  public void onNext(T item) {
    items.add(item);
  }

  @Override
  public void onError(Throwable t) {
    error = t;
  }

  @Override
  public void onComplete() {
    completed = true;
  }
}
