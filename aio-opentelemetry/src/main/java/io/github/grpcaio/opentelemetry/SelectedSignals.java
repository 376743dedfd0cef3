package io.github.grpcaio.opentelemetry;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.logs.LoggerProvider;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.propagation.ContextPropagators;

/**
 * An {@link OpenTelemetry} that shows grpc-java only the signals asked for: without metrics its
 * meter provider is a no-op, without traces its tracer provider and its propagators are.
 * grpc-java's switch for tracing is process-wide, so this is what keeps the traces of an instance
 * made without them off whatever another instance enabled. Immutable.
 */
final class SelectedSignals implements OpenTelemetry {

  private final OpenTelemetry sdk;
  private final boolean metrics;
  private final boolean tracing;

  SelectedSignals(OpenTelemetry sdk, boolean metrics, boolean tracing) {
    this.sdk = sdk;
    this.metrics = metrics;
    this.tracing = tracing;
  }

  @Override
  public TracerProvider getTracerProvider() {
    return tracing ? sdk.getTracerProvider() : TracerProvider.noop();
  }

  @Override
  public MeterProvider getMeterProvider() {
    return metrics ? sdk.getMeterProvider() : MeterProvider.noop();
  }

  @Override
  public LoggerProvider getLogsBridge() {
    return sdk.getLogsBridge();
  }

  @Override
  public ContextPropagators getPropagators() {
    return tracing ? sdk.getPropagators() : ContextPropagators.noop();
  }

  @Override
  public String toString() {
    return "SelectedSignals[metrics=" + metrics + ", tracing=" + tracing + ", sdk=" + sdk + "]";
  }
}
