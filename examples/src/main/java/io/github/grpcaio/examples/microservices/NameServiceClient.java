package io.github.grpcaio.examples.microservices;

import io.github.grpcaio.CallOptions;
import io.github.grpcaio.Channel;
import io.github.grpcaio.ChannelCredentials;
import io.github.grpcaio.ChannelOptions;
import io.github.grpcaio.UnaryUnaryMultiCallable;
import io.github.grpcaio.core.GrpcAio;
import io.github.grpcaio.core.MdcPropagator;
import io.github.grpcaio.examples.interceptors.RequestIdClientInterceptor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Service 2's client of service 1: channels and stubs made once at start-up and shared by every
 * HTTP request, each call with a timeout.
 *
 * <ul>
 *   <li><b>Channels.</b> One channel per target is the rule: it multiplexes every call over HTTP/2
 *       and, with the {@code round_robin} policy of {@link #serviceConfig()}, keeps one connection
 *       to each address the target resolves to ({@code static:///…} lists several instances, see
 *       {@link StaticResolverProvider}). {@code channels > 1} opens that many channels to the same
 *       target and takes them in turn: each is a connection more per instance, which helps only
 *       when one connection is the limit (the server's {@code maxConcurrentStreams}, or one TCP
 *       connection's throughput).
 *   <li><b>Retries.</b> The service config retries {@code UNAVAILABLE} up to 3 attempts with
 *       backoff; grpc-java does it below the API, so one call is one {@code AioRpcError} or one
 *       reply.
 *   <li><b>waitForReady.</b> Off (the default), a call fails with {@code UNAVAILABLE} at once while
 *       no instance is reachable; on, it waits for one until its timeout ({@code
 *       DEADLINE_EXCEEDED}), which rides out a restart shorter than the timeout.
 *   <li><b>Request id.</b> {@link MdcRequestIdClientInterceptor} copies the caller's {@code
 *       request_id} from the MDC into the metadata; {@link RequestIdClientInterceptor} makes one up
 *       for calls made outside a request. The channels carry the caller's MDC to where the
 *       interceptors run (the channel's executor, not the caller's thread) with {@link
 *       MdcPropagator}.
 * </ul>
 *
 * <p>Thread-safe: calls may be made from any thread; their futures complete on the channels'
 * executor (the library's default), in the MDC of the code that made the call.
 */
public final class NameServiceClient implements AutoCloseable {

  private final List<Channel> channels;
  private final List<NameProcessorAio.Stub> stubs;
  private final List<UnaryUnaryMultiCallable<ObjectId, NameRecord>> lookups;
  private final CallOptions callOptions;
  private final AtomicInteger next = new AtomicInteger();

  private NameServiceClient(List<Channel> channels, CallOptions callOptions) {
    this.channels = List.copyOf(channels);
    this.stubs = channels.stream().map(NameProcessorAio::newStub).toList();
    // The generic API with custom (de)serializers: an ObjectId in 12 bytes, a NameRecord out.
    this.lookups =
        channels.stream()
            .map(
                channel ->
                    channel.unaryUnary(
                        NameService.LOOKUP_METHOD, ObjectId.SERIALIZER, NameRecord.DESERIALIZER))
            .toList();
    this.callOptions = callOptions;
  }

  /**
   * The service config of every channel: {@code round_robin} over the target's addresses, and a
   * retry policy for both services of service 1.
   *
   * @return the JSON
   */
  public static String serviceConfig() {
    return """
        {
          "loadBalancingConfig": [{"round_robin": {}}],
          "methodConfig": [{
            "name": [{"service": "names.NameProcessor"}, {"service": "names.NameRecords"}],
            "retryPolicy": {
              "maxAttempts": 3,
              "initialBackoff": "0.05s",
              "maxBackoff": "0.5s",
              "backoffMultiplier": 2,
              "retryableStatusCodes": ["UNAVAILABLE"]
            }
          }]
        }""";
  }

  /**
   * Opens the channels.
   *
   * @param target service 1's target: {@code host:port}, {@code dns:///host:port} or {@code
   *     static:///host:port,host:port} ({@link StaticResolverProvider}, registered here if needed)
   * @param channelCount how many channels to open to it (1 unless one connection is the limit)
   * @param credentials {@link MutualTls#gatewayCredentials()}, or null for plaintext
   * @param timeout the timeout of every call
   * @param waitForReady whether calls wait for a reachable instance (until their timeout) instead
   *     of failing at once
   * @return the client
   * @throws IllegalArgumentException if {@code channelCount < 1} or the target is malformed
   */
  public static NameServiceClient connect(
      String target,
      int channelCount,
      ChannelCredentials credentials,
      Duration timeout,
      boolean waitForReady) {
    return connect(target, channelCount, credentials, timeout, waitForReady, null);
  }

  /**
   * Opens the channels, traced and measured: each call is a span (a child of the span current where
   * it is made) and records gRPC's client metrics.
   *
   * @param target service 1's target
   * @param channelCount how many channels to take in turn
   * @param credentials TLS credentials, or null for plaintext
   * @param timeout the timeout of each call
   * @param waitForReady whether calls wait for service 1
   * @param telemetry the metrics and traces, or null for none
   * @return the client
   */
  public static NameServiceClient connect(
      String target,
      int channelCount,
      ChannelCredentials credentials,
      Duration timeout,
      boolean waitForReady,
      Telemetry telemetry) {
    if (channelCount < 1) {
      throw new IllegalArgumentException("channelCount must be at least 1: " + channelCount);
    }
    if (target.startsWith(StaticResolverProvider.SCHEME + ":")) {
      StaticResolverProvider.register();
    }
    ChannelOptions options =
        ChannelOptions.builder()
            .contextPropagators(
                List.of(MdcPropagator.INSTANCE)) // interceptors see the caller's MDC
            .serviceConfig(serviceConfig())
            .interceptors(
                List.of(new MdcRequestIdClientInterceptor(), new RequestIdClientInterceptor()))
            .build();
    if (telemetry != null) {
      options = telemetry.grpc().configure(options); // adds OpenTelemetry's context propagator
    }
    List<Channel> channels = new ArrayList<>();
    try {
      for (int i = 0; i < channelCount; i++) {
        channels.add(
            credentials == null
                ? GrpcAio.insecureChannel(target, options)
                : GrpcAio.secureChannel(target, credentials, options));
      }
    } catch (RuntimeException e) {
      channels.forEach(Channel::close);
      throw e;
    }
    return new NameServiceClient(
        channels, CallOptions.DEFAULT.withTimeout(timeout).withWaitForReady(waitForReady));
  }

  /**
   * Calls {@code ProcessName} on the next channel.
   *
   * @param name the name
   * @return the reply, or {@code AioRpcError} (in an {@code ExecutionException} or {@code
   *     CompletionException})
   */
  public CompletableFuture<ProcessNameReply> processName(String name) {
    return stubs
        .get(nextIndex())
        .processName(ProcessNameRequest.newBuilder().setName(name).build(), callOptions)
        .response();
  }

  /**
   * Calls {@code names.NameRecords/Lookup} on the next channel, through the generic API.
   *
   * @param id the id {@code ProcessName} returned
   * @return the record, or {@code AioRpcError} ({@code NOT_FOUND} for an unknown id)
   */
  public CompletableFuture<NameRecord> lookup(ObjectId id) {
    return lookups.get(nextIndex()).call(id, callOptions).response();
  }

  /**
   * Connects every channel and completes when all are {@code READY}. No timeout of its own.
   *
   * @return a future completing once every channel is ready
   */
  public CompletableFuture<Void> ready() {
    return CompletableFuture.allOf(
        channels.stream().map(Channel::channelReady).toArray(CompletableFuture[]::new));
  }

  /**
   * Returns how many channels the client takes in turn.
   *
   * @return the number of channels
   */
  public int channelCount() {
    return channels.size();
  }

  /** Closes the channels, cancelling calls in flight. */
  @Override
  public void close() {
    channels.forEach(Channel::close);
  }

  private int nextIndex() {
    return Math.floorMod(next.getAndIncrement(), stubs.size());
  }
}
