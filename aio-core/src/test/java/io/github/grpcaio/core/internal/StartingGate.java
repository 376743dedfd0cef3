package io.github.grpcaio.core.internal;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Holds the actions given to it on their threads until {@link #open()}, so that they start at the
 * same moment and race: for tests of what several threads do at once. What an action returns or
 * throws (an interrupt of its wait too) is its future's.
 */
public final class StartingGate {

  private final CountDownLatch open = new CountDownLatch(1);

  /**
   * Submits {@code action} to {@code threads}, to run once the gate opens.
   *
   * @param threads where the action runs
   * @param action what to run
   * @param <T> the result type
   * @return the action's future
   */
  public <T> Future<T> submit(ExecutorService threads, Callable<T> action) {
    return threads.submit(
        () -> {
          open.await();
          return action.call();
        });
  }

  /**
   * Submits {@code action} to {@code threads}, to run once the gate opens.
   *
   * @param threads where the action runs
   * @param action what to run
   * @return the action's future, completing with null
   */
  public Future<?> run(ExecutorService threads, Runnable action) {
    return submit(
        threads,
        () -> {
          action.run();
          return null;
        });
  }

  /** Lets every action given so far, and every later one, run. */
  public void open() {
    open.countDown();
  }
}
