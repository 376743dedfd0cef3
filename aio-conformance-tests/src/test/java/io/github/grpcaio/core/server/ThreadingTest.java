package io.github.grpcaio.core.server;

import static io.github.grpcaio.testkit.Utf8.DESERIALIZER;
import static io.github.grpcaio.testkit.Utf8.SERIALIZER;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.Call;
import io.github.grpcaio.ChannelOptions;
import io.github.grpcaio.RpcMethodHandler;
import io.github.grpcaio.ServicerContext;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.testkit.AioTestServer;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.TestPublisher;
import io.github.grpcaio.testkit.Transport;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Where user code runs: handlers, done callbacks, subscribers, publishers' subscriptions and the
 * dependents of the library's futures run on the configured executor (the shared default, or the
 * one in the options), never on a Netty event loop, on both sides.
 */
@ParameterizedClass
@EnumSource(Transport.class)
class ThreadingTest {

  /** The shared default executor's threads, see AioRuntime. */
  private static final String DEFAULT_PREFIX = "grpc-aio-executor-";

  private final Transport transport;
  private AioTestServer harness;
  private ExecutorService serverPool;
  private ExecutorService clientPool;

  /** Where each piece of user code ran, by label. */
  private final Map<String, Thread> ranOn = new ConcurrentHashMap<>();

  /** Lets the handler go on once the client attached every callback. */
  private final CompletableFuture<Void> gate = new CompletableFuture<>();

  ThreadingTest(Transport transport) {
    this.transport = transport;
  }

