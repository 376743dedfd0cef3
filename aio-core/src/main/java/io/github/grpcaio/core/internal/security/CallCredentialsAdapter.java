package io.github.grpcaio.core.internal.security;

import io.github.grpcaio.AuthMetadataContext;
import io.github.grpcaio.AuthMetadataPlugin;
import io.github.grpcaio.CallCredentials;
import io.github.grpcaio.Metadata;
import io.github.grpcaio.core.internal.AioRuntime;
import io.github.grpcaio.core.internal.GrpcMetadata;
import io.github.grpcaio.core.internal.Statuses;
import io.github.grpcaio.core.internal.client.AioChannel;
import io.grpc.Deadline;
import io.grpc.MethodDescriptor;
import io.grpc.SecurityLevel;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Applies aio {@link CallCredentials} to a call as grpc-java {@link io.grpc.CallCredentials}: the
 * parts (the channel's, then the call's) in order, each adding its metadata to the call's headers.
 *
 * <p>grpc-java asks for the metadata when the call gets a transport, on whatever thread that
 * happens (a Netty event loop included). So nothing runs there: the parts run one after the other
 * on the channel's executor, and the applier (which may be called from any thread) gets the merged
 * metadata. A plugin that fails, throws, or yields null fails the call with {@code UNAVAILABLE}
 * "Getting metadata from plugin failed with error: &lt;message&gt;", as gRPC reports it, with the
 * plugin's exception as the status's cause.
 *
 * <p>A grpc-java part ({@link CallCredentials.GrpcJava}) gets grpc-java's request info and the
 * application executor, and adds its metadata in its turn; a failure it reports fails the call with
 * its status.
 *
 * <p>grpc-java applies call credentials on every transport; whether a channel may carry them at all
 * (only secure ones may) is decided by {@link AioChannel} before the call is made. On a channel
 * whose security only grpc-java knows ({@link ChannelSecurity#privateTransportRequired()}), the aio
 * parts fail the call with {@code UNAUTHENTICATED} unless the connection is private, as grpc-java's
 * own credentials do; grpc-java parts check for themselves.
 */
public final class CallCredentialsAdapter extends io.grpc.CallCredentials {

  private static final String PLUGIN_FAILED = "Getting metadata from plugin failed with error: ";

  private final List<CallCredentials> parts;
  private final boolean privateTransportRequired;
  private final Executor executor;
  private final Pending pending;

  private CallCredentialsAdapter(
      List<CallCredentials> parts,
      boolean privateTransportRequired,
      Executor executor,
      Pending pending) {
    this.parts = parts;
    this.privateTransportRequired = privateTransportRequired;
    this.executor = executor;
    this.pending = pending;
  }

  /**
   * The appliers of one channel still waiting for their metadata. grpc-java keeps a transport open
   * while an applier is pending, and tells credentials nothing when their call ends: so a plugin
   * that never answers would keep the channel from terminating. The channel fails what is left here
   * when it cancels its calls on close; a call's deadline fails its own applier.
   */
  public static final class Pending {
    private final Set<Runnable> failures = ConcurrentHashMap.newKeySet();

    /** Fails every pending applier with {@code UNAVAILABLE}; later ones are not affected. */
    public void failAll() {
      for (Runnable failure : List.copyOf(failures)) {
        failure.run();
      }
    }
  }

  /**
   * Combines the channel's and the call's credentials, in that order (as gRPC composes them).
   *
   * @param security the channel's security, with its call credentials (possibly none)
   * @param callCredentials the call's, or null
   * @param executor where plugins run
   * @param pending the channel's pending appliers
   * @return the grpc-java credentials, or null if there are none
   */
  public static io.grpc.CallCredentials of(
      ChannelSecurity security,
      CallCredentials callCredentials,
      Executor executor,
      Pending pending) {
    if (callCredentials == null && security.callCredentials().isEmpty()) {
      return null; // most calls: nothing to flatten, nothing allocated
    }
    List<CallCredentials> flat = new ArrayList<>();
    security.callCredentials().forEach(c -> flatten(c, flat));
    if (callCredentials != null) {
      flatten(callCredentials, flat);
    }
    if (flat.isEmpty()) {
      return null;
    }
    return new CallCredentialsAdapter(
        List.copyOf(flat), security.privateTransportRequired(), executor, pending);
  }

  private static void flatten(CallCredentials credentials, List<CallCredentials> out) {
    Objects.requireNonNull(credentials, "call credentials");
    if (credentials instanceof CallCredentials.Composite composite) {
      composite.callCredentials().forEach(c -> flatten(c, out));
    } else {
      out.add(credentials);
    }
  }

  @Override
  public void applyRequestMetadata(
      RequestInfo requestInfo, Executor appExecutor, MetadataApplier applier) {
    if (privateTransportRequired
        && requestInfo.getSecurityLevel() != SecurityLevel.PRIVACY_AND_INTEGRITY
        && parts.stream().anyMatch(part -> !(part instanceof CallCredentials.GrpcJava))) {
      applier.fail(
          Status.UNAUTHENTICATED.withDescription(
              "Call credentials require a connection with PRIVACY_AND_INTEGRITY security level."
                  + " Observed security level: "
                  + requestInfo.getSecurityLevel()));
      return;
    }
    AuthMetadataContext context = context(requestInfo);
    io.grpc.Metadata collected = new io.grpc.Metadata();
    // The parts start only once the applier is registered below: a plugin that answers at once
    // must not let a close slip in before it is registered, and leave an applier nobody fails.
    CompletableFuture<Void> registered = new CompletableFuture<>();
    CompletableFuture<Void> chain = registered;
    for (CallCredentials part : parts) {
      chain =
          chain.thenComposeAsync(
              ignored -> apply(part, requestInfo, appExecutor, context, collected), executor);
    }
    AtomicBoolean settled = new AtomicBoolean();
    ScheduledFuture<?> timeout = scheduleDeadline(requestInfo, settled, applier);
    Runnable onClose =
        () -> {
          if (timeout != null) {
            timeout.cancel(false); // moot, and it would keep the timer busy until the deadline
          }
          if (settled.compareAndSet(false, true)) {
            applier.fail(
                Status.UNAVAILABLE.withDescription("Channel closed while getting call metadata"));
          }
        };
    pending.failures.add(onClose);
    registered.complete(null);
    chain.whenComplete(
        (ignored, error) -> {
          pending.failures.remove(onClose);
          if (timeout != null) {
            timeout.cancel(false);
          }
          if (!settled.compareAndSet(false, true)) {
            return;
          }
          if (error == null) {
            applier.apply(collected);
          } else if (Statuses.unwrap(error) instanceof GrpcJavaFailure failure) {
            applier.fail(failure.status);
          } else {
            Throwable cause = Statuses.unwrap(error);
            String message = cause.getMessage() != null ? cause.getMessage() : cause.toString();
            applier.fail(
                Status.UNAVAILABLE.withDescription(PLUGIN_FAILED + message).withCause(cause));
          }
        });
  }

  /** Fails the applier at the call's deadline, if it has one and the metadata is late. */
  private ScheduledFuture<?> scheduleDeadline(
      RequestInfo info, AtomicBoolean settled, MetadataApplier applier) {
    Deadline deadline;
    try {
      deadline = info.getCallOptions().getDeadline();
    } catch (UnsupportedOperationException e) {
      return null; // a RequestInfo without call options
    }
    if (deadline == null) {
      return null;
    }
    return AioRuntime.schedule(
        () -> {
          if (settled.compareAndSet(false, true)) {
            applier.fail(
                Status.DEADLINE_EXCEEDED.withDescription(
                    "Deadline exceeded while getting metadata from plugin"));
          }
        },
        Math.max(0, deadline.timeRemaining(TimeUnit.NANOSECONDS)),
        executor);
  }

  /** Runs one part on the executor; the returned stage adds its metadata to {@code collected}. */
  private static CompletionStage<Void> apply(
      CallCredentials part,
      RequestInfo requestInfo,
      Executor appExecutor,
      AuthMetadataContext context,
      io.grpc.Metadata collected) {
    if (part instanceof CallCredentials.GrpcJava grpc) {
      return applyGrpcJava(grpc.credentials(), requestInfo, appExecutor, collected);
    }
    if (part instanceof CallCredentials.AccessToken token) {
      collected.put(
          io.grpc.Metadata.Key.of("authorization", io.grpc.Metadata.ASCII_STRING_MARSHALLER),
          "Bearer " + token.token());
      return CompletableFuture.completedFuture(null);
    }
    AuthMetadataPlugin plugin = ((CallCredentials.Plugin) part).plugin();
    CompletionStage<Metadata> stage = plugin.getMetadata(context); // a throw fails the chain
    if (stage == null) {
      throw new NullPointerException("the AuthMetadataPlugin returned a null stage");
    }
    return stage.thenAccept(
        metadata -> {
          if (metadata == null) {
            throw new NullPointerException("the AuthMetadataPlugin produced null metadata");
          }
          collected.merge(GrpcMetadata.toGrpc(metadata));
        });
  }

  /**
   * Runs a grpc-java part; the stage completes when its applier is called (from any thread), or
   * with a {@link GrpcJavaFailure} carrying the status it failed with.
   */
  private static CompletionStage<Void> applyGrpcJava(
      io.grpc.CallCredentials credentials,
      RequestInfo requestInfo,
      Executor appExecutor,
      io.grpc.Metadata collected) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    credentials.applyRequestMetadata(
        requestInfo,
        appExecutor,
        new MetadataApplier() {
          @Override
          public void apply(io.grpc.Metadata headers) {
            collected.merge(headers); // the next part starts only once this stage completes
            done.complete(null);
          }

          @Override
          public void fail(Status status) {
            done.completeExceptionally(new GrpcJavaFailure(status));
          }
        });
    return done;
  }

  /** A grpc-java part's own failure, passed on to the call as it is. */
  private static final class GrpcJavaFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    @SuppressWarnings("serial") // never serialized
    private final Status status;

    GrpcJavaFailure(Status status) {
      super(status.toString(), status.getCause(), false, false);
      this.status = status;
    }
  }

  /**
   * What gRPC tells plugins: {@code https://<authority>/<service>} (without {@code :443}) and the
   * method's simple name.
   */
  static AuthMetadataContext context(RequestInfo info) {
    MethodDescriptor<?, ?> method = info.getMethodDescriptor();
    String service = method.getServiceName() == null ? "" : method.getServiceName();
    String authority = info.getAuthority();
    if (authority != null && authority.endsWith(":443")) {
      authority = authority.substring(0, authority.length() - 4);
    }
    String bare = method.getBareMethodName();
    return new AuthMetadataContext(
        "https://" + authority + "/" + service, bare == null ? method.getFullMethodName() : bare);
  }

  @Override
  public String toString() {
    return "CallCredentialsAdapter" + parts;
  }
}
