package io.github.grpcaio.core.internal.stream;

import java.util.concurrent.Flow;

/** The subscription of a publisher that fails its subscriber at once. */
public final class FailedSubscription implements Flow.Subscription {

  private static final FailedSubscription INSTANCE = new FailedSubscription();

  private FailedSubscription() {}

  /** Signals {@code onSubscribe} then {@code onError(error)}. */
  public static void signal(Flow.Subscriber<?> subscriber, Throwable error) {
    subscriber.onSubscribe(INSTANCE);
    subscriber.onError(error);
  }

  @Override
  public void request(long n) {}

  @Override
  public void cancel() {}
}
