package io.github.grpcaio.opentelemetry;

import io.github.grpcaio.testkit.Await;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.PointData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An OpenTelemetry SDK whose metrics and spans stay in memory for a test to read: one per test, so
 * that nothing is shared between tests.
 */
final class TestTelemetry implements AutoCloseable {

  static final AttributeKey<String> METHOD = AttributeKey.stringKey("grpc.method");
  static final AttributeKey<String> STATUS = AttributeKey.stringKey("grpc.status");
  static final AttributeKey<String> TARGET = AttributeKey.stringKey("grpc.target");

  final InMemoryMetricReader metrics = InMemoryMetricReader.create();
  final InMemorySpanExporter spans = InMemorySpanExporter.create();
  final OpenTelemetrySdk sdk =
      OpenTelemetrySdk.builder()
          .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
          .setTracerProvider(
              SdkTracerProvider.builder()
                  .addSpanProcessor(SimpleSpanProcessor.create(spans))
                  .build())
          .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
          .build();

  /** The metric of that name as collected now, if recorded. */
  Optional<MetricData> metric(String name) {
    return metrics.collectAllMetrics().stream().filter(m -> m.getName().equals(name)).findFirst();
  }

  /**
   * Waits until the metric has a point with exactly these attributes that counts {@code count}
   * measurements (a sum's value, a histogram's count), and returns that metric and point.
   */
  Recorded awaitPoint(String name, Attributes attributes, long count) {
    AtomicReference<Recorded> found = new AtomicReference<>();
    Await.until(
        "a point of " + name + " with " + attributes + " counting " + count,
        () -> {
          metric(name)
              .flatMap(
                  m ->
                      m.getData().getPoints().stream()
                          .filter(p -> p.getAttributes().equals(attributes) && count(p) == count)
                          .findFirst()
                          .map(p -> new Recorded(m, p)))
              .ifPresent(found::set);
          return found.get() != null;
        });
    return found.get();
  }

  /** How many measurements the metric's point with exactly these attributes counts now. */
  long count(String name, Attributes attributes) {
    return metric(name).stream()
        .flatMap(m -> m.getData().getPoints().stream())
        .filter(p -> p.getAttributes().equals(attributes))
        .mapToLong(TestTelemetry::count)
        .sum();
  }

  private static long count(PointData point) {
    if (point instanceof LongPointData sum) {
      return sum.getValue();
    }
    if (point instanceof HistogramPointData histogram) {
      return histogram.getCount();
    }
    throw new AssertionError("Not a sum or a histogram: " + point);
  }

  /** Waits until {@code count} spans have ended, and returns them. */
  List<SpanData> awaitSpans(int count) {
    Await.until(count + " spans ended", () -> spans.getFinishedSpanItems().size() >= count);
    return spans.getFinishedSpanItems();
  }

  @Override
  public void close() {
    sdk.close();
  }

  /** A metric and one of its points. */
  record Recorded(MetricData metric, PointData point) {}
}
