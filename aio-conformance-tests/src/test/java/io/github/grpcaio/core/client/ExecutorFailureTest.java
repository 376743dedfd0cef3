package io.github.grpcaio.core.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.Channel;
import io.github.grpcaio.ChannelOptions;
import io.github.grpcaio.testkit.AioTestServer;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.Transport;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A channel's or server's executor that throws from {@code execute} something other than a
 * rejection (a non-conforming executor's exception, an {@link Error} such as "unable to create
 * native thread"): the work still runs, so the RPC ends, the channel or server stays usable and
 * closes, and the failure is logged rather than swallowed.
 */
@ParameterizedClass
@EnumSource(Transport.class)
class ExecutorFailureTest {

  /** What the executor throws. */
  enum Failure {
    RUNTIME_EXCEPTION(() -> new IllegalStateException("executor failed (thrown by the test)")),
    ERROR(() -> new TestError("executor failed (thrown by the test)"));

    private final Supplier<Throwable> make;

    Failure(Supplier<Throwable> make) {
      this.make = make;
    }
  }

  /** An Error of the test's own, so that nothing else throws it. */
  static final class TestError extends Error {
    TestError(String message) {
      super(message);
    }
  }

  /** Runs tasks on a pool, except for the next {@link #failNext} ones: it throws instead. */
  static final class FailingExecutor implements Executor {
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final AtomicInteger failNext = new AtomicInteger();
    private volatile Failure failure;

    void failNext(int count, Failure failure) {
      this.failure = failure;
      failNext.set(count);
    }

    @Override
    public void execute(Runnable task) {
      if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        Throwable t = failure.make.get();
        if (t instanceof Error e) {
          throw e;
        }
        throw (RuntimeException) t;
      }
      pool.execute(task);
    }
  }

  @Parameter Transport transport;

  private final FailingExecutor clientExecutor = new FailingExecutor();
  private final FailingExecutor serverExecutor = new FailingExecutor();
  private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
  private final Logger libraryLogger = Logger.getLogger("io.github.grpcaio");
  private final Handler handler =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          logged.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  private AioTestServer bed;

  @BeforeEach
  void setUp() {
    libraryLogger.addHandler(handler);
    bed =
        AioTestServer.builder()
            .transport(transport)
            .addService(
                TestService.serving(
                    rpc -> {
                      rpc.reply("re: " + rpc.request());
                      return CompletableFuture.completedFuture(null);
                    }))
            .serverOptions(b -> b.executor(serverExecutor))
            .start();
  }

  @AfterEach
  void tearDown() throws Exception {
    try {
      if (bed != null) {
        bed.close();
      }
    } finally {
      libraryLogger.removeHandler(handler);
      clientExecutor.pool.shutdownNow();
      serverExecutor.pool.shutdownNow();
    }
  }

  private static String unary(Channel channel, String request) {
    return Await.result(
        RpcKind.UNARY_UNARY.call(channel, request).response(), Duration.ofSeconds(5));
  }

  private void assertLogged(Failure failure) {
    Class<?> type = failure == Failure.ERROR ? TestError.class : IllegalStateException.class;
    assertThat(logged)
        .as("a log record with the executor's failure")
        .anySatisfy(
            r -> {
              assertThat(r.getLevel().intValue()).isGreaterThanOrEqualTo(Level.WARNING.intValue());
              assertThat(r.getThrown()).isInstanceOf(type);
            });
  }

  @ParameterizedTest
  @EnumSource(Failure.class)
  void channelExecutorThrows_callStillEndsAndChannelStaysUsable(Failure failure) {
    Channel channel = bed.channel(ChannelOptions.builder().executor(clientExecutor).build());
    assertThat(unary(channel, "warm-up")).isEqualTo("re: warm-up");

    clientExecutor.failNext(3, failure);

    assertThat(unary(channel, "one")).isEqualTo("re: one");
    assertThat(unary(channel, "two")).isEqualTo("re: two");
    assertLogged(failure);
    Await.result(channel.closeAsync(null), Duration.ofSeconds(5));
  }

  @ParameterizedTest
  @EnumSource(Failure.class)
  void serverExecutorThrows_rpcStillEndsAndServerStaysUsable(Failure failure) {
    Channel channel = bed.channel();
    assertThat(unary(channel, "warm-up")).isEqualTo("re: warm-up");

    serverExecutor.failNext(3, failure);

    assertThat(unary(channel, "one")).isEqualTo("re: one");
    assertThat(unary(channel, "two")).isEqualTo("re: two");
    assertLogged(failure);
    Await.result(bed.server().stop(null), Duration.ofSeconds(5));
  }
}
