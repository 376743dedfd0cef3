package io.github.grpcaio.core.internal.client;

import io.github.grpcaio.ByteArrayMarshaller;
import io.github.grpcaio.Call;
import io.github.grpcaio.CallOptions;
import io.github.grpcaio.Channel;
import io.github.grpcaio.ChannelConnectivity;
import io.github.grpcaio.ChannelOptions;
import io.github.grpcaio.Compression;
import io.github.grpcaio.ContextPropagator;
import io.github.grpcaio.Deserializer;
import io.github.grpcaio.Serializer;
import io.github.grpcaio.StreamStreamMultiCallable;
import io.github.grpcaio.StreamUnaryMultiCallable;
import io.github.grpcaio.UnaryStreamMultiCallable;
import io.github.grpcaio.UnaryUnaryMultiCallable;
import io.github.grpcaio.UsageError;
import io.github.grpcaio.core.internal.AioRuntime;
import io.github.grpcaio.core.internal.Durations;
import io.github.grpcaio.core.internal.FallbackExecutor;
import io.github.grpcaio.core.internal.GrpcMetadata;
import io.github.grpcaio.core.internal.MessageCodec;
import io.github.grpcaio.core.internal.MessageEncodings;
import io.github.grpcaio.core.internal.ReadOnlyFuture;
import io.github.grpcaio.core.internal.RemainingTime;
import io.github.grpcaio.core.internal.RpcScope;
import io.github.grpcaio.core.internal.security.CallCredentialsAdapter;
import io.github.grpcaio.core.internal.security.ChannelSecurity;
import io.github.grpcaio.core.internal.stream.SerializingExecutor;
import io.grpc.ConnectivityState;
import io.grpc.Deadline;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.Status;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A {@link Channel} on a grpc-java channel: a {@link ManagedChannel} the library built (with a
 * direct executor) and owns, or a wrapped one the user built, owned or not. Every call gets its own
 * context on {@link #executor}; the grpc-java interceptors of the options sit between the calls and
 * the grpc-java channel.
 *
 * <p>The channel tracks its active calls so that {@link #closeAsync} can cancel them locally (as
 * Python does) before shutting the transport down, when it owns it.
 */
public final class AioChannel implements Channel {

  private static final Logger logger = Logger.getLogger(AioChannel.class.getName());
  private static final String CLOSED = "Channel is closed.";

  private final io.grpc.Channel calls; // the channel behind the grpc-java interceptors
  private final ManagedChannel managed; // null for a wrapped plain io.grpc.Channel
  private final boolean owned; // whether close shuts managed down
  private final Executor executor;
  private final List<ContextPropagator<?>> contextPropagators; // the globals of creation, if unset
  private final int maxSendMessageLength;
  private final int maxReceiveMessageLength;
  private final Integer maxInboundMessageSize; // per call, as configured; null for the channel's
  private final Compression compression; // the default of calls, null for none
  private final String description;
  private final ClientInterceptors interceptors;
  private final ChannelSecurity security;
  private final TransportFailure transportFailure;
  private final CallCredentialsAdapter.Pending pendingCredentials =
      new CallCredentialsAdapter.Pending();
  private final boolean byteWindow; // see byteWindow()
  private final Set<Call> active = ConcurrentHashMap.newKeySet(); // calls and pending chains
  private final CompletableFuture<Void> drained = new CompletableFuture<>();

  // Written once, under this, by the first closeAsync; every closeAsync returns it.
  private volatile ReadOnlyFuture<Void> closeFuture;

  /**
   * Wraps an in-process channel, whose streams are ready while the receiver has a message requested
   * (see {@link #byteWindow()}).
   *
   * @param managed the grpc-java channel
   * @param options the options it was built from
   * @param name the in-process name
   * @return the channel
   */
  public static AioChannel inProcess(ManagedChannel managed, ChannelOptions options, String name) {
    return new AioChannel(
        managed, managed, true, options, "inprocess:" + name, ChannelSecurity.INSECURE, false);
  }

  /**
   * Wraps a managed channel built with a direct executor and the given credentials.
   *
   * @param managed the grpc-java channel
   * @param options the options it was built from
   * @param description the target, for toString
   * @param security whether call credentials are allowed, and the channel's own
   */
  public AioChannel(
      ManagedChannel managed,
      ChannelOptions options,
      String description,
      ChannelSecurity security) {
    this(managed, managed, true, options, description, security, true);
  }

  /**
   * Wraps a grpc-java channel.
   *
   * @param channel the grpc-java channel calls are made on
   * @param managed {@code channel} if it is a managed channel (for connectivity), else null
   * @param owned whether closing this channel shuts {@code managed} down
   * @param options the options that apply per call
   * @param description the target, for toString
   * @param security whether call credentials are allowed, and the channel's own
   */
  AioChannel(
      io.grpc.Channel channel,
      ManagedChannel managed,
      boolean owned,
      ChannelOptions options,
      String description,
      ChannelSecurity security) {
    // A wrapped channel's transport is unknown: its streams get exact demand.
    this(channel, managed, owned, options, description, security, false);
  }

  private AioChannel(
      io.grpc.Channel channel,
      ManagedChannel managed,
      boolean owned,
      ChannelOptions options,
      String description,
      ChannelSecurity security,
      boolean byteWindow) {
    this.byteWindow = byteWindow;
    this.calls = intercept(channel, options.grpcInterceptors());
    this.managed = managed;
    this.owned = owned;
    this.security = security;
    this.executor =
        FallbackExecutor.wrap(options.executor().orElseGet(AioRuntime::defaultExecutor));
    this.maxSendMessageLength = options.maxSendMessageLength().orElse(-1);
    this.maxReceiveMessageLength = MessageCodec.receiveLimit(options.maxReceiveMessageLength());
    this.maxInboundMessageSize =
        options.maxReceiveMessageLength().map(n -> n < 0 ? Integer.MAX_VALUE : n).orElse(null);
    this.compression = options.compression().orElse(null);
    this.contextPropagators = options.contextPropagators();
    this.description = description;
    this.interceptors = ClientInterceptors.of(options.interceptors());
    this.transportFailure =
        new TransportFailure(
            ChannelSecurity.WRAPPED.equals(security) ? channel.authority() : description,
            !security.secure());
  }

  /**
   * Returns a status grpc-java closed a call of this channel with, made readable if it reports a
   * failed or lost connection (see {@link TransportFailure}).
   *
   * @param status the status
   * @param answered whether the server's headers arrived
   */
  Status explainTransportFailure(Status status, boolean answered) {
    return transportFailure.explain(status, answered);
  }

  /**
   * Puts grpc-java interceptors before a channel, the first of the list outermost ({@code
   * ClientInterceptors.intercept} runs the last it is given first).
   */
  private static io.grpc.Channel intercept(
      io.grpc.Channel channel, List<io.grpc.ClientInterceptor> interceptors) {
    if (interceptors.isEmpty()) {
      return channel;
    }
    List<io.grpc.ClientInterceptor> innermostFirst = new ArrayList<>(interceptors);
    Collections.reverse(innermostFirst);
    return io.grpc.ClientInterceptors.intercept(channel, innermostFirst);
  }

  /** The client interceptors, by kind. */
  ClientInterceptors interceptors() {
    return interceptors;
  }

  /** The channel's executor, for work outside any call's context. */
  Executor executor() {
    return executor;
  }

  /**
   * Captures the calling thread's context for a call: its {@code io.grpc.Context} and the values of
   * the channel's propagators.
   */
  RpcScope captureScope() {
    return RpcScope.capture(contextPropagators);
  }

  /** A new context on the channel's executor, for a call made in {@code scope}. */
  SerializingExecutor newContext(RpcScope scope) {
    return new SerializingExecutor(executor, scope);
  }

  int maxSendMessageLength() {
    return maxSendMessageLength;
  }

  /** The largest response accepted, -1 for unlimited; grpc's 4 MiB unless configured. */
  int maxReceiveMessageLength() {
    return maxReceiveMessageLength;
  }

  // ---- multi-callables ----

  @Override
  public <Req, Resp> UnaryUnaryMultiCallable<Req, Resp> unaryUnary(
      String method, Serializer<Req> requestSerializer, Deserializer<Resp> responseDeserializer) {
    return new UnaryUnaryMultiCallableImpl<>(
        ClientMethod.of(
            this,
            MethodType.UNARY,
            method,
            marshaller(requestSerializer, null),
            marshaller(null, responseDeserializer)));
  }

  @Override
  public <Req, Resp> UnaryUnaryMultiCallable<Req, Resp> unaryUnary(
      MethodDescriptor<Req, Resp> method) {
    return new UnaryUnaryMultiCallableImpl<>(ClientMethod.of(this, MethodType.UNARY, method));
  }

  @Override
  public <Req, Resp> UnaryStreamMultiCallable<Req, Resp> unaryStream(
      String method, Serializer<Req> requestSerializer, Deserializer<Resp> responseDeserializer) {
    return new UnaryStreamMultiCallableImpl<>(
        ClientMethod.of(
            this,
            MethodType.SERVER_STREAMING,
            method,
            marshaller(requestSerializer, null),
            marshaller(null, responseDeserializer)));
  }

  @Override
  public <Req, Resp> UnaryStreamMultiCallable<Req, Resp> unaryStream(
      MethodDescriptor<Req, Resp> method) {
    return new UnaryStreamMultiCallableImpl<>(
        ClientMethod.of(this, MethodType.SERVER_STREAMING, method));
  }

  @Override
  public <Req, Resp> StreamUnaryMultiCallable<Req, Resp> streamUnary(
      String method, Serializer<Req> requestSerializer, Deserializer<Resp> responseDeserializer) {
    return new StreamUnaryMultiCallableImpl<>(
        ClientMethod.of(
            this,
            MethodType.CLIENT_STREAMING,
            method,
            marshaller(requestSerializer, null),
            marshaller(null, responseDeserializer)));
  }

  @Override
  public <Req, Resp> StreamUnaryMultiCallable<Req, Resp> streamUnary(
      MethodDescriptor<Req, Resp> method) {
    return new StreamUnaryMultiCallableImpl<>(
        ClientMethod.of(this, MethodType.CLIENT_STREAMING, method));
  }

  @Override
  public <Req, Resp> StreamStreamMultiCallable<Req, Resp> streamStream(
      String method, Serializer<Req> requestSerializer, Deserializer<Resp> responseDeserializer) {
    return new StreamStreamMultiCallableImpl<>(
        ClientMethod.of(
            this,
            MethodType.BIDI_STREAMING,
            method,
            marshaller(requestSerializer, null),
            marshaller(null, responseDeserializer)));
  }

  @Override
  public <Req, Resp> StreamStreamMultiCallable<Req, Resp> streamStream(
      MethodDescriptor<Req, Resp> method) {
    return new StreamStreamMultiCallableImpl<>(
        ClientMethod.of(this, MethodType.BIDI_STREAMING, method));
  }

  private static <T> MethodDescriptor.Marshaller<T> marshaller(
      Serializer<T> serializer, Deserializer<T> deserializer) {
    return ByteArrayMarshaller.of(serializer, deserializer);
  }

  // ---- calls ----

  /**
   * Makes a grpc-java call for one invocation.
   *
   * @throws UsageError if the channel is closed, or call credentials are given to an insecure one
   */
  PreparedCall prepare(MethodDescriptor<InputStream, InputStream> method, CallOptions options) {
    Objects.requireNonNull(options, "options");
    if (closeFuture != null) {
      throw new UsageError(CLOSED);
    }
    if (options.credentials().isPresent() && !security.secure()) {
      throw new UsageError("Call credentials are only valid on secure channels");
    }
    io.grpc.CallOptions grpcOptions = io.grpc.CallOptions.DEFAULT;
    Compression compression = options.compression().orElse(this.compression);
    if (compression != null) {
      grpcOptions = grpcOptions.withCompression(MessageEncodings.name(compression));
    }
    Deadline deadline = null;
    if (options.timeout().isPresent()) {
      deadline = Deadline.after(Durations.toNanos(options.timeout().get()), TimeUnit.NANOSECONDS);
      grpcOptions = grpcOptions.withDeadline(deadline);
    }
    // grpc-java gives a call made inside a server handler's io.grpc.Context (attached while the
    // handler runs) that RPC's deadline when it comes first; timeRemaining() must show it too.
    deadline = RemainingTime.effective(deadline, io.grpc.Context.current());
    if (options.waitForReady().orElse(false)) {
      grpcOptions = grpcOptions.withWaitForReady();
    }
    if (maxInboundMessageSize != null) {
      // Set per call too, so that it holds on a wrapped channel built without it.
      grpcOptions = grpcOptions.withMaxInboundMessageSize(maxInboundMessageSize);
    }
    io.grpc.CallCredentials credentials =
        CallCredentialsAdapter.of(
            security, options.credentials().orElse(null), executor, pendingCredentials);
    if (credentials != null) {
      grpcOptions = grpcOptions.withCallCredentials(credentials);
    }
    // The call's context is grpc-java's executor for it: grpc-java's hop is then the only one.
    SerializingExecutor context = newContext(captureScope());
    return new PreparedCall(
        calls.newCall(method, grpcOptions.withExecutor(context)),
        context,
        deadline,
        GrpcMetadata.toGrpc(options.metadata().orElse(null)));
  }

  /**
   * Tells whether this channel's streams stop being ready on a byte window (HTTP/2 flow control and
   * grpc-java's 32 KiB send threshold), so that request streams may ask their publisher for a batch
   * at a time ({@link io.github.grpcaio.core.internal.stream.OutboundStream.Sink#byteWindow});
   * false in-process, where a stream is ready exactly while the server has a message requested, and
   * for a wrapped channel, whose transport is unknown.
   *
   * @return true for the channels this library builds over a network transport
   */
  boolean byteWindow() {
    return byteWindow;
  }

  /**
   * Registers a call before it starts.
   *
   * @throws UsageError if the channel was closed meanwhile
   */
  void track(Call rpc) {
    active.add(rpc);
    // Added before the check, so closeAsync either sees the call or the call sees the close.
    if (closeFuture != null) {
      untrack(rpc); // not a bare remove: closeAsync may be waiting for this call to go
      throw new UsageError(CLOSED);
    }
  }

  /** Forgets an ended call. */
  void untrack(Call rpc) {
    active.remove(rpc);
    if (closeFuture != null && active.isEmpty()) {
      drained.complete(null);
    }
  }

  // ---- connectivity ----

  /**
   * {@inheritDoc}
   *
   * @throws UsageError if this channel wraps an {@code io.grpc.Channel} that is not a {@code
   *     ManagedChannel}, which has no connectivity state
   */
  @Override
  public ChannelConnectivity getState(boolean tryToConnect) {
    if (closeFuture != null) {
      return ChannelConnectivity.SHUTDOWN;
    }
    return toConnectivity(managed().getState(tryToConnect));
  }

  /** The managed channel, for connectivity. */
  private ManagedChannel managed() {
    if (managed == null) {
      throw new UsageError(
          "Connectivity is unknown: this channel wraps an io.grpc.Channel that is not a"
              + " ManagedChannel");
    }
    return managed;
  }

  /**
   * {@inheritDoc}
   *
   * @throws UsageError if this channel wraps an {@code io.grpc.Channel} that is not a {@code
   *     ManagedChannel}
   */
  @Override
  public CompletableFuture<ChannelConnectivity> waitForStateChange(
      ChannelConnectivity lastObservedState) {
    Objects.requireNonNull(lastObservedState, "lastObservedState");
    CompletableFuture<ChannelConnectivity> result = new CompletableFuture<>();
    ChannelConnectivity now = getState(false);
    if (now != lastObservedState) {
      result.complete(now);
      return result;
    }
    // Read the state in the callback, which grpc-java runs as it changes state: read later, on the
    // executor, a short-lived state (CONNECTING) would already be gone and never be reported.
    managed()
        .notifyWhenStateChanged(
            toGrpc(lastObservedState),
            () -> {
              ChannelConnectivity changed = getState(false);
              executor.execute(() -> result.complete(changed));
            });
    return result;
  }

  /**
   * {@inheritDoc}
   *
   * @throws UsageError if this channel wraps an {@code io.grpc.Channel} that is not a {@code
   *     ManagedChannel}
   */
  @Override
  public CompletableFuture<Void> channelReady() {
    managed(); // refuses a plain io.grpc.Channel at once
    CompletableFuture<Void> result = new CompletableFuture<>();
    awaitReady(result);
    return result;
  }

  private void awaitReady(CompletableFuture<Void> result) {
    ChannelConnectivity state = getState(true);
    if (state == ChannelConnectivity.READY) {
      result.complete(null);
    } else if (state == ChannelConnectivity.SHUTDOWN) {
      result.completeExceptionally(new UsageError(CLOSED));
    } else {
      managed()
          .notifyWhenStateChanged(toGrpc(state), () -> executor.execute(() -> awaitReady(result)));
    }
  }

  private static ChannelConnectivity toConnectivity(ConnectivityState state) {
    return switch (state) {
      case IDLE -> ChannelConnectivity.IDLE;
      case CONNECTING -> ChannelConnectivity.CONNECTING;
      case READY -> ChannelConnectivity.READY;
      case TRANSIENT_FAILURE -> ChannelConnectivity.TRANSIENT_FAILURE;
      case SHUTDOWN -> ChannelConnectivity.SHUTDOWN;
    };
  }

  private static ConnectivityState toGrpc(ChannelConnectivity state) {
    return switch (state) {
      case IDLE -> ConnectivityState.IDLE;
      case CONNECTING -> ConnectivityState.CONNECTING;
      case READY -> ConnectivityState.READY;
      case TRANSIENT_FAILURE -> ConnectivityState.TRANSIENT_FAILURE;
      case SHUTDOWN -> ConnectivityState.SHUTDOWN;
    };
  }

  // ---- close ----

  @Override
  public CompletableFuture<Void> closeAsync(Duration grace) {
    if (grace != null && grace.isNegative()) {
      throw new IllegalArgumentException("grace must not be negative: " + grace);
    }
    ReadOnlyFuture<Void> result;
    boolean first;
    synchronized (this) {
      first = closeFuture == null;
      if (first) {
        closeFuture = new ReadOnlyFuture<>(ReadOnlyFuture.SHARED_CLOSE);
      }
      result = closeFuture;
    }
    // New calls are refused by closeFuture. grpc-java's channel is shut down only once the active
    // calls are drained (shutdownNow below): a call cancelled after shutdown() whose responses
    // still sat unread is sometimes never reported closed by grpc-java over Netty, so its code()
    // would never complete and the close would wait out the drain bound.
    if (first && active.isEmpty()) {
      drained.complete(null);
    }
    // Each closeAsync() sets its own end of the grace, so the smallest grace wins (a close() after
    // a graceful closeAsync cancels now); moot once every call has ended.
    if (grace == null || grace.isZero()) {
      cancelActive();
    } else {
      AioRuntime.scheduleUnlessDone(
          this::cancelActive, Durations.toNanos(grace), executor, drained);
    }
    if (!first) {
      return result;
    }
    drained.whenComplete(
        (ignored, error) -> {
          if (!owned) {
            executor.execute(() -> result.succeed(null)); // the wrapped channel stays as it is
            return;
          }
          // Here, not on the executor: shutdownNow does not block, and a dead or saturated
          // executor must not keep the transport (and grpc-java's event-loop threads) alive.
          managed.shutdownNow();
          executor.execute(
              () -> {
                try {
                  if (!managed.awaitTermination(10, TimeUnit.SECONDS)) {
                    logger.warning("Channel " + description + " did not terminate in 10 s");
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                result.succeed(null);
              });
        });
    return result;
  }

  private void cancelActive() {
    List<Call> calls = new ArrayList<>(active);
    for (Call rpc : calls) {
      try {
        rpc.cancel();
      } catch (RuntimeException e) {
        logger.log(Level.WARNING, "Cancelling a call on close failed", e);
      }
    }
    pendingCredentials.failAll(); // else a plugin that never answers keeps the transport open
    // A callback that blocks its thread keeps its call's context busy, so the call may never
    // report its end; after a bound, close the transport anyway so that close() cannot hang.
    drained.completeOnTimeout(null, 5, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    CompletableFuture<Void> closed = closeAsync(Duration.ZERO);
    // Called from user code on a call's own context (a done callback, a response dependent, a
    // subscriber's signal), that call can only report its end once this returns: waiting for it
    // would stall until the drain bound. It is cancelled already; wait for the others.
    for (Call rpc : new ArrayList<>(active)) {
      if (runsOnCurrentThread(rpc)) {
        untrack(rpc);
      }
    }
    closed.join();
  }

  private static boolean runsOnCurrentThread(Call rpc) {
    return rpc instanceof AbstractClientCall<?> call && call.runsOnCurrentThread();
  }

  @Override
  public String toString() {
    return "AioChannel[" + description + (closeFuture != null ? ", closed" : "") + "]";
  }
}