  @AfterEach
  void tearDown() throws Exception {
    try {
      if (harness != null) {
        harness.close();
      }
    } finally {
      for (ExecutorService pool : new ExecutorService[] {serverPool, clientPool}) {
        if (pool != null) {
          pool.shutdownNow();
          assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
      }
    }
  }

  private void record(String label) {
    ranOn.putIfAbsent(label, Thread.currentThread());
  }

  private static ExecutorService namedPool(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return Executors.newCachedThreadPool(
        r -> {
          Thread t = new Thread(r, prefix + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void userCode_defaultExecutors_runsOnLibraryThreadsNeverOnEventLoops(Kind kind) {
    harness = transport.start(service(kind));

    runRpc(kind);

    assertRanOn(DEFAULT_PREFIX, DEFAULT_PREFIX);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void userCode_userExecutors_runsOnTheirThreads(Kind kind) {
    serverPool = namedPool("custom-server-");
    clientPool = namedPool("custom-client-");
    harness =
        AioTestServer.builder()
            .transport(transport)
            .serverOptions(o -> o.executor(serverPool))
            .channelOptions(ChannelOptions.builder().executor(clientPool).build())
            .addService(service(kind))
            .start();

    runRpc(kind);

    assertRanOn("custom-server-", "custom-client-");
  }

  private void assertRanOn(String serverPrefix, String clientPrefix) {
    assertThat(ranOn).isNotEmpty();
    ranOn.forEach(
        (label, thread) -> {
          assertThat(thread)
              .as("%s ran on %s", label, thread.getName())
              .isNotInstanceOf(FastThreadLocalThread.class);
          assertThat(thread.getName())
              .as(label)
              .doesNotContain("ELG")
              .doesNotContain("worker")
              .startsWith(label.startsWith("server") ? serverPrefix : clientPrefix);
        });
  }

  // ---- server ----

  private io.github.grpcaio.GenericRpcHandler service(Kind kind) {
    RpcMethodHandler<String, String> handler =
        switch (kind) {
          case UNARY_UNARY ->
              RpcMethodHandler.unaryUnary(
                  (req, ctx) -> {
                    enter(ctx);
                    return CompletableFuture.completedFuture("ok");
                  },
                  DESERIALIZER,
                  SERIALIZER);
          case UNARY_STREAM ->
              RpcMethodHandler.unaryStream(
                  (req, ctx) -> {
                    enter(ctx);
                    Flow.Publisher<String> items = TestPublisher.of(List.of("a", "b"));
                    return subscriber ->
                        items.subscribe(
                            new Forwarding<>(subscriber) {
                              @Override
                              public void onSubscribe(Flow.Subscription s) {
                                super.onSubscribe(
                                    new Flow.Subscription() {
                                      @Override
                                      public void request(long n) {
                                        record("server response publisher request()");
                                        s.request(n);
                                      }

                                      @Override
                                      public void cancel() {
                                        s.cancel();
                                      }
                                    });
                              }
                            });
                  },
                  DESERIALIZER,
                  SERIALIZER);
          case STREAM_UNARY ->
              RpcMethodHandler.streamUnary(
                  (reqs, ctx) -> {
                    enter(ctx);
                    return recordingSignals(reqs, "server request").thenApply(v -> "ok");
                  },
                  DESERIALIZER,
                  SERIALIZER);
          case STREAM_STREAM ->
              RpcMethodHandler.streamStreamWriter(
                  (reqs, ctx) -> {
                    enter(ctx);
                    return ctx.read()
                        .thenCompose(
                            m -> {
                              record("server read() dependent");
                              return ctx.write("echo");
                            })
                        .thenRun(() -> record("server write() dependent"));
                  },
                  DESERIALIZER,
                  SERIALIZER);
        };
    return Kind.serviceOf(Map.of(kind.methodName, handler));
  }

  private void enter(ServicerContext<String, String> ctx) {
    record("server handler");
    ctx.addDoneCallback(c -> record("server done callback"));
    Await.result(gate); // blocks this handler only; the RPC goes on meanwhile
  }

  // ---- client ----

  private void runRpc(Kind kind) {
    CompletableFuture<?> finished;
    Call call;
    switch (kind) {
      case UNARY_UNARY -> {
        var c = harness.channel().unaryUnary(kind.method(), SERIALIZER, DESERIALIZER).call("r");
        finished = c.response().thenRun(() -> record("client response() dependent"));
        call = c;
      }
      case UNARY_STREAM -> {
        var c = harness.channel().unaryStream(kind.method(), SERIALIZER, DESERIALIZER).call("r");
        finished = recordingSignals(c, "client");
        call = c;
      }
      case STREAM_UNARY -> {
        var c = harness.channel().streamUnary(kind.method(), SERIALIZER, DESERIALIZER).call();
        recordWriteDependent(c.write("w"));
        c.doneWriting();
        finished = c.response().thenRun(() -> record("client response() dependent"));
        call = c;
      }
      case STREAM_STREAM -> {
        var c = harness.channel().streamStream(kind.method(), SERIALIZER, DESERIALIZER).call();
        recordWriteDependent(c.write("w"));
        c.doneWriting();
        finished =
            c.read()
                .thenAccept(
                    m -> {
                      assertThat(m).contains("echo");
                      record("client read() dependent");
                    });
        call = c;
      }
      default -> throw new AssertionError(kind);
    }
    CompletableFuture<Void> doneCallback = new CompletableFuture<>();
    call.addDoneCallback(
        c -> {
          record("client done callback");
          doneCallback.complete(null);
        });
    CompletableFuture<?> code = call.code().thenAccept(c -> record("client code() dependent"));
    CompletableFuture<?> headers =
        call.initialMetadata().thenAccept(m -> record("client initialMetadata() dependent"));

    gate.complete(null);

    Await.result(finished);
    Await.result(doneCallback);
    Await.result(code);
    Await.result(headers);
    assertThat(Await.result(call.code())).isEqualTo(StatusCode.OK);
    Await.until("the server's done callback ran", () -> ranOn.containsKey("server done callback"));
    assertThat(ranOn)
        .containsKeys(
            "server handler",
            "server done callback",
            "client done callback",
            "client code() dependent",
            "client initialMetadata() dependent");
    assertThat(ranOn)
        .containsKeys(
            switch (kind) {
              case UNARY_UNARY -> new String[] {"client response() dependent"};
              case UNARY_STREAM ->
                  new String[] {
                    "server response publisher request()",
                    "client onSubscribe",
                    "client onNext",
                    "client onComplete"
                  };
              case STREAM_UNARY ->
                  new String[] {
                    "server request onSubscribe",
                    "server request onNext",
                    "server request onComplete",
                    "client response() dependent"
                  };
              case STREAM_STREAM ->
                  new String[] {
                    "server read() dependent", "server write() dependent", "client read() dependent"
                  };
            });
  }

  /**
   * A write may be sent before its dependent is attached (the server need not wait for it); then
   * the dependent rightly runs on the attaching thread, and there is nothing to check.
   */
  private void recordWriteDependent(CompletableFuture<Void> write) {
    Thread attaching = Thread.currentThread();
    write.thenRun(
        () -> {
          if (Thread.currentThread() != attaching) {
            record("client write() dependent");
          }
        });
  }

  /**
   * Subscribes to {@code stream} with unbounded demand, recording each signal as {@code "<side>
   * onSubscribe"} and so on; completes when the stream does.
   */
  private CompletableFuture<Void> recordingSignals(Flow.Publisher<String> stream, String side) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    stream.subscribe(
        new Flow.Subscriber<String>() {
          @Override
          public void onSubscribe(Flow.Subscription s) {
            record(side + " onSubscribe");
            s.request(Long.MAX_VALUE);
          }

          @Override
          public void onNext(String item) {
            record(side + " onNext");
          }

          @Override
          public void onError(Throwable t) {
            done.completeExceptionally(t);
          }

          @Override
          public void onComplete() {
            record(side + " onComplete");
            done.complete(null);
          }
        });
    return done;
  }

  /** A subscriber that forwards every signal. */
  private static class Forwarding<T> implements Flow.Subscriber<T> {
    private final Flow.Subscriber<? super T> delegate;

    Forwarding(Flow.Subscriber<? super T> delegate) {
      this.delegate = delegate;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      delegate.onSubscribe(s);
    }

    @Override
    public void onNext(T item) {
      delegate.onNext(item);
    }

    @Override
    public void onError(Throwable t) {
      delegate.onError(t);
    }

    @Override
    public void onComplete() {
      delegate.onComplete();
    }
  }
}
