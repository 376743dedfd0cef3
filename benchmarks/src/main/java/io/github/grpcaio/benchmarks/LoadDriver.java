package io.github.grpcaio.benchmarks;

import io.github.grpcaio.benchmarks.proto.Payload;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * A closed-loop load driver: for each scenario it runs aio and raw grpc-java in this process for
 * the same time, alternating in short rounds (the order flips every round, so that drift in the
 * machine's load hits both alike), and prints throughput, latency percentiles (p50, p90, p99,
 * p99.9), bytes allocated per operation and the aio/raw ratio of each.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.github.grpcaio.benchmarks.LoadDriver [--quick]
 *     [--transport NETTY|IN_PROCESS|ALL] [--rounds N] [--seconds S] [--warmup S]
 *     [--scenario NAME[,NAME...]]
 * </pre>
 *
 * <p>{@code --quick} (under a minute): Netty only, 2 rounds of 1 s per API after 0.5 s of warm-up.
 * Default: both transports, 5 rounds of 2 s after 3 s of warm-up. Exits with 1 if any call failed.
 *
 * <p>{@code --blocking} compares, instead of aio and raw, two aio servers on the {@code unary-64}
 * scenario: {@code vt}, whose {@code Unary} handler is blocking code ({@code
 * RpcMethodHandler.unaryUnaryBlocking}) on a virtual thread per RPC ({@code
 * ServerOptions.builder().virtualThreads()}), and {@code async}, the asynchronous handler of the
 * other scenarios; the ratio row is {@code vt/async}. Run it on Java 21+ (on 17 the blocking
 * handler runs on the server's executor, and the driver says so).
 */
public final class LoadDriver {

  /** Payloads per streaming RPC. */
  static final int STREAM_MESSAGES = 1000;

  /** One workload: what an operation is, how many run at once, how many messages each moves. */
  record Scenario(
      String name, int inFlight, long messages, Function<Rig, CompletableFuture<?>> op) {
    static List<Scenario> all() {
      List<Scenario> all = new ArrayList<>();
      Payload small = Rig.payload(16);
      for (int inFlight : new int[] {1, 16, 64}) {
        all.add(new Scenario("unary-" + inFlight, inFlight, 1, rig -> rig.unary(small)));
      }
      for (StreamKind kind : StreamKind.values()) {
        for (int size : new int[] {16, 1024}) {
          Payload payload = Rig.payload(size);
          String name = kind.name().toLowerCase(Locale.ROOT) + "-" + (size == 16 ? "16B" : "1KiB");
          all.add(
              new Scenario(
                  name,
                  1,
                  STREAM_MESSAGES,
                  rig ->
                      kind.run(rig, payload, STREAM_MESSAGES)
                          .thenAccept(
                              n -> {
                                if (n != STREAM_MESSAGES) {
                                  throw new IllegalStateException(
                                      n + " of " + STREAM_MESSAGES + " payloads arrived");
                                }
                              })));
        }
      }
      return all;
    }
  }

  /** What runs of one API in one scenario added up to. */
  static final class Totals {
    final Histogram latencyNanos = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
    long operations;
    long nanos;
    long allocatedBytes;
    long cpuNanos;
    long hops;
    final List<Double> roundThroughputs = new ArrayList<>();

    double messagesPerSecond(long messagesPerOp) {
      return operations * messagesPerOp / (nanos / 1e9);
    }

    double bytesPerOperation() {
      return operations == 0 ? 0 : (double) allocatedBytes / operations;
    }

    double cpuMicrosPerOperation() {
      return operations == 0 ? 0 : cpuNanos / 1000.0 / operations;
    }

    double hopsPerMessage(long messagesPerOp) {
      return operations == 0 ? 0 : (double) hops / operations / messagesPerOp;
    }

    double micros(double percentile) {
      return latencyNanos.getValueAtPercentile(percentile) / 1000.0;
    }
  }

  /** One side of a comparison: its label in the table and the rig it drives. */
  record Contender(String label, Rig rig) {}

  private final AtomicReference<Throwable> failure = new AtomicReference<>();

  private LoadDriver() {}

  /**
   * Runs the driver.
   *
   * @param args see the class description
   * @throws Exception if the driver itself fails
   */
  public static void main(String[] args) throws Exception {
    boolean quick = false;
    int rounds = 5;
    double seconds = 2;
    double warmup = 3;
    List<Transport> transports = List.of(Transport.NETTY, Transport.IN_PROCESS);
    List<String> only = null;
    boolean blocking = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> {
          quick = true;
          rounds = 2;
          seconds = 1;
          warmup = 0.5;
          transports = List.of(Transport.NETTY);
        }
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--seconds" -> seconds = Double.parseDouble(args[++i]);
        case "--warmup" -> warmup = Double.parseDouble(args[++i]);
        case "--transport" -> {
          String t = args[++i];
          transports =
              t.equals("ALL")
                  ? List.of(Transport.NETTY, Transport.IN_PROCESS)
                  : List.of(Transport.valueOf(t));
        }
        case "--scenario" -> only = List.of(args[++i].split(","));
        case "--blocking" -> {
          blocking = true;
          only = List.of("unary-64");
        }
        default -> {
          System.err.println("Unknown argument " + args[i] + "; see the LoadDriver javadoc");
          System.exit(2);
        }
      }
    }
    System.out.printf(
        "LoadDriver%s: %d rounds of %.1f s per API after %.1f s warm-up; %d CPUs; %s%n",
        quick ? " --quick" : "",
        rounds,
        seconds,
        warmup,
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    if (blocking && io.github.grpcaio.core.GrpcAio.virtualThreadExecutor().isEmpty()) {
      System.out.println(
          "No virtual threads in this JVM: the blocking handler runs on the server's executor");
    }
    LoadDriver driver = new LoadDriver();
    for (Transport transport : transports) {
      try (Rig first =
              blocking ? AioRig.blockingOnVirtualThreads(transport) : Api.AIO.open(transport);
          Rig second = blocking ? Api.AIO.open(transport) : Api.RAW.open(transport)) {
        Contender a = new Contender(blocking ? "vt" : "aio", first);
        Contender b = new Contender(blocking ? "async" : "raw", second);
        printHeader(transport, a, b);
        for (Scenario scenario : Scenario.all()) {
          if (only != null && !only.contains(scenario.name())) {
            continue;
          }
          driver.run(scenario, a, b, rounds, seconds, warmup);
        }
      }
    }
    Throwable t = driver.failure.get();
    if (t != null) {
      System.out.println("FAILED: a call failed: " + t);
      t.printStackTrace(System.out);
      System.exit(1);
    }
  }

  private void run(
      Scenario scenario, Contender a, Contender b, int rounds, double seconds, double warmup)
      throws InterruptedException {
    Duration warm = Duration.ofNanos((long) (warmup * 1e9));
    Duration round = Duration.ofNanos((long) (seconds * 1e9));
    Map<Contender, Totals> totals = new HashMap<>();
    for (Contender c : List.of(a, b)) {
      totals.put(c, new Totals());
      loop(scenario, c.rig(), warm, new Totals()); // warm-up, discarded
    }
    for (int r = 0; r < rounds; r++) {
      List<Contender> order = r % 2 == 0 ? List.of(a, b) : List.of(b, a);
      for (Contender c : order) {
        Totals t = new Totals();
        loop(scenario, c.rig(), round, t);
        Totals sum = totals.get(c);
        sum.latencyNanos.add(t.latencyNanos);
        sum.operations += t.operations;
        sum.nanos += t.nanos;
        sum.allocatedBytes += t.allocatedBytes;
        sum.cpuNanos += t.cpuNanos;
        sum.hops += t.hops;
        sum.roundThroughputs.add(t.messagesPerSecond(scenario.messages()));
      }
    }
    print(scenario, a.label(), totals.get(a), b.label(), totals.get(b));
  }

  /**
   * Keeps {@code inFlight} operations running for {@code duration}: each completion starts the
   * next. Operations that complete after the time is up are waited for but not counted.
   */
  private void loop(Scenario scenario, Rig rig, Duration duration, Totals into)
      throws InterruptedException {
    ConcurrentHistogram latencies = new ConcurrentHistogram(TimeUnit.SECONDS.toNanos(60), 3);
    AtomicLong operations = new AtomicLong();
    CountDownLatch stopped = new CountDownLatch(scenario.inFlight());
    Map<Long, Long> allocatedBefore = allocatedBytes();
    long cpuBefore = cpuNanos();
    long hopsBefore = rig.hops();
    long start = System.nanoTime();
    long end = start + duration.toNanos();
    for (int i = 0; i < scenario.inFlight(); i++) {
      new Worker(scenario, rig, end, latencies, operations, stopped).next();
    }
    if (!stopped.await(duration.toMillis() + 30_000, TimeUnit.MILLISECONDS)) {
      failure.compareAndSet(null, new IllegalStateException(scenario.name() + ": calls hung"));
    }
    into.allocatedBytes = allocatedSince(allocatedBefore);
    into.cpuNanos = cpuNanos() - cpuBefore;
    into.hops = rig.hops() - hopsBefore;
    into.nanos = System.nanoTime() - start;
    into.operations = operations.get();
    into.latencyNanos.add(latencies);
  }

  /** One closed loop: an operation at a time, the next started by the previous one's end. */
  private final class Worker {
    private final Scenario scenario;
    private final Rig rig;
    private final long end;
    private final ConcurrentHistogram latencies;
    private final AtomicLong operations;
    private final CountDownLatch stopped;

    Worker(
        Scenario scenario,
        Rig rig,
        long end,
        ConcurrentHistogram latencies,
        AtomicLong operations,
        CountDownLatch stopped) {
      this.scenario = scenario;
      this.rig = rig;
      this.end = end;
      this.latencies = latencies;
      this.operations = operations;
      this.stopped = stopped;
    }

    void next() {
      long started = System.nanoTime();
      scenario
          .op()
          .apply(rig)
          .whenComplete(
              (ignored, error) -> {
                long now = System.nanoTime();
                if (error != null) {
                  failure.compareAndSet(null, error);
                  stopped.countDown();
                  return;
                }
                if (now > end) {
                  stopped.countDown();
                  return;
                }
                latencies.recordValue(now - started);
                operations.incrementAndGet();
                next();
              });
    }
  }

  /**
   * Bytes allocated so far by each live thread, by thread id (both ends of the RPCs run in this
   * JVM). Per thread, so that a pool thread that ends meanwhile takes only its own bytes along.
   */
  private static Map<Long, Long> allocatedBytes() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long[] ids = threads.getAllThreadIds();
    long[] bytes = threads.getThreadAllocatedBytes(ids);
    Map<Long, Long> byThread = new HashMap<>();
    for (int i = 0; i < ids.length; i++) {
      if (bytes[i] >= 0) {
        byThread.put(ids[i], bytes[i]);
      }
    }
    return byThread;
  }

  /** The bytes allocated between two {@link #allocatedBytes()} snapshots, by surviving threads. */
  private static long allocatedSince(Map<Long, Long> before) {
    long sum = 0;
    for (Map.Entry<Long, Long> e : allocatedBytes().entrySet()) {
      sum += e.getValue() - before.getOrDefault(e.getKey(), 0L);
    }
    return sum;
  }

  /**
   * CPU time this process has used (both ends of the RPCs, the transport, GC and JIT): unlike
   * throughput, CPU per operation hardly changes when other processes compete for the cores.
   */
  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static void printHeader(Transport transport, Contender a, Contender b) {
    System.out.printf("%n== %s ==%n", transport);
    System.out.printf(
        "%-12s %-8s %12s %9s %9s %9s %9s %10s %10s %8s  %s%n",
        "scenario",
        "api",
        "msgs/s",
        "p50 us",
        "p90 us",
        "p99 us",
        "p99.9 us",
        "B/op",
        "CPU us/op",
        "hops/msg",
        "per-round msgs/s (" + a.label() + "/" + b.label() + ": median of the rounds' ratios)");
  }

  private static void print(Scenario s, String aioLabel, Totals aio, String rawLabel, Totals raw) {
    for (Map.Entry<String, Totals> e :
        List.of(Map.entry(aioLabel, aio), Map.entry(rawLabel, raw))) {
      Totals t = e.getValue();
      System.out.printf(
          "%-12s %-8s %12.0f %9.1f %9.1f %9.1f %9.1f %10.0f %10.2f %8.3f  %s%n",
          s.name(),
          e.getKey(),
          t.messagesPerSecond(s.messages()),
          t.micros(50),
          t.micros(90),
          t.micros(99),
          t.micros(99.9),
          t.bytesPerOperation(),
          t.cpuMicrosPerOperation(),
          t.hopsPerMessage(s.messages()),
          t.roundThroughputs.stream().map(v -> String.format("%.0f", v)).toList());
    }
    System.out.printf(
        "%-12s %-8s %12.3f %9.3f %9.3f %9.3f %9.3f %10.3f %10.3f %8.3f  %.3f%n",
        s.name(),
        aioLabel + "/" + rawLabel,
        aio.messagesPerSecond(s.messages()) / raw.messagesPerSecond(s.messages()),
        aio.micros(50) / raw.micros(50),
        aio.micros(90) / raw.micros(90),
        aio.micros(99) / raw.micros(99),
        aio.micros(99.9) / raw.micros(99.9),
        aio.bytesPerOperation() / raw.bytesPerOperation(),
        aio.cpuMicrosPerOperation() / raw.cpuMicrosPerOperation(),
        aio.hopsPerMessage(s.messages()) / raw.hopsPerMessage(s.messages()),
        medianRoundRatio(aio, raw));
  }

  /**
   * The median of each round's aio/raw throughput ratio: the two ran back to back in the round, so
   * this resists load that drifts from round to round better than the ratio of the totals.
   */
  static double medianRoundRatio(Totals aio, Totals raw) {
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i < aio.roundThroughputs.size(); i++) {
      ratios.add(aio.roundThroughputs.get(i) / raw.roundThroughputs.get(i));
    }
    ratios.sort(null);
    int n = ratios.size();
    return n % 2 == 1 ? ratios.get(n / 2) : (ratios.get(n / 2 - 1) + ratios.get(n / 2)) / 2;
  }
}
