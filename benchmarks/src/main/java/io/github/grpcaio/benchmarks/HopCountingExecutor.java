package io.github.grpcaio.benchmarks;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.LongAdder;

/**
 * The callback executor of a rig: a pool that counts its tasks. Each task handed to it is a thread
 * hop (a pool thread woken, or started, to run a call's serialized events), the cost the load
 * driver reports per message next to CPU and allocation.
 */
final class HopCountingExecutor implements java.util.concurrent.Executor {

  private final ExecutorService pool;
  private final LongAdder hops = new LongAdder();

  HopCountingExecutor(ExecutorService pool) {
    this.pool = pool;
  }

  @Override
  public void execute(Runnable task) {
    hops.increment();
    pool.execute(task);
  }

  /** The tasks handed over so far. */
  long hops() {
    return hops.sum();
  }

  /** Shuts the pool down. */
  void shutdown() {
    pool.shutdown();
  }
}
