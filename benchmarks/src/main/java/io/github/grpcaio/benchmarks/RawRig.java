package io.github.grpcaio.benchmarks;

import io.github.grpcaio.benchmarks.proto.BenchServiceGrpc;
import io.github.grpcaio.benchmarks.proto.Payload;
import io.github.grpcaio.benchmarks.proto.StreamRequest;
import io.github.grpcaio.benchmarks.proto.StreamSummary;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The raw variant: grpc-java's generated async stub and {@code BenchServiceImplBase}, written as
 * grpc-java's own examples write flow-controlled streams ({@code isReady()} and {@code
 * setOnReadyHandler}; the bidi echo as in {@code ManualFlowControlServer}).
 *
 * <p>Executor policy, the same as aio's defaults: application callbacks (server handlers, client
 * observers) run on a cached pool of daemon threads, configured exactly as aio's default executor
 * ({@code AioRuntime}), which grpc-java serializes per call; transport threads only hand events
 * over. (aio's per-RPC context, a serializing executor on that pool, is grpc-java's executor for
 * each call, so it hops the same way.) Channels have retries on, as aio's have (grpc-java's Netty
 * default; its in-process builder needs {@code enableRetry()}).
 */
public final class RawRig implements Rig {

  private final HopCountingExecutor executor =
      new HopCountingExecutor(cachedDaemonPool("raw-executor-"));
  private final Server server;
  private final ManagedChannel channel;
  private final BenchServiceGrpc.BenchServiceStub stub;

