package io.github.grpcaio.benchmarks;

import io.github.grpcaio.benchmarks.proto.Payload;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Streaming messages per second: each invocation is one RPC moving {@value #MESSAGES} payloads of
 * {@code size} bytes, flow-controlled on both ends, so the score is messages per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(StreamingBenchmark.MESSAGES)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class StreamingBenchmark {

  /** Payloads per RPC. */
  public static final int MESSAGES = 1000;

  /** aio or raw grpc-java. */
  @Param({"AIO", "RAW"})
  public Api api;

  /** Netty on 127.0.0.1 or in-process. */
  @Param({"NETTY", "IN_PROCESS"})
  public Transport transport;

  /** Server, client or bidi streaming. */
  @Param({"SERVER", "CLIENT", "BIDI"})
  public StreamKind kind;

  /** Payload body size in bytes. */
  @Param({"16", "1024"})
  public int size;

  private Payload payload;
  private Rig rig;

  /** Starts the server and the channel. */
  @Setup
  public void open() {
    rig = api.open(transport);
    payload = Rig.payload(size);
  }

  /** Closes them. */
  @TearDown
  public void close() {
    rig.close();
  }

  /**
   * Runs one streaming RPC to its end.
   *
   * @return the payloads that arrived
   * @throws IllegalStateException if some did not
   */
  @Benchmark
  public long stream() {
    long arrived = kind.run(rig, payload, MESSAGES).join();
    if (arrived != MESSAGES) {
      throw new IllegalStateException(arrived + " of " + MESSAGES + " payloads arrived");
    }
    return arrived;
  }
}
