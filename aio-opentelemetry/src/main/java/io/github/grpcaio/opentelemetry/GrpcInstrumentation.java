package io.github.grpcaio.opentelemetry;

import io.grpc.ManagedChannelBuilder;
import io.grpc.ServerBuilder;
import io.grpc.opentelemetry.GrpcOpenTelemetry;
import io.grpc.opentelemetry.InternalGrpcOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import java.util.function.Consumer;

/**
 * grpc-java's side of an {@link AioOpenTelemetry}: the {@link GrpcOpenTelemetry} that installs
 * gRPC's metrics and tracing on the grpc-java builders. Kept apart so that only this class links
 * grpc-opentelemetry, after {@link RuntimeClasses#check} found it. Immutable and thread-safe.
 */
final class GrpcInstrumentation {

  private final GrpcOpenTelemetry grpc;

  GrpcInstrumentation(
      OpenTelemetry sdk,
      boolean metrics,
      boolean tracing,
      Consumer<? super GrpcOpenTelemetry.Builder> customizer) {
    GrpcOpenTelemetry.Builder builder = GrpcOpenTelemetry.newBuilder();
    if (customizer != null) {
      customizer.accept(builder);
    }
    builder.sdk(new SelectedSignals(sdk, metrics, tracing)); // after: the customizer's would lose
    if (tracing) {
      // Process-wide in grpc-java: read by every GrpcOpenTelemetry when it configures a builder.
      // Instances without tracing see no-op tracer and propagators (SelectedSignals) instead.
      InternalGrpcOpenTelemetry.enableTracing(builder, true);
    }
    this.grpc = builder.build();
  }

  void configureChannelBuilder(ManagedChannelBuilder<?> builder) {
    grpc.configureChannelBuilder(builder);
  }

  void configureServerBuilder(ServerBuilder<?> builder) {
    grpc.configureServerBuilder(builder);
  }

  /**
   * Installs this on every channel and server builder grpc-java creates from now on.
   *
   * @throws IllegalStateException if grpc-java's global configuration was already set
   */
  void registerGlobal() {
    try {
      grpc.registerGlobal();
    } catch (IllegalStateException e) {
      throw new IllegalStateException(
          "grpc-java's global configurators are already set (by an earlier registerGlobal(), or"
              + " by another library): it accepts them once per process; configure channels and"
              + " servers through their options instead",
          e);
    }
  }
}
