package io.github.grpcaio.opentelemetry;

import io.github.grpcaio.ChannelOptions;
import io.github.grpcaio.ContextPropagator;
import io.github.grpcaio.ServerOptions;
import io.grpc.ManagedChannelBuilder;
import io.grpc.ServerBuilder;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.context.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * OpenTelemetry for aio channels and servers, in one line: gRPC's standard metrics and spans,
 * recorded by grpc-java's {@code grpc-opentelemetry} into the OpenTelemetry instance given, and the
 * OpenTelemetry {@link Context} carried across the threads the library runs an RPC's code on.
 *
 * <pre>{@code
 * AioOpenTelemetry otel = AioOpenTelemetry.create(openTelemetrySdk);
 * Channel channel = GrpcAio.insecureChannel(target, otel.configure(ChannelOptions.DEFAULT));
 * Server server = GrpcAio.server(otel.configure(ServerOptions.DEFAULT));
 * // or, for every channel and server created afterwards:
 * otel.registerGlobal();
 * }</pre>
 *
 * <p><b>Metrics</b> follow gRPC's OpenTelemetry metrics spec: {@code grpc.client.attempt.started},
 * {@code grpc.client.attempt.duration}, {@code
 * grpc.client.attempt.sent_total_compressed_message_size}, {@code
 * grpc.client.attempt.rcvd_total_compressed_message_size}, {@code grpc.client.call.duration},
 * {@code grpc.server.call.started}, {@code grpc.server.call.duration}, {@code
 * grpc.server.call.sent_total_compressed_message_size} and {@code
 * grpc.server.call.rcvd_total_compressed_message_size}, with the attributes {@code grpc.method},
 * {@code grpc.status} and (client side) {@code grpc.target}. {@code grpc.method} is the method's
 * full name for the methods of generated stubs and servicers, of {@code ServiceRpcHandler}s and of
 * registered method handlers, and {@code "other"} for the rest (a method only a plain {@code
 * GenericRpcHandler} answers; a client call by name, such as {@code
 * channel.unaryUnary("/pkg.Service/Method", ...)}: call with a grpc-java {@code MethodDescriptor}
 * marked {@code setSampledToLocalTracing(true)} to have its name recorded), so that a scan of
 * made-up names cannot blow up the number of time series.
 *
 * <p><b>Traces</b>: a client span per call ({@code Sent.pkg.Service.Method}) with a child span per
 * attempt, a server span per RPC ({@code Recv.pkg.Service.Method}) whose parent is the client's
 * attempt span, carried in the request headers by the instance's propagators (for example W3C
 * {@code traceparent}). The client span's parent is the OpenTelemetry context current where the
 * call is made; the server span is current in the server's interceptors and handler, so a call the
 * handler makes is its child. grpc-java marks its tracing experimental: span names, attributes and
 * events may change with grpc-java versions. Its switch is process-wide: once an instance with
 * tracing exists, grpc-java installs its tracing on every channel and server it instruments, and an
 * instance made without tracing gives it a no-op tracer so that it records no spans.
 *
 * <p><b>Context</b>: {@link #configure(ChannelOptions)}, {@link #configure(ServerOptions)} and
 * {@link #registerGlobal()} also install {@link #contextPropagator()}, which carries the
 * OpenTelemetry {@code Context} as {@link ContextPropagator} describes: {@code Span.current()} and
 * baggage in client interceptors, callbacks and the dependents of a call's futures are those of the
 * thread that made the call, and in server interceptors, handlers and their chained stages those of
 * the RPC.
 *
 * <p>Immutable and thread-safe. Needs {@code io.grpc:grpc-opentelemetry} and {@code
 * io.opentelemetry:opentelemetry-api} at run time (this module's dependencies); without them,
 * {@link #create} and {@link Builder#build} throw {@link IllegalStateException} naming what is
 * missing.
 */
public final class AioOpenTelemetry {

  private final GrpcInstrumentation grpc;
  private final boolean metrics;
  private final boolean tracing;
  private final Consumer<ManagedChannelBuilder<?>> channelConfigurer =
      this::configureChannelBuilder;
  private final Consumer<ServerBuilder<?>> serverConfigurer = this::configureServerBuilder;

  private AioOpenTelemetry(Builder b) {
    this.grpc = new GrpcInstrumentation(b.openTelemetry, b.metrics, b.tracing, b.grpcCustomizer);
    this.metrics = b.metrics;
    this.tracing = b.tracing;
  }

  /**
   * Records metrics and traces into {@code openTelemetry}.
   *
   * @param openTelemetry the OpenTelemetry instance, typically an {@code OpenTelemetrySdk}; its
   *     meter provider receives the metrics, its tracer provider the spans, and its propagators
   *     carry the trace context in request headers
   * @return the instrumentation, to apply to options or {@linkplain #registerGlobal() globally}
   * @throws NullPointerException if {@code openTelemetry} is null
   * @throws IllegalStateException if grpc-opentelemetry or the OpenTelemetry API is missing from
   *     the class path
   */
  public static AioOpenTelemetry create(OpenTelemetry openTelemetry) {
    return newBuilder(openTelemetry).build();
  }

  /**
   * Starts a builder recording into {@code openTelemetry}, with metrics and traces on.
   *
   * @param openTelemetry the OpenTelemetry instance; see {@link #create}
   * @return a new builder
   * @throws NullPointerException if {@code openTelemetry} is null
   */
  public static Builder newBuilder(OpenTelemetry openTelemetry) {
    return new Builder(
        Objects.requireNonNull(
            openTelemetry, "openTelemetry: pass an OpenTelemetry instance, such as the SDK's"));
  }

  /**
   * Returns the propagator of OpenTelemetry's {@link Context}: it captures {@link
   * Context#current()} and makes it current again with {@link Context#makeCurrent()} until the
   * scope closes. The configure methods install it; add it yourself to options you build without
   * them.
   *
   * @return the one propagator (the same instance on every call)
   */
  public static ContextPropagator<Context> contextPropagator() {
    return OpenTelemetryContextPropagator.INSTANCE;
  }

  /**
   * Returns {@code options} with this instrumentation on the channel: grpc-java's OpenTelemetry
   * client interceptors on the channel builder ({@link ChannelOptions.Builder#grpcBuilder}, after a
   * configurer the options already had) and {@link #contextPropagator()} among the context
   * propagators (after those the options set; if they set none, after those {@linkplain
   * ContextPropagator#registerGlobal registered globally} now). Configuring the same options twice
   * instruments once.
   *
   * @param options the channel's options
   * @return the options to create the channel with
   * @throws NullPointerException if {@code options} is null
   */
  public ChannelOptions configure(ChannelOptions options) {
    Objects.requireNonNull(options, "options");
    return options.toBuilder()
        .contextPropagators(withContextPropagator(options.contextPropagators()))
        .grpcBuilder(
            BuilderConfigurers.chain(options.grpcBuilder().orElse(null), channelConfigurer))
        .build();
  }

  /**
   * Returns {@code options} with this instrumentation on the server: grpc-java's OpenTelemetry
   * stream tracers and span-propagating interceptor on each port's builder ({@link
   * ServerOptions.Builder#grpcBuilder}, after a configurer the options already had) and {@link
   * #contextPropagator()} among the context propagators, as {@link #configure(ChannelOptions)}
   * does. Configuring the same options twice instruments once.
   *
   * @param options the server's options
   * @return the options to create the server with
   * @throws NullPointerException if {@code options} is null
   */
  public ServerOptions configure(ServerOptions options) {
    Objects.requireNonNull(options, "options");
    return options.toBuilder()
        .contextPropagators(withContextPropagator(options.contextPropagators()))
        .grpcBuilder(BuilderConfigurers.chain(options.grpcBuilder().orElse(null), serverConfigurer))
        .build();
  }

  /**
   * Instruments a grpc-java channel builder, for a channel you build yourself and wrap with {@code
   * GrpcAio.wrapChannel}: {@link ChannelOptions.Builder#grpcBuilder} is not applied to those. Add
   * {@link #contextPropagator()} to the wrapped channel's options yourself.
   *
   * @param builder the builder, before {@code build()}
   * @throws NullPointerException if {@code builder} is null
   */
  public void configureChannelBuilder(ManagedChannelBuilder<?> builder) {
    grpc.configureChannelBuilder(Objects.requireNonNull(builder, "builder"));
  }

  /**
   * Instruments a grpc-java server builder, for a grpc-java server you build yourself (for example
   * one that serves an exported aio service).
   *
   * @param builder the builder, before {@code build()}
   * @throws NullPointerException if {@code builder} is null
   */
  public void configureServerBuilder(ServerBuilder<?> builder) {
    grpc.configureServerBuilder(Objects.requireNonNull(builder, "builder"));
  }

  /**
   * Instruments every channel and server created from now on, in the whole process: registers this
   * with grpc-java ({@code GrpcOpenTelemetry.registerGlobal()}, which applies to every grpc-java
   * channel and server builder created afterwards, aio's included) and {@link #contextPropagator()}
   * with {@link ContextPropagator#registerGlobal}. Do not also configure their options, or they
   * record everything twice.
   *
   * @throws IllegalStateException if grpc-java's global configuration was already set: it accepts
   *     it once per process
   */
  public void registerGlobal() {
    grpc.registerGlobal();
    ContextPropagator.registerGlobal(contextPropagator());
  }

  private static List<ContextPropagator<?>> withContextPropagator(
      List<ContextPropagator<?>> propagators) {
    if (propagators.contains(contextPropagator())) {
      return propagators;
    }
    List<ContextPropagator<?>> all = new ArrayList<>(propagators);
    all.add(contextPropagator());
    return all;
  }

  @Override
  public String toString() {
    return "AioOpenTelemetry[metrics=" + metrics + ", tracing=" + tracing + "]";
  }

  /** Builds an {@link AioOpenTelemetry}. Not thread-safe. */
  public static final class Builder {
    private final OpenTelemetry openTelemetry;
    private boolean metrics = true;
    private boolean tracing = true;
    private Consumer<? super io.grpc.opentelemetry.GrpcOpenTelemetry.Builder> grpcCustomizer;

    private Builder(OpenTelemetry openTelemetry) {
      this.openTelemetry = openTelemetry;
    }

    /**
     * Sets whether gRPC's metrics are recorded. On by default.
     *
     * @param enable false for none
     * @return this builder
     */
    public Builder metrics(boolean enable) {
      this.metrics = enable;
      return this;
    }

    /**
     * Sets whether spans are recorded and trace context is sent in request headers. On by default.
     * grpc-java's tracing is experimental.
     *
     * @param enable false for none
     * @return this builder
     */
    public Builder tracing(boolean enable) {
      this.tracing = enable;
      return this;
    }

    /**
     * Sets code that configures grpc-java's {@code GrpcOpenTelemetry.Builder} further: to enable
     * optional metrics ({@code enableMetrics}), disable some ({@code disableMetrics}), add optional
     * labels or a {@code targetAttributeFilter}. Its {@code sdk(...)} is replaced by this builder's
     * instance.
     *
     * @param customizer the code, run once by {@link #build()}, on its thread; null for none
     * @return this builder
     */
    public Builder grpcOpenTelemetry(
        Consumer<? super io.grpc.opentelemetry.GrpcOpenTelemetry.Builder> customizer) {
      this.grpcCustomizer = customizer;
      return this;
    }

    /**
     * Builds the instrumentation.
     *
     * @return a new instance
     * @throws IllegalArgumentException if both metrics and tracing are off: there is nothing to
     *     enable
     * @throws IllegalStateException if grpc-opentelemetry or the OpenTelemetry API is missing from
     *     the class path
     */
    public AioOpenTelemetry build() {
      if (!metrics && !tracing) {
        throw new IllegalArgumentException(
            "Both metrics and tracing are off: enable at least one, or do not instrument");
      }
      RuntimeClasses.check(AioOpenTelemetry.class.getClassLoader());
      return new AioOpenTelemetry(this);
    }
  }
}
