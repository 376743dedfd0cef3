package io.github.grpcaio.core.internal.server;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.github.grpcaio.Compression;
import io.github.grpcaio.core.internal.FieldHandles;
import io.github.grpcaio.core.internal.MessageEncodings;
import io.grpc.ServerCall;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;

/**
 * How one server RPC compresses its responses: the server's default or what {@code
 * ServicerContext.setCompression} chose, applied to the grpc-java call when its headers go out, and
 * {@code disableNextMessageCompression}'s one-shot flag, applied to the next response sent.
 *
 * <p>The algorithm is fixed once the headers are claimed (the first {@code write}, {@code
 * sendInitialMetadata} or response): grpc-java sends {@code grpc-encoding} with the headers. As in
 * grpc-java, the algorithm is only used if the client advertised it in {@code
 * grpc-accept-encoding}; otherwise responses go out uncompressed.
 *
 * <p>{@link #set} and {@link #disableNext} may be called from any thread; {@link #applyTo} and
 * {@link #send} run on the RPC's context.
 */
final class ResponseCompression {

  @GuardedBy("this")
  private Compression compression;

  @GuardedBy("this")
  private boolean applied; // true once handed to grpc-java

  private static final VarHandle SKIP_NEXT =
      FieldHandles.of(MethodHandles.lookup(), "skipNext", boolean.class);

  // Set from any thread, taken by send() through SKIP_NEXT. A plain read when not set: nothing
  // atomic per response in the common case.
  private volatile boolean skipNext;

  private final RpcHost host;

  /**
   * Starts with the host's default.
   *
   * @param host what serves the RPC: its default, and the algorithms it can send
   */
  ResponseCompression(RpcHost host) {
    this.host = host;
    this.compression = host.defaultCompression();
  }

  /**
   * Chooses the algorithm of this RPC's responses.
   *
   * @param chosen the algorithm
   * @param headersClaimed whether the headers were already claimed or sent
   * @throws IllegalStateException if they were
   * @throws IllegalArgumentException if the host cannot send it
   */
  synchronized void set(Compression chosen, boolean headersClaimed) {
    Objects.requireNonNull(chosen, "compression");
    if (!host.canCompressWith(chosen)) {
      throw new IllegalArgumentException(
          "Compression "
              + chosen
              + " is not available: the service is served by a grpc-java server, which has no "
              + MessageEncodings.name(chosen)
              + " compressor");
    }
    // Under the lock with applyTo, so a choice is either used or refused, never silently lost.
    if (headersClaimed || applied) {
      throw new IllegalStateException(
          "setCompression(" + chosen + ") must be called before the headers are sent");
    }
    compression = chosen;
  }

  /** Sends the next response uncompressed. */
  void disableNext() {
    skipNext = true;
  }

  /** Tells grpc-java the algorithm; call just before {@code sendHeaders}. */
  void applyTo(ServerCall<?, ?> call) {
    Compression c;
    synchronized (this) {
      applied = true;
      c = compression;
    }
    if (c != null) {
      call.setCompression(MessageEncodings.name(c));
    }
  }

  /** Sends one response, uncompressed if {@link #disableNext} asked for it. */
  void send(ServerCall<?, InputStream> call, InputStream message) {
    if (skipNext && SKIP_NEXT.compareAndSet(this, true, false)) {
      call.setMessageCompression(false);
      call.sendMessage(message);
      call.setMessageCompression(true);
    } else {
      call.sendMessage(message);
    }
  }
}
