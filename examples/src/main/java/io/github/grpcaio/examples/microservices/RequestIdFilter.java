package io.github.grpcaio.examples.microservices;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/**
 * Service 2's counterpart of a server interceptor, for HTTP: takes the request id from the {@code
 * X-Request-Id} header (or makes up a UUID when there is none, or it is not 1 to 64 characters of
 * {@code [A-Za-z0-9._-]}, since it goes on into gRPC metadata and logs), puts it into the MDC while
 * the handler runs, and returns it in the response's {@code X-Request-Id}. With a tracer, each
 * request is also a server span, current while the handler runs (so the gRPC call it makes is its
 * child), its trace id in the MDC; {@link #endSpan} ends it when the answer goes out.
 *
 * <p>The MDC and the span are thread-bound: the gRPC channels carry them to the call's callbacks
 * ({@code MdcPropagator}, OpenTelemetry's propagator), and the gateway answers on an executor that
 * carries them further ({@code GrpcAio.contextExecutor}).
 */
final class RequestIdFilter extends Filter {

  /** The HTTP header of the request id. */
  static final String HEADER = "X-Request-Id";

  /** The HTTP response header with the trace id of the request, when it is traced. */
  static final String TRACE_HEADER = "X-Trace-Id";

  private static final String SPAN = "span";
  private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private final Tracer tracer; // null: no spans

  /**
   * Creates the filter.
   *
   * @param tracer the tracer of the request spans, or null for none
   */
  RequestIdFilter(Tracer tracer) {
    this.tracer = tracer;
  }

  @Override
  public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
    String sent = exchange.getRequestHeaders().getFirst(HEADER);
    String requestId =
        sent != null && ACCEPTED.matcher(sent).matches() ? sent : UUID.randomUUID().toString();
    exchange.getResponseHeaders().set(HEADER, requestId);
    Span span =
        tracer == null
            ? Span.getInvalid()
            : tracer
                .spanBuilder(
                    exchange.getRequestMethod() + " " + exchange.getHttpContext().getPath())
                .setSpanKind(SpanKind.SERVER)
                .setAttribute("http.request.method", exchange.getRequestMethod())
                .setAttribute("url.path", exchange.getRequestURI().getPath())
                .startSpan();
    exchange.setAttribute(SPAN, span);
    if (span.getSpanContext().isValid()) {
      exchange.getResponseHeaders().set(TRACE_HEADER, span.getSpanContext().getTraceId());
    }
    MDC.put(MdcRequestIdServerInterceptor.MDC_KEY, requestId);
    Scope current = span.makeCurrent();
    try {
      Telemetry.traceIdIntoMdc();
      chain.doFilter(exchange);
    } finally {
      current.close();
      MDC.remove(MdcRequestIdServerInterceptor.MDC_KEY);
      MDC.remove(Telemetry.TRACE_ID);
    }
  }

  /**
   * Ends the request's span, if it has one, with the HTTP status of the answer.
   *
   * @param exchange the exchange
   * @param status the HTTP status
   */
  static void endSpan(HttpExchange exchange, int status) {
    if (exchange.getAttribute(SPAN) instanceof Span span) {
      span.setAttribute("http.response.status_code", status);
      if (status >= 500) {
        span.setStatus(StatusCode.ERROR);
      }
      span.end();
    }
  }

  @Override
  public String description() {
    return "puts X-Request-Id into the MDC as request_id, and traces the request";
  }
}
