package io.github.grpcaio.core.interceptors;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;

/** Holds tasks until {@link #open()}, then runs them (and later ones) on the common pool. */
final class GatedExecutor implements Executor {

  private List<Runnable> held = new ArrayList<>(); // guarded by this; null once open

  @Override
  public void execute(Runnable task) {
    synchronized (this) {
      if (held != null) {
        held.add(task);
        return;
      }
    }
    ForkJoinPool.commonPool().execute(task);
  }

  /** Runs the held tasks and every later one. */
  void open() {
    List<Runnable> tasks;
    synchronized (this) {
      tasks = held;
      held = null;
    }
    tasks.forEach(ForkJoinPool.commonPool()::execute);
  }
}