  /**
   * Starts the server on {@code transport} and opens a channel to it.
   *
   * @param transport where to listen
   */
  public RawRig(Transport transport) {
    try {
      if (transport == Transport.NETTY) {
        server =
            NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .executor(executor)
                .addService(new RawService())
                .build()
                .start();
        channel =
            NettyChannelBuilder.forAddress("127.0.0.1", server.getPort())
                .usePlaintext()
                .executor(executor)
                .build();
      } else {
        String name = "raw-bench-" + UUID.randomUUID();
        server =
            InProcessServerBuilder.forName(name)
                .executor(executor)
                .addService(new RawService())
                .build()
                .start();
        // aio turns retries on for in-process channels too (as gRPC has them on everywhere);
        // grpc-java's in-process builder has them off. Same channel, same cost: on here too.
        channel = InProcessChannelBuilder.forName(name).executor(executor).enableRetry().build();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    stub = BenchServiceGrpc.newStub(channel);
  }

  /**
   * A cached pool of daemon threads, as aio's default executor: no queue, a new thread when all are
   * busy, idle threads kept for 60 s.
   */
  static ExecutorService cachedDaemonPool(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return new ThreadPoolExecutor(
        0,
        Integer.MAX_VALUE,
        60,
        TimeUnit.SECONDS,
        new SynchronousQueue<>(),
        r -> {
          Thread t = new Thread(r, prefix + count.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }

  @Override
  public CompletableFuture<Payload> unary(Payload request) {
    CompletableFuture<Payload> response = new CompletableFuture<>();
    stub.unary(
        request,
        new StreamObserver<>() {
          @Override
          public void onNext(Payload value) {
            response.complete(value);
          }

          @Override
          public void onError(Throwable t) {
            response.completeExceptionally(t);
          }

          @Override
          public void onCompleted() {
            if (!response.isDone()) {
              response.completeExceptionally(new IllegalStateException("no response"));
            }
          }
        });
    return response;
  }

  @Override
  public CompletableFuture<Long> serverStream(StreamRequest request) {
    Counter counter = new Counter();
    stub.serverStream(request, counter);
    return counter.count;
  }

  @Override
  public CompletableFuture<Long> clientStream(Payload message, long count) {
    CompletableFuture<Long> result = new CompletableFuture<>();
    stub.clientStream(
        new Sender<StreamSummary>(message, count, false) {
          @Override
          public void onNext(StreamSummary value) {
            result.complete(value.getCount());
          }

          @Override
          public void onError(Throwable t) {
            result.completeExceptionally(t);
          }

          @Override
          public void onCompleted() {
            if (!result.isDone()) {
              result.completeExceptionally(new IllegalStateException("no response"));
            }
          }
        });
    return result;
  }

  @Override
  public CompletableFuture<Long> bidi(Payload message, long count) {
    Counter counter = new Counter();
    stub.bidi(
        new Sender<Payload>(message, count, true) {
          @Override
          public void onNext(Payload value) {
            counter.onNext(value);
          }

          @Override
          public void onError(Throwable t) {
            counter.onError(t);
          }

          @Override
          public void onCompleted() {
            counter.onCompleted();
          }
        });
    return counter.count;
  }

  @Override
  public long hops() {
    return executor.hops();
  }

  @Override
  public void close() {
    try {
      channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
      server.shutdown();
      if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      executor.shutdown();
    }
  }

  /**
   * Counts the payloads of a response stream, asking for all of them at once, as aio's {@link
   * CountingSubscriber} does (grpc-java's default would ask for one more after each). Its methods
   * are serial, on the executor.
   */
  private static final class Counter implements ClientResponseObserver<Object, Payload> {
    final CompletableFuture<Long> count = new CompletableFuture<>();
    private long items;

    @Override
    public void beforeStart(ClientCallStreamObserver<Object> requests) {
      requests.disableAutoRequestWithInitial(Integer.MAX_VALUE);
    }

    @Override
    public void onNext(Payload value) {
      items++;
    }

    @Override
    public void onError(Throwable t) {
      count.completeExceptionally(t);
    }

    @Override
    public void onCompleted() {
      count.complete(items);
    }
  }

  /**
   * Sends {@code message} {@code count} times on a request stream while it is ready, then
   * half-closes. Its callbacks run serially on the executor.
   */
  private abstract static class Sender<Resp> implements ClientResponseObserver<Payload, Resp> {
    private final Payload message;
    private final long count;
    private final boolean streamingResponse;
    private ClientCallStreamObserver<Payload> requests;
    private long sent;

    Sender(Payload message, long count, boolean streamingResponse) {
      this.message = message;
      this.count = count;
      this.streamingResponse = streamingResponse;
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<Payload> requests) {
      this.requests = requests;
      if (streamingResponse) {
        requests.disableAutoRequestWithInitial(Integer.MAX_VALUE); // as Counter
      }
      requests.setOnReadyHandler(this::send);
    }

    private void send() {
      while (sent < count && requests.isReady()) {
        requests.onNext(message);
        sent++;
      }
      if (sent == count) {
        sent++; // half-close once
        requests.onCompleted();
      }
    }
  }

  /** The server side of {@code BenchService}. */
  private static final class RawService extends BenchServiceGrpc.BenchServiceImplBase {
    @Override
    public void unary(Payload request, StreamObserver<Payload> responses) {
      responses.onNext(request);
      responses.onCompleted();
    }

    @Override
    public void serverStream(StreamRequest request, StreamObserver<Payload> observer) {
      ServerCallStreamObserver<Payload> responses = (ServerCallStreamObserver<Payload>) observer;
      Payload payload = Rig.payload(request.getSize());
      Runnable send =
          new Runnable() {
            private long next = 1;

            @Override
            public void run() {
              while (next <= request.getCount() && responses.isReady()) {
                responses.onNext(
                    request.getNumbered() ? payload.toBuilder().setSeq(next).build() : payload);
                next++;
              }
              if (next == request.getCount() + 1) {
                next++; // complete once
                responses.onCompleted();
              }
            }
          };
      responses.setOnCancelHandler(() -> {});
      responses.setOnReadyHandler(send);
      send.run();
    }

    @Override
    public StreamObserver<Payload> clientStream(StreamObserver<StreamSummary> responses) {
      // All requests at once, as aio's CountingSubscriber asks for them.
      ServerCallStreamObserver<StreamSummary> call =
          (ServerCallStreamObserver<StreamSummary>) responses;
      call.disableAutoRequest();
      call.request(Integer.MAX_VALUE);
      return new StreamObserver<>() {
        private long count;

        @Override
        public void onNext(Payload value) {
          count++;
        }

        @Override
        public void onError(Throwable t) {}

        @Override
        public void onCompleted() {
          responses.onNext(StreamSummary.newBuilder().setCount(count).build());
          responses.onCompleted();
        }
      };
    }

    @Override
    public StreamObserver<Payload> bidi(StreamObserver<Payload> observer) {
      // grpc-java's ManualFlowControlServer: one request at a time, only while ready to send.
      ServerCallStreamObserver<Payload> responses = (ServerCallStreamObserver<Payload>) observer;
      responses.disableAutoRequest();
      Echo echo = new Echo(responses);
      responses.setOnReadyHandler(echo::onReady);
      return echo;
    }
  }

  /** The bidi echo; all its methods run serially on the call's executor. */
  private static final class Echo implements StreamObserver<Payload> {
    private final ServerCallStreamObserver<Payload> responses;
    private boolean wasReady;

    Echo(ServerCallStreamObserver<Payload> responses) {
      this.responses = responses;
    }

    void onReady() {
      if (responses.isReady() && !wasReady) {
        wasReady = true;
        responses.request(1);
      }
    }

    @Override
    public void onNext(Payload value) {
      responses.onNext(value);
      if (responses.isReady()) {
        responses.request(1);
      } else {
        wasReady = false; // onReady asks for the next one once the transport drained
      }
    }

    @Override
    public void onError(Throwable t) {}

    @Override
    public void onCompleted() {
      responses.onCompleted();
    }
  }
}
