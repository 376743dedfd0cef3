package io.github.grpcaio.benchmarks;

import io.github.grpcaio.Channel;
import io.github.grpcaio.ChannelOptions;
import io.github.grpcaio.RpcMethodHandler;
import io.github.grpcaio.Server;
import io.github.grpcaio.ServerOptions;
import io.github.grpcaio.ServiceRpcHandler;
import io.github.grpcaio.StreamStreamMultiCallable;
import io.github.grpcaio.StreamUnaryMultiCallable;
import io.github.grpcaio.UnaryStreamCall;
import io.github.grpcaio.UnaryStreamMultiCallable;
import io.github.grpcaio.UnaryUnaryMultiCallable;
import io.github.grpcaio.benchmarks.proto.BenchServiceGrpc;
import io.github.grpcaio.benchmarks.proto.Payload;
import io.github.grpcaio.benchmarks.proto.StreamRequest;
import io.github.grpcaio.benchmarks.proto.StreamSummary;
import io.github.grpcaio.core.GrpcAio;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

/**
 * The aio variant: a {@code GrpcAio} server and channel with default options, so user code runs on
 * aio's default executor (a cached pool of daemon threads), serialized per RPC, and transport
 * threads only hand events over. Method handles come from grpc-java's generated {@code
 * BenchServiceGrpc} descriptors, as aio's generated stubs use them.
 */
public final class AioRig implements Rig {

  private final HopCountingExecutor executor =
      new HopCountingExecutor(RawRig.cachedDaemonPool("grpc-aio-executor-"));
  private final Server server;
  private final Channel channel;
  private final UnaryUnaryMultiCallable<Payload, Payload> unary;
  private final UnaryStreamMultiCallable<StreamRequest, Payload> serverStream;
  private final StreamUnaryMultiCallable<Payload, StreamSummary> clientStream;
  private final StreamStreamMultiCallable<Payload, Payload> bidi;

  /**
   * Starts the server on {@code transport} and opens a channel to it.
   *
   * @param transport where to listen
   */
  public AioRig(Transport transport) {
    this(transport, false);
  }

  /**
   * Starts a server whose {@code Unary} handler is blocking code ({@code
   * RpcMethodHandler.unaryUnaryBlocking}) run on a virtual thread per RPC ({@code
   * ServerOptions.builder().virtualThreads()}; on Java 17 on the server's executor), and opens a
   * channel to it. The other methods are those of {@link #AioRig(Transport)}.
   *
   * @param transport where to listen
   * @return the rig
   */
  public static AioRig blockingOnVirtualThreads(Transport transport) {
    return new AioRig(transport, true);
  }

  private AioRig(Transport transport, boolean blocking) {
    // aio's default executor, but counted: a cached pool of daemon threads (as RawRig's).
    ServerOptions.Builder options = ServerOptions.builder().executor(executor);
    server = GrpcAio.server(blocking ? options.virtualThreads().build() : options.build());
    server.addGenericRpcHandlers(service(blocking));
    String target;
    if (transport == Transport.NETTY) {
      target = "127.0.0.1:" + server.addInsecurePort("127.0.0.1:0");
    } else {
      target = "aio-bench-" + UUID.randomUUID();
      server.addInProcessPort(target);
    }
    server.start().join();
    channel =
        transport == Transport.NETTY
            ? GrpcAio.insecureChannel(target, ChannelOptions.builder().executor(executor).build())
            : GrpcAio.inProcessChannel(target, ChannelOptions.builder().executor(executor).build());
    unary = channel.unaryUnary(BenchServiceGrpc.getUnaryMethod());
    serverStream = channel.unaryStream(BenchServiceGrpc.getServerStreamMethod());
    clientStream = channel.streamUnary(BenchServiceGrpc.getClientStreamMethod());
    bidi = channel.streamStream(BenchServiceGrpc.getBidiMethod());
  }

  /** The server side of {@code BenchService}; {@code Unary} as blocking code if asked for. */
  private static ServiceRpcHandler service(boolean blocking) {
    return ServiceRpcHandler.of(
        BenchServiceGrpc.SERVICE_NAME,
        Map.of(
            "Unary",
            blocking
                ? RpcMethodHandler.unaryUnaryBlocking(
                    BenchServiceGrpc.getUnaryMethod(), (request, context) -> request)
                : RpcMethodHandler.unaryUnary(
                    BenchServiceGrpc.getUnaryMethod(),
                    (request, context) -> CompletableFuture.completedFuture(request)),
            "ServerStream",
            RpcMethodHandler.unaryStream(
                BenchServiceGrpc.getServerStreamMethod(),
                (request, context) -> StreamSource.of(request)),
            "ClientStream",
            RpcMethodHandler.streamUnary(
                BenchServiceGrpc.getClientStreamMethod(),
                (requests, context) -> {
                  CountingSubscriber<Payload> counter = new CountingSubscriber<>();
                  requests.subscribe(counter);
                  return counter
                      .count()
                      .thenApply(n -> StreamSummary.newBuilder().setCount(n).build());
                }),
            "Bidi",
            // The request stream is the response stream: each response is pulled by the
            // transport's readiness and pulls one request in turn.
            RpcMethodHandler.streamStream(
                BenchServiceGrpc.getBidiMethod(), (requests, context) -> requests)));
  }

  /**
   * Returns the channel, for calls the {@link Rig} methods do not make.
   *
   * @return the channel to this rig's server
   */
  public Channel channel() {
    return channel;
  }

  @Override
  public CompletableFuture<Payload> unary(Payload request) {
    return unary.call(request).response();
  }

  @Override
  public CompletableFuture<Long> serverStream(StreamRequest request) {
    UnaryStreamCall<Payload> call = serverStream.call(request);
    return count(call);
  }

  @Override
  public CompletableFuture<Long> clientStream(Payload message, long count) {
    return clientStream
        .call(RepeatingPublisher.of(message, count))
        .response()
        .thenApply(StreamSummary::getCount);
  }

  @Override
  public CompletableFuture<Long> bidi(Payload message, long count) {
    return count(bidi.call(RepeatingPublisher.of(message, count)));
  }

  private static CompletableFuture<Long> count(Flow.Publisher<Payload> responses) {
    CountingSubscriber<Payload> counter = new CountingSubscriber<>();
    responses.subscribe(counter);
    return counter.count();
  }

  @Override
  public long hops() {
    return executor.hops();
  }

  @Override
  public void close() {
    try {
      channel.close();
      server.stop(Duration.ofSeconds(5)).orTimeout(10, TimeUnit.SECONDS).join();
    } finally {
      executor.shutdown();
    }
  }
}
