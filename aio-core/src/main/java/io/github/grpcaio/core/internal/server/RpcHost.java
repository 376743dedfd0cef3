package io.github.grpcaio.core.internal.server;

import io.github.grpcaio.Compression;
import io.github.grpcaio.ContextPropagator;
import io.github.grpcaio.GenericRpcHandler;
import io.github.grpcaio.ServerInterceptor;
import io.github.grpcaio.ServerOptions;
import io.github.grpcaio.core.internal.FallbackExecutor;
import io.github.grpcaio.core.internal.VirtualThreads;
import io.grpc.ServerCall;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * What serves an aio {@link ServerRpc}: the handlers and interceptors it looks the handler up
 * through, the settings it sends with, and the bookkeeping of its concurrency slot and of its end.
 * The aio server is one; a service exported into a grpc-java server is another. Every method may be
 * called from any thread.
 */
interface RpcHost {

  /**
   * Starts a call of a method routed to this host: admits it or refuses it, and hands it to a
   * {@link ServerRpc}. On the thread grpc-java starts calls on.
   *
   * @param route the method's route
   * @param call grpc-java's call
   * @param headers its request headers
   * @return grpc-java's listener of the call
   */
  ServerCall.Listener<InputStream> startCall(
      MethodRoute route, ServerCall<InputStream, InputStream> call, io.grpc.Metadata headers);

  /** The generic handlers, asked in order for the handler of an RPC. */
  List<GenericRpcHandler> handlers();

  /** The server interceptors, in order, around the handler lookup. */
  List<ServerInterceptor> interceptors();

  /** The context propagators of the RPCs: their values are carried to handlers and callbacks. */
  List<ContextPropagator<?>> contextPropagators();

  /** The default compression of responses, null for none. */
  Compression defaultCompression();

  /**
   * Whether responses may be compressed with {@code compression}: the aio server's ports know every
   * {@link Compression}; a grpc-java server has no deflate compressor.
   */
  default boolean canCompressWith(Compression compression) {
    return true;
  }

  /**
   * Where blocking handlers run, one task per RPC, or null: then on the executor of the RPC's
   * context, as asynchronous handlers do.
   */
  Executor blockingExecutor();

  /**
   * The blocking executor {@code options} ask for: the one set, else a new virtual thread per task
   * if asked for and the JVM has them, else null. Wrapped so that a rejected task still runs.
   */
  static Executor blockingExecutorOf(ServerOptions options) {
    Executor chosen =
        options
            .blockingExecutor()
            .or(() -> options.virtualThreads() ? VirtualThreads.executor() : Optional.empty())
            .orElse(null);
    return chosen == null ? null : FallbackExecutor.wrap(chosen);
  }

  /** The largest response message in bytes, -1 for no limit. */
  int maxSendMessageLength();

  /** The largest request message in bytes, as {@code MessageCodec.receiveLimit} gives it. */
  int maxReceiveMessageLength();

  /**
   * Frees the call's place under {@code maximumConcurrentRpcs}. Called exactly once per call, as
   * soon as its outcome is decided and before its status is handed to the transport, so that a
   * client that saw the status and starts another RPC finds the place free.
   */
  void releaseSlot();

  /** Forgets an ended call. Called exactly once per call, after {@link #releaseSlot()}. */
  void release(ServerRpc<?, ?> rpc);
}
