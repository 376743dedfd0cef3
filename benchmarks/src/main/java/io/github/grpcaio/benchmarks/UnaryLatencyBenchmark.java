package io.github.grpcaio.benchmarks;

import io.github.grpcaio.benchmarks.proto.Payload;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/** One unary call at a time (16-byte payload): the latency distribution of a call. */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class UnaryLatencyBenchmark {

  /** aio or raw grpc-java. */
  @Param({"AIO", "RAW"})
  public Api api;

  /** Netty on 127.0.0.1 or in-process. */
  @Param({"NETTY", "IN_PROCESS"})
  public Transport transport;

  private final Payload request = Rig.payload(16);
  private Rig rig;

  /** Starts the server and the channel. */
  @Setup
  public void open() {
    rig = api.open(transport);
  }

  /** Closes them. */
  @TearDown
  public void close() {
    rig.close();
  }

  /**
   * Makes one call and waits for its response.
   *
   * @return the response
   */
  @Benchmark
  public Payload unary() {
    return rig.unary(request).join();
  }
}
