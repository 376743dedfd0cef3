package io.github.grpcaio.core.internal;

import java.util.concurrent.Flow;

/** The subscription of a publisher that fails its subscriber at once. */
final class FailedSubscription implements Flow.Subscription {

  private static final FailedSubscription INSTANCE = new FailedSubscription();

  private FailedSubscription() {}

  /** Signals {@code onSubscribe} then {@code onError(error)}. */
  static void signal(Flow.Subscriber<?> subscriber, Throwable error) {
    subscriber.onSubscribe(INSTANCE);
    subscriber.onError(error);
  }

  @Override
  public void request(long n) {}

  @Override
  public void cancel() {}
}
