package io.github.grpcaio.core.internal.server;

import io.github.grpcaio.Metadata;
import io.github.grpcaio.core.internal.ConfinedTo;
import io.github.grpcaio.core.internal.FieldHandles;
import io.github.grpcaio.core.internal.GrpcMetadata;
import io.grpc.ServerCall;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CompletableFuture;

/**
 * The response headers of one server RPC: claimed once, from any thread (by {@code
 * sendInitialMetadata}, the first {@code write()} or the first response, whichever comes first),
 * and sent once, on the RPC's context, before the first response and the status.
 */
final class ResponseHeaders {

  private static final VarHandle CLAIMED =
      FieldHandles.of(MethodHandles.lookup(), "claimed", Metadata.class);

  // The headers claimed for sending, set once through CLAIMED: null = not yet. Any thread.
  private volatile Metadata claimed;

  // Completes once the claimed headers were handed to the transport; fails if the RPC was
  // cancelled first.
  private final CompletableFuture<Void> sent = new CompletableFuture<>();

  @ConfinedTo("context") // the RPC's context, see ServerRpc
  private boolean handedOver;

  /**
   * Claims the headers for sending, unless they were claimed already. Any thread.
   *
   * @return whether {@code headers} are the ones claimed
   */
  boolean claim(Metadata headers) {
    return CLAIMED.compareAndSet(this, (Metadata) null, headers);
  }

  /** Whether the headers were claimed (and so will be sent, or were). Any thread. */
  boolean isClaimed() {
    return claimed != null;
  }

  /**
   * Sends the headers claimed (empty ones if none were), with the compression chosen, unless they
   * were sent. On the context.
   */
  void sendIfNeeded(ServerCall<?, ?> call, ResponseCompression compression) {
    if (handedOver) {
      return;
    }
    handedOver = true;
    claim(GrpcMetadata.EMPTY); // no-op if claimed
    compression.applyTo(call);
    call.sendHeaders(GrpcMetadata.toGrpc(claimed));
    sent.complete(null);
  }

  /** The RPC ended before the headers were sent: {@link #whenSent} fails. No-op once sent. */
  void fail(Throwable reason) {
    sent.completeExceptionally(reason);
  }

  /** A future completing once the headers were sent, or failing once they never will be. */
  CompletableFuture<Void> whenSent() {
    return sent.copy();
  }
}
