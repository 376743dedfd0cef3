package io.github.grpcaio.core.internal.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.core.internal.RpcScope;
import io.github.grpcaio.core.internal.StartingGate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SerializingExecutorTest {

  private final ExecutorService pool = Executors.newFixedThreadPool(4);

  @AfterEach
  void shutdown() {
    pool.shutdownNow();
  }

  @Test
  void tasks_fromManyThreads_runInSubmissionOrderPerThreadAndNeverOverlap() throws Exception {
    SerializingExecutor context = new SerializingExecutor(pool);
    AtomicInteger running = new AtomicInteger();
    AtomicInteger maxRunning = new AtomicInteger();
    List<int[]> seen = Collections.synchronizedList(new ArrayList<>());
    int submitters = 4;
    int perSubmitter = 2_000;
    CountDownLatch done = new CountDownLatch(submitters * perSubmitter);

    for (int s = 0; s < submitters; s++) {
      int submitter = s;
      pool.execute(
          () -> {
            for (int i = 0; i < perSubmitter; i++) {
              int index = i;
              context.execute(
                  () -> {
                    maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                    seen.add(new int[] {submitter, index});
                    running.decrementAndGet();
                    done.countDown();
                  });
            }
          });
    }

    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(maxRunning.get()).isEqualTo(1);
    int[] last = new int[submitters];
    java.util.Arrays.fill(last, -1);
    for (int[] e : seen) {
      assertThat(e[1]).isGreaterThan(last[e[0]]);
      last[e[0]] = e[1];
    }
  }

  @Test
  void manyThreadsAddingAtOnce_everyTaskRunsExactlyOnce_oneAtATime() throws Exception {
    SerializingExecutor context = new SerializingExecutor(pool);
    int submitters = 4;
    int perSubmitter = 50_000;
    int[] runs = new int[submitters * perSubmitter]; // written by one task at a time
    AtomicInteger running = new AtomicInteger();
    AtomicInteger overlaps = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(runs.length);
    StartingGate gate = new StartingGate();

    for (int s = 0; s < submitters; s++) {
      int submitter = s;
      gate.run(
          pool,
          () -> {
            for (int i = 0; i < perSubmitter; i++) {
              int index = submitter * perSubmitter + i;
              Runnable task =
                  () -> {
                    if (running.incrementAndGet() != 1) {
                      overlaps.incrementAndGet();
                    }
                    runs[index]++;
                    running.decrementAndGet();
                    done.countDown();
                  };
              if (submitter == 0 && i % 2 == 0) {
                context.executeHere(task); // the calling thread drains when the context is idle
              } else {
                context.execute(task);
              }
            }
          });
    }
    gate.open();

    assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(overlaps.get()).isZero();
    context.execute(() -> {}); // the last writes to runs happen-before what a later task sees
    CompletableFuture<int[]> seen = new CompletableFuture<>();
    context.execute(() -> seen.complete(runs.clone()));
    assertThat(seen.get(5, TimeUnit.SECONDS)).containsOnly(1);
  }

  @Test
  void tasksThatRan_areNotKeptAliveByTheContext() throws Exception {
    SerializingExecutor context = new SerializingExecutor(pool);
    java.lang.ref.ReferenceQueue<Object> collected = new java.lang.ref.ReferenceQueue<>();
    List<java.lang.ref.WeakReference<Object>> refs = new ArrayList<>();
    CountDownLatch ran = new CountDownLatch(3);
    for (int i = 0; i < 3; i++) {
      Object payload = new byte[1024];
      refs.add(new java.lang.ref.WeakReference<>(payload, collected));
      context.execute(
          () -> {
            assertThat(payload).isNotNull();
            ran.countDown();
          });
    }
    assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();

    // Each task (and what it holds) must be unreachable once it ran, though the context lives on.
    int cleared = 0;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (cleared < refs.size() && System.nanoTime() < deadline) {
      System.gc();
      if (collected.remove(100) != null) {
        cleared++;
      }
    }
    assertThat(cleared).isEqualTo(refs.size());
    assertThat(context).isNotNull(); // still reachable here
  }

  @Test
  void task_thatThrows_doesNotStopLaterTasks() throws Exception {
    SerializingExecutor context = new SerializingExecutor(pool);
    CountDownLatch ran = new CountDownLatch(1);

    context.execute(
        () -> {
          throw new IllegalStateException("boom (expected by the test)");
        });
    context.execute(ran::countDown);

    assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void rejectingDelegate_tasksRunOnSubmitter() {
    SerializingExecutor context =
        new SerializingExecutor(
            r -> {
              throw new RejectedExecutionException("shut down");
            });
    List<String> ran = new ArrayList<>();

    context.execute(() -> ran.add(Thread.currentThread().getName()));

    assertThat(ran).containsExactly(Thread.currentThread().getName());
  }

  @Test
  void delegateThrowingAnythingElse_tasksRunOnSubmitterAndTheContextKeepsWorking() {
    AtomicInteger calls = new AtomicInteger();
    SerializingExecutor context =
        new SerializingExecutor(
            r -> {
              if (calls.getAndIncrement() == 0) {
                throw new OutOfMemoryError("unable to create native thread (thrown by the test)");
              }
              throw new IllegalStateException("a non-conforming executor (thrown by the test)");
            });
    List<String> ran = new ArrayList<>();

    context.execute(() -> ran.add("first"));
    context.execute(() -> ran.add("second"));

    assertThat(ran).containsExactly("first", "second");
  }

  @Test
  void runDetached_leavesTheContext_soItsTasksRunWhileTheWorkBlocks() throws Exception {
    SerializingExecutor context = new SerializingExecutor(pool);
    CountDownLatch contextTaskRan = new CountDownLatch(1);
    CompletableFuture<Boolean> workSawTask = new CompletableFuture<>();

    context.execute(
        () ->
            context.runDetached(
                () -> {
                  context.execute(contextTaskRan::countDown);
                  try {
                    workSawTask.complete(contextTaskRan.await(5, TimeUnit.SECONDS));
                  } catch (InterruptedException e) {
                    workSawTask.completeExceptionally(e);
                  }
                }));

    assertThat(workSawTask.get(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void executeHere_onAnIdleContext_runsOnTheCallingThread() {
    SerializingExecutor context = new SerializingExecutor(pool);
    List<String> ran = new ArrayList<>();

    context.executeHere(() -> ran.add(Thread.currentThread().getName()));

    assertThat(ran).containsExactly(Thread.currentThread().getName());
  }

  /** Counts how often a context asks its delegate for a thread: each is a thread hop. */
  private static final class CountingExecutor implements java.util.concurrent.Executor {
    final AtomicInteger hops = new AtomicInteger();
    final java.util.concurrent.Executor delegate;

    CountingExecutor(java.util.concurrent.Executor delegate) {
      this.delegate = delegate;
    }

    @Override
    public void execute(Runnable task) {
      hops.incrementAndGet();
      delegate.execute(task);
    }
  }

  /** Keeps the tasks handed to it until the test runs them, on the thread it chooses. */
  private static final class HeldExecutor implements java.util.concurrent.Executor {
    final List<Runnable> held = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void execute(Runnable task) {
      held.add(task);
    }

    Runnable take(int index) {
      return held.get(index);
    }
  }

  @Test
  void contextScheduledFromADrain_onTheSameThreads_runsOnThatThreadRightAfterTheDrain() {
    HeldExecutor threads = new HeldExecutor();
    // Two channels or servers given one executor wrap it apart: still the same threads.
    SerializingExecutor first =
        new SerializingExecutor(io.github.grpcaio.core.internal.FallbackExecutor.wrap(threads));
    SerializingExecutor second =
        new SerializingExecutor(io.github.grpcaio.core.internal.FallbackExecutor.wrap(threads));
    List<String> ran = Collections.synchronizedList(new ArrayList<>());
    String here = Thread.currentThread().getName();

    first.execute(
        () -> {
          second.execute(() -> ran.add("second on " + Thread.currentThread().getName()));
          ran.add("first, after scheduling the second");
        });
    threads.take(0).run(); // this thread is the executor's thread that runs the first's drain

    assertThat(threads.held).hasSize(2); // the second was handed to the executor all the same
    assertThat(ran).containsExactly("first, after scheduling the second", "second on " + here);
    threads.take(1).run(); // the executor's task for it comes later and finds nothing to do
    assertThat(ran).hasSize(2);
  }

  @Test
  void contextScheduledFromADrain_startedByAnotherThreadFirst_isNotRunAgain() throws Exception {
    HeldExecutor threads = new HeldExecutor();
    SerializingExecutor first = new SerializingExecutor(threads);
    SerializingExecutor second = new SerializingExecutor(threads);
    List<String> ran = Collections.synchronizedList(new ArrayList<>());

    first.execute(
        () -> {
          second.execute(() -> ran.add("second on " + Thread.currentThread().getName()));
          // Another thread of the executor starts the second's drain before this one ends.
          Thread other = new Thread(threads.take(1), "other");
          other.start();
          try {
            other.join(TimeUnit.SECONDS.toMillis(5));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    threads.take(0).run();

    assertThat(ran).containsExactly("second on other");
  }

  @Test
  void contextScheduledFromADrain_onOtherThreads_waitsForItsOwnExecutor() {
    HeldExecutor threads = new HeldExecutor();
    HeldExecutor otherThreads = new HeldExecutor();
    SerializingExecutor first = new SerializingExecutor(threads);
    SerializingExecutor second = new SerializingExecutor(otherThreads);
    List<String> ran = Collections.synchronizedList(new ArrayList<>());

    first.execute(() -> second.execute(() -> ran.add("second")));
    threads.take(0).run();

    assertThat(ran).isEmpty(); // its own executor's thread runs it, not one of another executor
    otherThreads.take(0).run();
    assertThat(ran).containsExactly("second");
  }

  @Test
  void contextsScheduledFromADrain_onlyTheLastIsTakenOver_andOnlyOnce() {
    HeldExecutor threads = new HeldExecutor();
    SerializingExecutor first = new SerializingExecutor(threads);
    SerializingExecutor second = new SerializingExecutor(threads);
    SerializingExecutor third = new SerializingExecutor(threads);
    SerializingExecutor fourth = new SerializingExecutor(threads);
    List<String> ran = Collections.synchronizedList(new ArrayList<>());

    first.execute(
        () -> {
          second.execute(() -> ran.add("second"));
          third.execute(
              () -> {
                ran.add("third");
                fourth.execute(() -> ran.add("fourth"));
              });
        });
    threads.take(0).run();

    // The third was scheduled last; the fourth, scheduled by the drain taken over, waits for a
    // thread of its own, so one thread's drains cannot chain without end.
    assertThat(ran).containsExactly("third");
    threads.take(1).run();
    threads.take(3).run();
    assertThat(ran).containsExactly("third", "second", "fourth");
  }

  @Test
  void claimOrCreate_inTheFirstTaskOfAGrpcCallExecutor_returnsItAndItsLaterTasksNeedNoHop()
      throws Exception {
    CountingExecutor counting = new CountingExecutor(pool);
    SerializingExecutor perCall = SerializingExecutor.forGrpcCall(counting);
    CompletableFuture<SerializingExecutor> claimed = new CompletableFuture<>();
    CountDownLatch handled = new CountDownLatch(100);

    // As grpc-java does: its drain of a burst of events is one task of the per-call executor, and
    // the RPC started by the first one enqueues its own work on the executor it claimed.
    perCall.execute(
        () -> {
          SerializingExecutor context =
              SerializingExecutor.claimOrCreate(counting, RpcScope.capture(List.of()));
          claimed.complete(context);
          for (int i = 0; i < 100; i++) {
            context.execute(handled::countDown);
          }
        });

    assertThat(claimed.get(5, TimeUnit.SECONDS)).isSameAs(perCall);
    assertThat(handled.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(counting.hops.get()).isEqualTo(1);
  }

  @Test
  void claimOrCreate_afterTheFirstTaskOrOnAnotherThread_makesANewContext() throws Exception {
    SerializingExecutor perCall = SerializingExecutor.forGrpcCall(pool);
    RpcScope scope = RpcScope.capture(List.of());
    CompletableFuture<SerializingExecutor> inSecondTask = new CompletableFuture<>();
    CompletableFuture<SerializingExecutor> onOtherThread = new CompletableFuture<>();

    perCall.execute(
        () ->
            pool.execute(
                () -> onOtherThread.complete(SerializingExecutor.claimOrCreate(pool, scope))));
    perCall.execute(() -> inSecondTask.complete(SerializingExecutor.claimOrCreate(pool, scope)));

    assertThat(inSecondTask.get(5, TimeUnit.SECONDS)).isNotSameAs(perCall);
    assertThat(onOtherThread.get(5, TimeUnit.SECONDS)).isNotSameAs(perCall);
    assertThat(SerializingExecutor.claimOrCreate(pool, scope)).isNotSameAs(perCall);
  }

  @Test
  void claimedContext_runsItsTasksInTheRpcScopeFromTheTaskAfterTheClaim() throws Exception {
    io.grpc.Context.Key<String> key = io.grpc.Context.key("rpc");
    io.grpc.Context rpcContext = io.grpc.Context.ROOT.withValue(key, "the RPC's");
    ExecutorService single = Executors.newSingleThreadExecutor();
    SerializingExecutor perCall = SerializingExecutor.forGrpcCall(single);
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch done = new CountDownLatch(1);

    perCall.execute(
        () -> {
          io.grpc.Context previous = rpcContext.attach();
          SerializingExecutor context;
          try {
            context = SerializingExecutor.claimOrCreate(single, RpcScope.capture(List.of()));
          } finally {
            rpcContext.detach(previous);
          }
          seen.add(String.valueOf(key.get())); // the claiming task keeps the thread's context
          context.execute(
              () -> {
                seen.add(key.get());
                done.countDown();
              });
        });

    assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(seen).containsExactly("null", "the RPC's");
    // Nothing of the RPC stays on the pooled thread.
    CompletableFuture<String> after = new CompletableFuture<>();
    single.execute(() -> after.complete(String.valueOf(key.get())));
    try {
      assertThat(after.get(5, TimeUnit.SECONDS)).isEqualTo("null");
    } finally {
      single.shutdownNow();
    }
  }

  /** An executor on the pool whose tasks run in the scope captured in {@code grpcContext}. */
  private SerializingExecutor inScopeOf(io.grpc.Context grpcContext) throws Exception {
    return new SerializingExecutor(pool, grpcContext.call(() -> RpcScope.capture(List.of())));
  }

  @Test
  void runNow_inATaskWithNothingQueued_actsAtOnceInTheScope_notFromOtherThreads() throws Exception {
    io.grpc.Context.Key<String> key = io.grpc.Context.key("rpc");
    io.grpc.Context rpcContext = io.grpc.Context.ROOT.withValue(key, "the RPC's");
    io.grpc.Context grpcTaskContext = io.grpc.Context.ROOT.withValue(key, "grpc-java's task");
    SerializingExecutor context = inScopeOf(rpcContext);
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    CompletableFuture<Boolean> ranAtOnce = new CompletableFuture<>();

    context.execute(
        () -> {
          // As grpc-java's task does: its own context is current around the listener call.
          io.grpc.Context outer = grpcTaskContext.attach();
          try {
            boolean ran =
                context.runNow((list, event) -> list.add(event + ":" + key.get()), seen, "a");
            seen.add("after:" + key.get()); // the task's own context is back
            ranAtOnce.complete(ran);
          } finally {
            grpcTaskContext.detach(outer);
          }
        });

    assertThat(ranAtOnce.get(5, TimeUnit.SECONDS)).isTrue();
    assertThat(seen).containsExactly("a:the RPC's", "after:grpc-java's task");
    assertThat(context.runNow(List::add, seen, "from outside")).isFalse();
    assertThat(seen).doesNotContain("from outside");
  }

  @Test
  void runNow_eventsOfOneTaskShareALook_aTaskInAnotherContextStillGetsTheScopes() throws Exception {
    io.grpc.Context.Key<String> key = io.grpc.Context.key("rpc");
    io.grpc.Context rpcContext = io.grpc.Context.ROOT.withValue(key, "the RPC's");
    io.grpc.Context otherTaskContext = io.grpc.Context.ROOT.withValue(key, "another task's");
    SerializingExecutor context = inScopeOf(rpcContext);
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch ran = new CountDownLatch(2);
    BiConsumer<List<String>, String> record = (list, event) -> list.add(event + ":" + key.get());

    Runnable nextTask =
        () -> {
          // The next task runs in another context: the look of the last task must not count.
          io.grpc.Context outer = otherTaskContext.attach();
          try {
            context.runNow(record, seen, "third");
            seen.add("after:" + key.get());
          } finally {
            otherTaskContext.detach(outer);
          }
          ran.countDown();
        };
    context.execute(
        () -> {
          // A burst of events in grpc-java's task, in the RPC's own context: acted on as they come.
          io.grpc.Context outer = rpcContext.attach();
          try {
            context.runNow(record, seen, "first");
            context.runNow(record, seen, "second");
          } finally {
            rpcContext.detach(outer);
          }
          context.execute(nextTask); // queued only now: a waiting task makes runNow refuse
          ran.countDown();
        });

    assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(seen)
        .containsExactly(
            "first:the RPC's", "second:the RPC's", "third:the RPC's", "after:another task's");
  }

  @Test
  void runNow_withATaskWaiting_refusesSoTheEventQueuesBehindIt() throws Exception {
    SerializingExecutor context = new SerializingExecutor(pool);
    List<String> order = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch done = new CountDownLatch(1);

    context.execute(
        () -> {
          context.execute(() -> order.add("queued first")); // waits behind this task
          if (!context.runNow(List::add, order, "event")) {
            context.execute(() -> order.add("event"));
          }
          context.execute(done::countDown);
        });

    assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(order).containsExactly("queued first", "event");
  }

  @Test
  void runNow_actionThatThrows_isContainedAndTheContextGoesOn() throws Exception {
    SerializingExecutor context = new SerializingExecutor(pool);
    CompletableFuture<String> outcome = new CompletableFuture<>();
    CountDownLatch later = new CountDownLatch(1);

    context.execute(
        () -> {
          try {
            boolean ran =
                context.runNow(
                    (String target, String event) -> {
                      throw new IllegalStateException(target + event);
                    },
                    "bo",
                    "om");
            outcome.complete("ran=" + ran);
          } catch (RuntimeException e) {
            outcome.complete("escaped " + e);
          }
        });

    assertThat(outcome.get(5, TimeUnit.SECONDS)).isEqualTo("ran=true");
    context.execute(later::countDown);
    assertThat(later.await(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void runNow_inTheTaskThatClaimedTheExecutor_refuses_soTheEventRunsInTheRpcScope()
      throws Exception {
    io.grpc.Context.Key<String> key = io.grpc.Context.key("rpc");
    io.grpc.Context rpcContext = io.grpc.Context.ROOT.withValue(key, "the RPC's");
    SerializingExecutor perCall = SerializingExecutor.forGrpcCall(pool);
    CompletableFuture<Boolean> ranAtOnce = new CompletableFuture<>();
    CompletableFuture<String> seen = new CompletableFuture<>();

    perCall.execute(
        () -> {
          io.grpc.Context previous = rpcContext.attach();
          try {
            SerializingExecutor context =
                SerializingExecutor.claimOrCreate(pool, RpcScope.capture(List.of()));
            boolean ran =
                context.runNow((future, event) -> future.complete(key.get()), seen, "start");
            if (!ran) {
              context.execute(() -> seen.complete(key.get()));
            }
            ranAtOnce.complete(ran);
          } finally {
            rpcContext.detach(previous);
          }
        });

    assertThat(ranAtOnce.get(5, TimeUnit.SECONDS)).isFalse();
    assertThat(seen.get(5, TimeUnit.SECONDS)).isEqualTo("the RPC's");
  }
}
