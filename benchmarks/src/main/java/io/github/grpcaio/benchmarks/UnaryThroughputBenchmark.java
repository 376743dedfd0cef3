package io.github.grpcaio.benchmarks;

import io.github.grpcaio.benchmarks.proto.Payload;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Unary calls (16-byte payload) with {@code inFlight} outstanding: each operation waits for a free
 * slot and starts a call, which frees its slot when it completes, so the score is completed calls
 * per second with at most {@code inFlight} in flight.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class UnaryThroughputBenchmark {

  /** aio or raw grpc-java. */
  @Param({"AIO", "RAW"})
  public Api api;

  /** Netty on 127.0.0.1 or in-process. */
  @Param({"NETTY", "IN_PROCESS"})
  public Transport transport;

  /** How many calls may be outstanding. */
  @Param({"1", "16", "64"})
  public int inFlight;

  private final Payload request = Rig.payload(16);
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private Rig rig;
  private Semaphore slots;

  /** Starts the server and the channel. */
  @Setup
  public void open() {
    rig = api.open(transport);
    slots = new Semaphore(inFlight);
  }

  /**
   * Waits until the calls of the iteration have completed, and fails on any failed call.
   *
   * @throws Exception if a call failed or calls did not complete within 30 s
   */
  @TearDown(Level.Iteration)
  public void drain() throws Exception {
    if (!slots.tryAcquire(inFlight, 30, TimeUnit.SECONDS)) {
      throw new TimeoutException("calls did not complete within 30 s");
    }
    slots.release(inFlight);
    Throwable t = failure.get();
    if (t != null) {
      throw new IllegalStateException("a call failed", t);
    }
  }

  /** Closes the server and the channel. */
  @TearDown
  public void close() {
    rig.close();
  }

  /**
   * Starts a call once a slot is free.
   *
   * @throws InterruptedException if interrupted while waiting for a slot
   */
  @Benchmark
  public void unary() throws InterruptedException {
    slots.acquire();
    rig.unary(request)
        .whenComplete(
            (response, error) -> {
              if (error != null) {
                failure.compareAndSet(null, error);
              }
              slots.release();
            });
  }
}
