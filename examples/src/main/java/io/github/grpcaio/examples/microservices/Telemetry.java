package io.github.grpcaio.examples.microservices;

import io.github.grpcaio.ContextPropagator;
import io.github.grpcaio.core.MdcPropagator;
import io.github.grpcaio.opentelemetry.AioOpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.PointData;
import io.opentelemetry.sdk.metrics.export.CollectionRegistration;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * OpenTelemetry for the microservices example without a collector: one SDK for both services (they
 * share this JVM), W3C trace context on the wire, every ended span written to the JSON log (with
 * its {@code trace_id}, {@code span_id} and {@code parent_id} in the MDC), and gRPC's call metrics
 * printed on demand. In production the SDK would export to a collector instead; nothing else
 * changes: {@link #grpc()} is what channels and servers are configured with.
 *
 * <p>Thread-safe. {@link #close()} shuts the SDK down.
 */
public final class Telemetry implements AutoCloseable {

  /** The MDC key of the current trace's id. */
  public static final String TRACE_ID = "trace_id";

  private static final Logger logger = LoggerFactory.getLogger(Telemetry.class);
  private static final AttributeKey<String> METHOD = AttributeKey.stringKey("grpc.method");
  private static final AttributeKey<String> STATUS = AttributeKey.stringKey("grpc.status");

  private final OpenTelemetrySdk sdk;
  private final MetricsOnDemand metrics = new MetricsOnDemand();
  private final AioOpenTelemetry grpc;
  private final Tracer tracer;

  private Telemetry() {
    this.sdk =
        OpenTelemetrySdk.builder()
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(new SpanLog()))
                    .build())
            .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
            .build();
    this.grpc = AioOpenTelemetry.create(sdk);
    this.tracer = sdk.getTracer("io.github.grpcaio.examples.microservices");
  }

  /**
   * Starts the SDK.
   *
   * @return the telemetry
   */
  public static Telemetry start() {
    return new Telemetry();
  }

  /**
   * Returns gRPC's instrumentation, to configure channels and servers with.
   *
   * @return the instrumentation
   */
  public AioOpenTelemetry grpc() {
    return grpc;
  }

  /**
   * Returns the tracer of the example's own spans (the HTTP requests of service 2).
   *
   * @return the tracer
   */
  public Tracer tracer() {
    return tracer;
  }

  /**
   * Puts the current span's trace id into the MDC, so that the log lines that follow carry it. Does
   * nothing outside a span.
   */
  public static void traceIdIntoMdc() {
    SpanContext span = Span.current().getSpanContext();
    if (span.isValid()) {
      MDC.put(TRACE_ID, span.getTraceId());
    }
  }

  /**
   * Prints one line per gRPC call metric and method: how many calls, and how long they took in
   * total, as recorded so far.
   *
   * @param out where to print
   */
  public void printMetrics(PrintStream out) {
    List<String> lines = new ArrayList<>();
    for (MetricData metric : metrics.collect()) {
      if (!metric.getName().startsWith("grpc.")) {
        continue;
      }
      for (PointData point : metric.getData().getPoints()) {
        String value;
        if (point instanceof HistogramPointData h) {
          String format =
              metric.getUnit().equals("s") ? "count=%d sum=%.6f%s" : "count=%d sum=%.0f%s";
          value = String.format(Locale.ROOT, format, h.getCount(), h.getSum(), metric.getUnit());
        } else if (point instanceof LongPointData l) {
          value = "value=" + l.getValue();
        } else {
          continue;
        }
        String status = point.getAttributes().get(STATUS);
        lines.add(
            "metric "
                + metric.getName()
                + " grpc.method="
                + point.getAttributes().get(METHOD)
                + (status == null ? "" : " grpc.status=" + status)
                + " "
                + value);
      }
    }
    lines.stream().sorted().forEach(out::println);
  }

  /** Flushes what is pending and shuts the SDK down. */
  @Override
  public void close() {
    sdk.close();
  }

  /** Writes each ended span to the JSON log, with its ids in the MDC of that line. */
  private static final class SpanLog implements SpanExporter {
    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      for (SpanData span : spans) {
        // A span often ends in the code of a request: log with its ids added to that MDC, which
        // MdcPropagator's scope then puts back as it was.
        Map<String, String> withIds = new HashMap<>();
        Map<String, String> current = MdcPropagator.INSTANCE.capture();
        if (current != null) {
          withIds.putAll(current);
        }
        withIds.put(TRACE_ID, span.getTraceId());
        withIds.put("span_id", span.getSpanId());
        withIds.put("parent_id", span.getParentSpanId());
        ContextPropagator.Scope scope = MdcPropagator.INSTANCE.attach(withIds);
        try {
          logger.info(
              "span {} ({}) ended after {} us",
              span.getName(),
              span.getKind(),
              (span.getEndEpochNanos() - span.getStartEpochNanos()) / 1_000);
        } finally {
          scope.close();
        }
      }
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }

  /** Reads the metrics when asked, cumulative since the start. */
  private static final class MetricsOnDemand implements MetricReader {
    private volatile CollectionRegistration registration = CollectionRegistration.noop();

    @Override
    public void register(CollectionRegistration registration) {
      this.registration = registration;
    }

    Collection<MetricData> collect() {
      return registration.collectAllMetrics();
    }

    @Override
    public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
      return AggregationTemporality.CUMULATIVE;
    }

    @Override
    public CompletableResultCode forceFlush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }
}
