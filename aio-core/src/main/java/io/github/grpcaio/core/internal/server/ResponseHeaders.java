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

  private static final VarHandle SENT =
      FieldHandles.of(MethodHandles.lookup(), "sent", CompletableFuture.class);
  private static final VarHandle OUTCOME =
      FieldHandles.of(MethodHandles.lookup(), "outcome", Object.class);
  private static final Object HANDED_OVER = new Object();

  // Completes once the claimed headers were handed to the transport; fails if the RPC was
  // cancelled first. Made by the first whenSent() only (most RPCs never ask), through SENT.
  private volatile CompletableFuture<Void> sent;

  // How it ended, set once through OUTCOME: HANDED_OVER, or the reason they never will be. The
  // future is completed from it by whichever of its maker and the end comes second (each writes
  // its field, then reads the other's).
  private volatile Object outcome;

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
    end(HANDED_OVER);
  }

  /** The RPC ended before the headers were sent: {@link #whenSent} fails. No-op once sent. */
  void fail(Throwable reason) {
    end(reason);
  }

  private void end(Object how) {
    if (OUTCOME.compareAndSet(this, (Object) null, how)) {
      CompletableFuture<Void> future = sent;
      if (future != null) {
        settle(future, how);
      }
    }
  }

  /** A future completing once the headers were sent, or failing once they never will be. */
  CompletableFuture<Void> whenSent() {
    CompletableFuture<Void> future = FieldHandles.getOrMake(SENT, this, CompletableFuture::new);
    Object how = outcome;
    if (how != null) {
      settle(future, how); // the end may have come before the future: a no-op if it saw it
    }
    return future.copy();
  }

  private static void settle(CompletableFuture<Void> future, Object how) {
    if (how == HANDED_OVER) {
      future.complete(null);
    } else {
      future.completeExceptionally((Throwable) how);
    }
  }
}
