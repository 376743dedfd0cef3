package io.github.grpcaio.core.internal.server;

import io.github.grpcaio.AbortError;
import io.github.grpcaio.Compression;
import io.github.grpcaio.Metadata;
import io.github.grpcaio.ServicerContext;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.UsageError;
import io.github.grpcaio.core.internal.DoneCallbacks;
import io.github.grpcaio.core.internal.FieldHandles;
import io.github.grpcaio.core.internal.GrpcMetadata;
import io.github.grpcaio.core.internal.RemainingTime;
import io.github.grpcaio.core.internal.UnixSockets;
import io.github.grpcaio.core.internal.security.AuthContexts;
import io.github.grpcaio.core.internal.stream.InboundStream;
import io.github.grpcaio.core.internal.stream.WriteQueue;
import io.grpc.Grpc;
import io.grpc.ServerCall;
import io.grpc.inprocess.InProcessSocketAddress;
import io.netty.channel.unix.DomainSocketAddress;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The {@link ServicerContext} a server handler gets: what it may ask and decide about its RPC. It
 * reads and writes through the streams its {@link ServerRpc} bound, records the status in the RPC's
 * {@link RpcOutcome}, and hands whatever must reach the transport (headers, an abort) to the RPC,
 * which sends it on its context. Every method may be called from any thread.
 *
 * @param <Req> the request type (Object until the handler is bound)
 * @param <Resp> the response type
 */
final class RpcServicerContext<Req, Resp> implements ServicerContext<Req, Resp> {

  private final ServerRpc<Req, Resp> rpc;
  private final ServerCall<?, ?> call;
  private final Compression requestCompression;
  private final RpcOutcome outcome;
  private final ResponseHeaders headers;
  private final ResponseCompression compression;
  private static final VarHandle CALLBACKS =
      FieldHandles.of(MethodHandles.lookup(), "callbacks", DoneCallbacks.class);

  // Made by the first addDoneCallback (see DoneCallbacks.addTo).
  @SuppressWarnings("unused") // accessed through CALLBACKS
  private volatile DoneCallbacks<ServicerContext<Req, Resp>> callbacks;

  private volatile Metadata invocationMetadata = GrpcMetadata.EMPTY; // set once, at the lookup

  RpcServicerContext(
      ServerRpc<Req, Resp> rpc,
      ServerCall<?, ?> call,
      Compression requestCompression,
      RpcOutcome outcome,
      ResponseHeaders headers,
      ResponseCompression compression) {
    this.rpc = rpc;
    this.call = call;
    this.requestCompression = requestCompression;
    this.outcome = outcome;
    this.headers = headers;
    this.compression = compression;
  }

  void setInvocationMetadata(Metadata metadata) {
    this.invocationMetadata = metadata;
  }

  /** Runs the done callbacks: the RPC has ended. Once; on the RPC's context. */
  void fireDoneCallbacks() {
    DoneCallbacks.<ServicerContext<Req, Resp>>fireIn(CALLBACKS, this);
  }

  @Override
  public CompletableFuture<Optional<Req>> read() {
    InboundStream<Req> stream = rpc.streams().requests;
    if (stream == null) {
      throw new UsageError("read() is only for methods with a request stream");
    }
    return stream.read();
  }

  @Override
  public CompletableFuture<Void> write(Resp message) {
    Objects.requireNonNull(message, "message");
    ServerStreams<Req, Resp> streams = rpc.streams();
    WriteQueue<Resp> queue = streams.writes;
    if (queue == null) {
      throw new UsageError(
          streams.responses == null
              ? "write() is only for methods with a response stream"
              : "write() is not allowed when the handler returns a publisher");
    }
    // The first write claims the headers now, so that a later sendInitialMetadata fails however
    // soon the message goes out.
    headers.claim(GrpcMetadata.EMPTY);
    return queue.write(message);
  }

  @Override
  public CompletableFuture<Void> sendInitialMetadata(Metadata initialMetadata) {
    Objects.requireNonNull(initialMetadata, "initialMetadata");
    if (!headers.claim(initialMetadata.copy().readOnly())) {
      throw new UsageError("Send initial metadata failed: already sent");
    }
    rpc.sendClaimedHeaders();
    return headers.whenSent();
  }

  @Override
  public AbortError abort(StatusCode code, String details) {
    return abort(code, details, null);
  }

  @Override
  public AbortError abort(StatusCode code, String details, Metadata trailingMetadata) {
    rpc.abortWith(outcome.abort(code, details, trailingMetadata));
    throw new AbortError("Locally aborted.");
  }

  @Override
  public void setTrailingMetadata(Metadata trailingMetadata) {
    outcome.setTrailingMetadata(trailingMetadata);
  }

  @Override
  public Metadata trailingMetadata() {
    return outcome.trailingMetadata();
  }

  @Override
  public Metadata invocationMetadata() {
    return invocationMetadata;
  }

  @Override
  public Compression requestCompression() {
    return requestCompression;
  }

  @Override
  public void setCode(StatusCode code) {
    outcome.setCode(code);
  }

  @Override
  public void setDetails(String details) {
    outcome.setDetails(details);
  }

  @Override
  public Optional<StatusCode> code() {
    return Optional.ofNullable(outcome.code());
  }

  @Override
  public Optional<String> details() {
    return Optional.ofNullable(outcome.details());
  }

  @Override
  public void setCompression(Compression compression) {
    this.compression.set(compression, headers.isClaimed());
  }

  @Override
  public void disableNextMessageCompression() {
    compression.disableNext();
  }

  @Override
  public String peer() {
    return formatPeer(call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
  }

  static String formatPeer(SocketAddress address) {
    if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
      String host = inet.getAddress().getHostAddress();
      return inet.getAddress() instanceof Inet6Address
          ? "ipv6:[" + host + "]:" + inet.getPort()
          : "ipv4:" + host + ":" + inet.getPort();
    }
    if (address instanceof InProcessSocketAddress inProcess) {
      return "inprocess:" + inProcess.getName();
    }
    if (address instanceof DomainSocketAddress unix) {
      return UnixSockets.uri(unix);
    }
    return String.valueOf(address);
  }

  @Override
  public List<byte[]> peerIdentities() {
    return AuthContexts.of(call.getAttributes()).identities();
  }

  @Override
  public Optional<String> peerIdentityKey() {
    return AuthContexts.of(call.getAttributes()).identityKey();
  }

  @Override
  public Map<String, List<byte[]>> authContext() {
    return AuthContexts.of(call.getAttributes()).context();
  }

  @Override
  public Optional<Duration> timeRemaining() {
    return RemainingTime.until(rpc.grpcContext().getDeadline());
  }

  @Override
  public boolean cancelled() {
    return rpc.isCancelled();
  }

  @Override
  public boolean done() {
    return rpc.isDone();
  }

  @Override
  public void addDoneCallback(Consumer<? super ServicerContext<Req, Resp>> callback) {
    DoneCallbacks.<ServicerContext<Req, Resp>>addTo(CALLBACKS, this, callback);
  }

  @Override
  public String toString() {
    String method = "/" + call.getMethodDescriptor().getFullMethodName();
    return "ServicerContext[" + method + (rpc.isDone() ? ", done" : "") + "]";
  }
}
