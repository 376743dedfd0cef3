package io.github.grpcaio.core.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.grpcaio.Publishers;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.TestSubscriber;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Publishers}: the ready-made request streams over an {@code Iterable}, an {@code Iterator}
 * and a {@code Stream}. The Reactive Streams TCK runs on them too ({@code tck.Publishers*}); these
 * are the behaviours a user relies on beyond it. No transport is involved.
 */
class PublishersTest {

  /** An iterator over 0..count-1 that counts how often it was pulled. */
  static final class CountingIterator implements Iterator<Integer> {
    final int count;
    final AtomicInteger pulled = new AtomicInteger();

    CountingIterator(int count) {
      this.count = count;
    }

    @Override
    public boolean hasNext() {
      return pulled.get() < count;
    }

    @Override
    public Integer next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return pulled.getAndIncrement();
    }
  }

  @Test
  void fromIterable_emitsOnlyWhatWasRequested_andCompletesWithTheLastItem() {
    CountingIterator source = new CountingIterator(3);
    TestSubscriber<Integer> subscriber = TestSubscriber.create();
    Publishers.fromIterable(() -> source).subscribe(subscriber);

    subscriber.request(2);
    assertThat(subscriber.awaitCount(2)).containsExactly(0, 1);
    assertThat(source.pulled).hasValue(2);
    assertThat(subscriber.isTerminated()).isFalse();

    subscriber.request(1);
    // Completes right after the last item, without waiting for more demand.
    assertThat(subscriber.awaitCompletion()).containsExactly(0, 1, 2);
    subscriber.assertNoViolations();
  }

  @Test
  void fromIterable_isCold_eachSubscriberGetsEveryItemFromANewIterator() {
    AtomicInteger iterators = new AtomicInteger();
    List<String> items = List.of("a", "b", "c");
    Flow.Publisher<String> publisher =
        Publishers.fromIterable(
            () -> {
              iterators.incrementAndGet();
              return items.iterator();
            });

    TestSubscriber<String> first = TestSubscriber.unbounded();
    TestSubscriber<String> second = TestSubscriber.unbounded();
    publisher.subscribe(first);
    publisher.subscribe(second);

    assertThat(first.awaitCompletion()).containsExactly("a", "b", "c");
    assertThat(second.awaitCompletion()).containsExactly("a", "b", "c");
    assertThat(iterators).hasValue(2);
  }

  @Test
  void emptySources_completeWithoutDemand() {
    TestSubscriber<String> fromIterable = TestSubscriber.create();
    TestSubscriber<String> fromIterator = TestSubscriber.create();
    TestSubscriber<String> fromStream = TestSubscriber.create();

    Publishers.<String>fromIterable(List.of()).subscribe(fromIterable);
    Publishers.<String>fromIterator(List.<String>of().iterator()).subscribe(fromIterator);
    Publishers.<String>fromStream(Stream.empty()).subscribe(fromStream);

    assertThat(fromIterable.awaitCompletion()).isEmpty();
    assertThat(fromIterator.awaitCompletion()).isEmpty();
    assertThat(fromStream.awaitCompletion()).isEmpty();
  }

  @Test
  void fromIterator_secondSubscriber_getsOnSubscribeThenIllegalStateException() {
    Flow.Publisher<String> publisher = Publishers.fromIterator(List.of("a", "b").iterator());
    TestSubscriber<String> first = TestSubscriber.unbounded();
    TestSubscriber<String> second = TestSubscriber.unbounded();

    publisher.subscribe(first);
    publisher.subscribe(second);

    assertThat(first.awaitCompletion()).containsExactly("a", "b");
    assertThat(second.assertError(IllegalStateException.class))
        .hasMessageContaining("already subscribed to")
        .hasMessageContaining("Publishers.fromIterable");
    second.assertNoViolations();
  }

  @Test
  void fromStream_secondSubscriber_getsAnError_andLeavesTheStreamToTheFirst() {
    AtomicInteger closed = new AtomicInteger();
    Flow.Publisher<Integer> publisher =
        Publishers.fromStream(Stream.of(1, 2, 3).onClose(closed::incrementAndGet));
    TestSubscriber<Integer> first = TestSubscriber.create();
    TestSubscriber<Integer> second = TestSubscriber.unbounded();

    publisher.subscribe(first);
    publisher.subscribe(second);
    second.assertError(IllegalStateException.class);
    assertThat(closed).hasValue(0);

    first.request(Long.MAX_VALUE);
    assertThat(first.awaitCompletion()).containsExactly(1, 2, 3);
    assertThat(closed).hasValue(1);
  }

  @Test
  void fromStream_isClosedBeforeOnComplete() {
    AtomicInteger closed = new AtomicInteger();
    AtomicInteger closedAtCompletion = new AtomicInteger(-1);
    CompletableFuture<Void> completed = new CompletableFuture<>();
    Publishers.fromStream(Stream.of("a", "b").onClose(closed::incrementAndGet))
        .subscribe(
            new Flow.Subscriber<String>() {
              @Override
              public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
              }

              @Override
              public void onNext(String item) {}

              @Override
              public void onError(Throwable throwable) {
                completed.completeExceptionally(throwable);
              }

              @Override
              public void onComplete() {
                closedAtCompletion.set(closed.get());
                completed.complete(null);
              }
            });

    Await.result(completed);
    assertThat(closedAtCompletion).hasValue(1);
    assertThat(closed).hasValue(1);
  }

  @Test
  void fromStream_cancel_stopsEmission_andClosesTheStream() {
    AtomicInteger closed = new AtomicInteger();
    AtomicInteger generated = new AtomicInteger();
    Stream<Integer> endless =
        Stream.generate(generated::getAndIncrement).onClose(closed::incrementAndGet);
    TestSubscriber<Integer> subscriber = TestSubscriber.create();
    Publishers.fromStream(endless).subscribe(subscriber);

    subscriber.request(3);
    assertThat(subscriber.awaitCount(3)).containsExactly(0, 1, 2);
    subscriber.cancel();
    int generatedAtCancel = generated.get();
    subscriber.request(10);

    assertThat(closed).hasValue(1);
    assertThat(subscriber.values()).containsExactly(0, 1, 2);
    assertThat(subscriber.isTerminated()).isFalse();
    // One element may have been computed ahead (to learn that there is one), none after.
    assertThat(generated.get()).isEqualTo(generatedAtCancel).isLessThanOrEqualTo(4);
  }

  @Test
  void cancelFromOnNext_stopsAtThatItem_andClosesTheStream() {
    AtomicInteger closed = new AtomicInteger();
    List<Integer> received = new ArrayList<>();
    Publishers.fromStream(IntStream.range(0, 100).boxed().onClose(closed::incrementAndGet))
        .subscribe(
            new Flow.Subscriber<Integer>() {
              private Flow.Subscription subscription;

              @Override
              public void onSubscribe(Flow.Subscription subscription) {
                this.subscription = subscription;
                subscription.request(Long.MAX_VALUE);
              }

              @Override
              public void onNext(Integer item) {
                received.add(item);
                if (item == 4) {
                  subscription.cancel();
                }
              }

              @Override
              public void onError(Throwable throwable) {
                received.add(-1);
              }

              @Override
              public void onComplete() {
                received.add(-2);
              }
            });

    assertThat(received).containsExactly(0, 1, 2, 3, 4);
    assertThat(closed).hasValue(1);
  }

  @Test
  void exceptionMidIteration_becomesOnError_afterTheItemsBefore_andClosesTheStream() {
    IllegalStateException boom = new IllegalStateException("disk on fire");
    AtomicInteger closed = new AtomicInteger();
    Stream<Integer> failing =
        IntStream.range(0, 5)
            .boxed()
            .map(
                i -> {
                  if (i == 3) {
                    throw boom;
                  }
                  return i;
                })
            .onClose(closed::incrementAndGet);
    TestSubscriber<Integer> fromStream = TestSubscriber.unbounded();
    TestSubscriber<Integer> fromIterator = TestSubscriber.unbounded();
    Iterator<Integer> failingIterator =
        new Iterator<>() {
          int next;

          @Override
          public boolean hasNext() {
            return true;
          }

          @Override
          public Integer next() {
            if (next == 3) {
              throw boom;
            }
            return next++;
          }
        };

    Publishers.fromStream(failing).subscribe(fromStream);
    Publishers.fromIterator(failingIterator).subscribe(fromIterator);

    assertThat(fromStream.assertError(IllegalStateException.class)).isSameAs(boom);
    assertThat(fromStream.values()).containsExactly(0, 1, 2);
    assertThat(closed).hasValue(1);
    assertThat(fromIterator.assertError(IllegalStateException.class)).isSameAs(boom);
    assertThat(fromIterator.values()).containsExactly(0, 1, 2);
  }

  @Test
  void iterableWhoseIteratorThrows_signalsOnSubscribeThenOnError() {
    RuntimeException boom = new RuntimeException("no iterator today");
    TestSubscriber<String> subscriber = TestSubscriber.create();

    Publishers.<String>fromIterable(
            () -> {
              throw boom;
            })
        .subscribe(subscriber);

    assertThat(subscriber.assertError(RuntimeException.class)).isSameAs(boom);
    subscriber.assertNoViolations();
  }

  @Test
  void nullItem_becomesOnErrorNullPointerException() {
    TestSubscriber<String> subscriber = TestSubscriber.unbounded();

    Publishers.fromIterable(Arrays.asList("a", null, "c")).subscribe(subscriber);

    assertThat(subscriber.assertError(NullPointerException.class)).hasMessageContaining("null");
    assertThat(subscriber.values()).containsExactly("a");
  }

  @ParameterizedTest
  @ValueSource(longs = {0, -1, Long.MIN_VALUE})
  void nonPositiveRequest_signalsIllegalArgumentException(long n) {
    AtomicInteger closed = new AtomicInteger();
    TestSubscriber<Integer> subscriber = TestSubscriber.create();
    Publishers.fromStream(Stream.of(1, 2).onClose(closed::incrementAndGet)).subscribe(subscriber);

    subscriber.request(n);

    assertThat(subscriber.assertError(IllegalArgumentException.class))
        .hasMessageContaining("3.9")
        .hasMessageContaining(Long.toString(n));
    assertThat(subscriber.values()).isEmpty();
    assertThat(closed).hasValue(1);
  }

  @Test
  void nullArguments_throwNullPointerException() {
    assertThatThrownBy(() -> Publishers.fromIterable(null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> Publishers.fromIterator(null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> Publishers.fromStream(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> Publishers.fromIterable(List.of()).subscribe(null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> Publishers.fromIterator(List.of().iterator()).subscribe(null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void requestOneFromOnNext_over100000Items_doesNotGrowTheStack() {
    int count = 100_000;
    int[] received = {0};
    int[] maxDepth = {0};
    int baseDepth = new Throwable().getStackTrace().length;
    CompletableFuture<Void> completed = new CompletableFuture<>();
    Publishers.fromIterator(new CountingIterator(count))
        .subscribe(
            new Flow.Subscriber<Integer>() {
              private Flow.Subscription subscription;

              @Override
              public void onSubscribe(Flow.Subscription subscription) {
                this.subscription = subscription;
                subscription.request(1);
              }

              @Override
              public void onNext(Integer item) {
                if (item != received[0]) {
                  completed.completeExceptionally(new AssertionError("out of order: " + item));
                }
                received[0]++;
                if (received[0] % 1000 == 0) {
                  maxDepth[0] =
                      Math.max(maxDepth[0], new Throwable().getStackTrace().length - baseDepth);
                }
                subscription.request(1);
              }

              @Override
              public void onError(Throwable throwable) {
                completed.completeExceptionally(throwable);
              }

              @Override
              public void onComplete() {
                completed.complete(null);
              }
            });

    Await.result(completed);
    assertThat(received[0]).isEqualTo(count);
    assertThat(maxDepth[0]).as("stack frames below the test in onNext").isLessThan(20);
  }

  @Test
  void requestFromAnotherThreadDuringOnSubscribe_emitsOnlyAfterOnSubscribeReturned()
      throws Exception {
    AtomicBoolean inOnSubscribe = new AtomicBoolean();
    AtomicInteger overlapping = new AtomicInteger();
    List<String> received = Collections.synchronizedList(new ArrayList<>());

    Publishers.fromIterable(List.of("a", "b"))
        .subscribe(
            new Flow.Subscriber<String>() {
              @Override
              public void onSubscribe(Flow.Subscription subscription) {
                inOnSubscribe.set(true);
                Thread requester = new Thread(() -> subscription.request(2));
                requester.start();
                try {
                  requester.join(Await.TIMEOUT.toMillis());
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                inOnSubscribe.set(false);
              }

              @Override
              public void onNext(String item) {
                if (inOnSubscribe.get()) {
                  overlapping.incrementAndGet();
                }
                received.add(item);
              }

              @Override
              public void onError(Throwable throwable) {}

              @Override
              public void onComplete() {}
            });

    assertThat(overlapping).as("onNext during onSubscribe").hasValue(0);
    assertThat(received).containsExactly("a", "b");
  }

  @Test
  void concurrentRequestsFromManyThreads_emitEveryItemOnceInOrder_oneSignalAtATime()
      throws Exception {
    int threads = 4;
    int requestsPerThread = 2_500;
    int count = threads * requestsPerThread;
    AtomicBoolean inOnNext = new AtomicBoolean();
    AtomicInteger overlaps = new AtomicInteger();
    List<Integer> received = Collections.synchronizedList(new ArrayList<>());
    CompletableFuture<Void> completed = new CompletableFuture<>();
    Flow.Subscription[] subscription = new Flow.Subscription[1];
    Publishers.fromIterator(new CountingIterator(count))
        .subscribe(
            new Flow.Subscriber<Integer>() {
              @Override
              public void onSubscribe(Flow.Subscription s) {
                subscription[0] = s;
              }

              @Override
              public void onNext(Integer item) {
                if (!inOnNext.compareAndSet(false, true)) {
                  overlaps.incrementAndGet();
                }
                received.add(item);
                inOnNext.set(false);
              }

              @Override
              public void onError(Throwable throwable) {
                completed.completeExceptionally(throwable);
              }

              @Override
              public void onComplete() {
                completed.complete(null);
              }
            });

    CountDownLatch start = new CountDownLatch(1);
    List<Thread> requesters = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread requester =
          new Thread(
              () -> {
                try {
                  start.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  return;
                }
                for (int i = 0; i < requestsPerThread; i++) {
                  subscription[0].request(1);
                }
              });
      requester.start();
      requesters.add(requester);
    }
    start.countDown();
    for (Thread requester : requesters) {
      requester.join(Await.TIMEOUT.toMillis());
    }

    Await.result(completed);
    assertThat(overlaps).hasValue(0);
    assertThat(received).hasSize(count);
    assertThat(received).isSorted();
    assertThat(received.get(count - 1)).isEqualTo(count - 1);
  }
}
