package io.github.grpcaio.benchmarks;

import io.github.grpcaio.benchmarks.proto.BenchServiceGrpc;
import io.github.grpcaio.benchmarks.proto.Payload;
import io.github.grpcaio.benchmarks.proto.StreamRequest;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Bounded memory under a slow consumer: an aio server streams {@code --messages} (default 10 000
 * 000) numbered 16-byte payloads over Netty on 127.0.0.1 to an aio client whose subscriber requests
 * one message at a time and is slow (it pauses 1 ms every 1000 messages, and so falls behind the
 * server). Every second the heap is collected and measured; the peak growth over the heap before
 * the stream started is printed.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.github.grpcaio.benchmarks.SlowSubscriberMemoryCheck
 *     [--messages N]
 * </pre>
 *
 * <p>Exits with 1 if a message was lost, duplicated or reordered, the stream did not end with
 * {@code OK}, or the heap grew by {@value #LIMIT_MIB} MiB or more.
 */
public final class SlowSubscriberMemoryCheck {

  /** The heap growth that fails the check, in MiB. */
  static final int LIMIT_MIB = 64;

  private SlowSubscriberMemoryCheck() {}

  /**
   * Runs the check.
   *
   * @param args {@code --messages N} to stream another number of messages
   * @throws Exception if the check itself fails
   */
  public static void main(String[] args) throws Exception {
    long messages = 10_000_000;
    if (args.length == 2 && args[0].equals("--messages")) {
      messages = Long.parseLong(args[1]);
    } else if (args.length != 0) {
      System.err.println("Usage: SlowSubscriberMemoryCheck [--messages N]");
      System.exit(2);
    }
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    AtomicLong peakGrowth = new AtomicLong();
    boolean passed;
    try (AioRig rig = new AioRig(Transport.NETTY)) {
      long baseline = collectedHeap(memory);
      ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
      SlowSubscriber subscriber = new SlowSubscriber(messages);
      long start = System.nanoTime();
      sampler.scheduleAtFixedRate(
          () -> {
            long growth = collectedHeap(memory) - baseline;
            peakGrowth.accumulateAndGet(growth, Math::max);
            long n = subscriber.received.get();
            System.out.printf(
                "%6.1f s: %,d received, heap %+.1f MiB%n",
                (System.nanoTime() - start) / 1e9, n, growth / 1048576.0);
          },
          1,
          1,
          TimeUnit.SECONDS);
      rig.channel()
          .unaryStream(BenchServiceGrpc.getServerStreamMethod())
          .call(StreamRequest.newBuilder().setCount(messages).setSize(16).setNumbered(true).build())
          .subscribe(subscriber);
      String outcome;
      try {
        subscriber.done.get(30, TimeUnit.MINUTES);
        outcome = "completed";
      } catch (Exception e) {
        outcome = "failed: " + e;
      }
      sampler.shutdownNow();
      sampler.awaitTermination(10, TimeUnit.SECONDS);
      long growth = collectedHeap(memory) - baseline;
      peakGrowth.accumulateAndGet(growth, Math::max);
      double seconds = (System.nanoTime() - start) / 1e9;
      long received = subscriber.received.get();
      double peakMib = peakGrowth.get() / 1048576.0;
      System.out.printf(
          "stream %s after %.1f s: %,d of %,d messages received in order (%,.0f msgs/s);"
              + " peak heap growth %.1f MiB (limit %d MiB)%n",
          outcome, seconds, received, messages, received / seconds, peakMib, LIMIT_MIB);
      passed =
          outcome.equals("completed")
              && received == messages
              && subscriber.error == null
              && peakMib < LIMIT_MIB;
      if (subscriber.error != null) {
        System.out.println("error: " + subscriber.error);
      }
    }
    System.out.println(passed ? "PASS" : "FAIL");
    System.exit(passed ? 0 : 1);
  }

  /** The heap in use after a full collection, in bytes. */
  private static long collectedHeap(MemoryMXBean memory) {
    System.gc();
    return memory.getHeapMemoryUsage().getUsed();
  }

  /**
   * Requests one message at a time, checks each is the next in sequence, and pauses 1 ms every 1000
   * messages. Its signals come serially from the RPC's context.
   */
  private static final class SlowSubscriber implements Flow.Subscriber<Payload> {
    final AtomicLong received = new AtomicLong(); // read by the sampler
    final CompletableFuture<Void> done = new CompletableFuture<>();
    private final long expected;
    private Flow.Subscription subscription;
    volatile String error; // read by main after done

    SlowSubscriber(long expected) {
      this.expected = expected;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      s.request(1);
    }

    @Override
    public void onNext(Payload item) {
      long n = received.incrementAndGet();
      if (item.getSeq() != n) {
        error = "message " + n + " carried seq " + item.getSeq();
        subscription.cancel();
        done.completeExceptionally(new IllegalStateException(error));
        return;
      }
      if (n % 1000 == 0) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1)); // the slow part
      }
      subscription.request(1);
    }

    @Override
    public void onError(Throwable t) {
      error = String.valueOf(t);
      done.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
      if (received.get() != expected) {
        error = "completed after " + received.get() + " of " + expected;
      }
      done.complete(null);
    }
  }
}
