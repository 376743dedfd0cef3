package io.github.grpcaio.core.server;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A response publisher that emits one message for each one requested, until cancelled, and counts
 * what it was pulled for: tests see from it how far the library pulls a publisher.
 */
final class EndlessPublisher implements Flow.Publisher<String> {

  /** How many messages it emitted. */
  final AtomicLong pulled = new AtomicLong();

  /** Counted down when its subscription is cancelled. */
  final CountDownLatch cancelled = new CountDownLatch(1);

  private final AtomicBoolean isCancelled = new AtomicBoolean();
  private final String message;

  EndlessPublisher(String message) {
    this.message = message;
  }

  @Override
  public void subscribe(Flow.Subscriber<? super String> subscriber) {
    subscriber.onSubscribe(
        new Flow.Subscription() {
          // Emits synchronously from request(); re-entrancy is bounded by the library's
          // one-at-a-time pulling.
          @Override
          public void request(long n) {
            for (long i = 0; i < n && !isCancelled.get(); i++) {
              pulled.incrementAndGet();
              subscriber.onNext(message);
            }
          }

          @Override
          public void cancel() {
            isCancelled.set(true);
            cancelled.countDown();
          }
        });
  }
}
