package io.github.grpcaio.core.internal.server;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.github.grpcaio.Compression;
import io.github.grpcaio.core.internal.ConfinedTo;
import io.github.grpcaio.core.internal.MessageCodec;
import io.github.grpcaio.core.internal.MessageEncodings;
import io.github.grpcaio.core.internal.RpcScope;
import io.github.grpcaio.core.internal.stream.SerializingExecutor;
import io.grpc.Attributes;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.SecurityLevel;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.Status;
import io.grpc.StatusException;
import java.io.InputStream;
import java.util.concurrent.Executor;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One call of a hosted grpc-java service: the {@link ServerCall} its handler sees, kept to the aio
 * server's promises. The transport's call carries bytes ({@link MessageCodec#PASSTHROUGH}); this
 * call (de)serializes with the service's marshallers under the server's message limits, with the
 * same statuses as aio RPCs. The service's {@code startCall} and every event of its listener run on
 * the server's executor, one at a time, in the call's {@code io.grpc.Context}: never on a transport
 * thread.
 *
 * <p>grpc-java's {@code ServerCall} is not thread-safe, and {@code stop()} may end the call while
 * the service sends: every use of the transport's call is under this object's lock (user code, the
 * marshallers included, never is). Its life is one {@link Phase}: {@code OPEN}, then {@code CLOSED}
 * when the service closes it, or {@code ENDED} when the library ends it (a stop, a message over a
 * limit, a failing marshaller or listener); after {@code ENDED} the service's calls are ignored and
 * its listener hears {@code onCancel}, as grpc-stub needs to stop a streaming service.
 *
 * @param <Req> the service's request type
 * @param <Resp> the service's response type
 */
final class HostedCall<Req, Resp> extends ServerCall<Req, Resp> implements TrackedRpc {

  private static final Logger logger = Logger.getLogger(HostedCall.class.getName());

  /** Where the call is; changes only forward, under the lock. */
  private enum Phase {
    /** Running. */
    OPEN,
    /** The service closed it. */
    CLOSED,
    /** The library ended it; the service's further calls are ignored. */
    ENDED
  }

  private final AioServer server;
  private final ServerCall<InputStream, InputStream> call;
  private final ServerMethodDefinition<Req, Resp> definition;
  private final MessageCodec<Req> requests;
  private final MessageCodec<Resp> responses;
  private final SerializingExecutor context;

  @GuardedBy("this")
  private Phase phase = Phase.OPEN;

  @GuardedBy("this")
  private boolean slotReleased;

  @ConfinedTo("context")
  private ServerCall.Listener<Req> listener; // set by the first task, the service's startCall

  @ConfinedTo("context")
  private boolean released;

  /**
   * Makes an admitted call. In the first task of the call's executor, in its {@code
   * io.grpc.Context}.
   */
  HostedCall(
      AioServer server,
      ServerCall<InputStream, InputStream> call,
      ServerMethodDefinition<Req, Resp> definition,
      Executor executor) {
    this.server = server;
    this.call = call;
    this.definition = definition;
    MethodDescriptor<Req, Resp> method = definition.getMethodDescriptor();
    this.requests =
        new MessageCodec<>(
            method.getRequestMarshaller(), "request", -1, server.maxReceiveMessageLength());
    this.responses =
        new MessageCodec<>(
            method.getResponseMarshaller(), "response", server.maxSendMessageLength(), -1);
    // In the call's io.grpc.Context, with its deadline and cancellation: the service runs in it.
    this.context =
        SerializingExecutor.claimOrCreate(executor, RpcScope.capture(server.contextPropagators()));
  }

  /**
   * Turns a hosted method into what the transports dispatch: the same method carrying bytes, whose
   * calls the server admits ({@link AioServer#startHostedCall}) before the service sees them.
   */
  static <Req, Resp> ServerMethodDefinition<InputStream, InputStream> bridge(
      AioServer server, ServerMethodDefinition<Req, Resp> definition) {
    MethodDescriptor<InputStream, InputStream> bytes =
        definition.getMethodDescriptor().toBuilder(
                MessageCodec.PASSTHROUGH, MessageCodec.PASSTHROUGH)
            .build();
    ServerCallHandler<InputStream, InputStream> handler =
        (call, headers) -> server.startHostedCall(call, headers, definition);
    return ServerMethodDefinition.create(bytes, handler);
  }

  /**
   * Starts the service's handler on the context.
   *
   * @param headers the request headers, handed over to the service
   * @param compression the server's default response compression, or null
   * @return the listener to give grpc-java
   */
  ServerCall.Listener<InputStream> start(Metadata headers, Compression compression) {
    if (compression != null) {
      synchronized (this) {
        call.setCompression(MessageEncodings.name(compression));
      }
    }
    run(
        () -> {
          try {
            listener = definition.getServerCallHandler().startCall(this, headers);
          } catch (RuntimeException e) {
            listener = new ServerCall.Listener<>() {};
            failed("startCall", e);
          }
        });
    return new Events();
  }

  /**
   * Runs a task on the context, in the call's scope (its {@code io.grpc.Context} included): at once
   * when grpc-java calls from a task of the context with nothing of the call waiting, else queued.
   */
  private void run(Runnable task) {
    context.executeNowOrQueue(task);
  }

  // ---- the ServerCall the service sees: any thread ----

  @Override
  public void request(int numMessages) {
    synchronized (this) {
      if (phase != Phase.ENDED) {
        call.request(numMessages);
      }
    }
  }

  @Override
  public void sendHeaders(Metadata headers) {
    synchronized (this) {
      if (phase != Phase.ENDED) {
        call.sendHeaders(headers);
      }
    }
  }

  @Override
  public void sendMessage(Resp message) {
    InputStream bytes;
    try {
      bytes = responses.encode(message); // the service's marshaller: outside the lock
    } catch (StatusException e) {
      end(e.getStatus(), new Metadata());
      return;
    }
    synchronized (this) {
      if (phase != Phase.ENDED) {
        call.sendMessage(bytes);
        return;
      }
    }
    MessageCodec.discard(bytes);
  }

  @Override
  public void close(Status status, Metadata trailers) {
    synchronized (this) {
      if (phase == Phase.ENDED) {
        return;
      }
      phase = Phase.CLOSED; // a second close gets grpc-java's IllegalStateException, as unhosted
      releaseSlot(); // before the client can see the status, as for aio RPCs
      call.close(status, trailers);
    }
  }

  @Override
  public boolean isReady() {
    synchronized (this) {
      return phase == Phase.OPEN && call.isReady();
    }
  }

  @Override
  public boolean isCancelled() {
    synchronized (this) {
      if (phase == Phase.ENDED) {
        return true;
      }
    }
    return call.isCancelled();
  }

  @Override
  public void setMessageCompression(boolean enabled) {
    synchronized (this) {
      call.setMessageCompression(enabled);
    }
  }

  @Override
  public void setCompression(String compressor) {
    synchronized (this) {
      call.setCompression(compressor);
    }
  }

  @Override
  public void setOnReadyThreshold(int numBytes) {
    synchronized (this) {
      call.setOnReadyThreshold(numBytes);
    }
  }

  @Override
  public SecurityLevel getSecurityLevel() {
    return call.getSecurityLevel();
  }

  @Override
  public Attributes getAttributes() {
    return call.getAttributes();
  }

  @Override
  public String getAuthority() {
    return call.getAuthority();
  }

  @Override
  public MethodDescriptor<Req, Resp> getMethodDescriptor() {
    return definition.getMethodDescriptor();
  }

  // ---- ending ----

  @Override
  public void cancelForShutdown() {
    end(Status.UNAVAILABLE.withDescription("Cancelling all calls"), new Metadata());
  }

  /** The library ends the call, unless it has ended; its listener will hear onCancel. */
  private void end(Status status, Metadata trailers) {
    synchronized (this) {
      if (phase != Phase.OPEN) {
        return;
      }
      phase = Phase.ENDED;
      releaseSlot();
      try {
        call.close(status, trailers);
      } catch (RuntimeException e) {
        logger.log(Level.WARNING, "Closing " + this + " failed", e);
      }
    }
  }

  @GuardedBy("this")
  private void releaseSlot() {
    if (!slotReleased) {
      slotReleased = true;
      server.releaseSlot();
    }
  }

  /** User code failed: ends the call as grpc-java ends one whose application failed. */
  private void failed(String where, RuntimeException e) {
    logger.log(Level.WARNING, "Hosted service failed in " + where + " of " + this, e);
    Metadata trailers = Status.trailersFromThrowable(e);
    end(
        Status.UNKNOWN.withDescription("Application error processing RPC").withCause(e),
        trailers == null ? new Metadata() : trailers);
  }

  private synchronized boolean ended() {
    return phase == Phase.ENDED;
  }

  @Override
  public String toString() {
    return "HostedCall[" + definition.getMethodDescriptor().getFullMethodName() + "]";
  }

  /**
   * The listener of the transport's call: hops each event onto the context and hands it to the
   * service's listener, which it never calls on a transport thread.
   */
  private final class Events extends ServerCall.Listener<InputStream> {
    @Override
    public void onMessage(InputStream message) {
      run(
          () -> {
            if (ended()) {
              MessageCodec.discard(message);
              return;
            }
            Req request;
            try {
              request = requests.decode(message); // the service's marshaller, off the transport
            } catch (StatusException e) {
              end(e.getStatus(), new Metadata());
              return;
            }
            deliver("onMessage", () -> listener.onMessage(request));
          });
    }

    @Override
    public void onHalfClose() {
      run(() -> deliver("onHalfClose", listener::onHalfClose));
    }

    @Override
    public void onReady() {
      run(() -> deliver("onReady", listener::onReady));
    }

    @Override
    public void onCancel() {
      run(() -> finish(true));
    }

    @Override
    public void onComplete() {
      // A call the library ended completed on the transport, but not for its service.
      run(() -> finish(ended()));
    }

    private void deliver(String event, Runnable toListener) {
      if (ended()) {
        return;
      }
      try {
        toListener.run();
      } catch (RuntimeException e) {
        failed(event, e);
      }
    }

    private void finish(boolean cancelled) {
      if (released) {
        return;
      }
      released = true;
      try {
        if (cancelled) {
          listener.onCancel();
        } else {
          listener.onComplete();
        }
      } catch (RuntimeException e) {
        logger.log(
            Level.WARNING, "Hosted service failed in onCancel/onComplete of " + HostedCall.this, e);
      } finally {
        synchronized (HostedCall.this) {
          releaseSlot();
        }
        server.release(HostedCall.this);
      }
    }
  }
}
