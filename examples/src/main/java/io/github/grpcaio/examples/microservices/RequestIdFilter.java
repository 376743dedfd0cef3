package io.github.grpcaio.examples.microservices;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/**
 * Service 2's counterpart of a server interceptor, for HTTP: takes the request id from the {@code
 * X-Request-Id} header (or makes up a UUID when there is none, or it is not 1 to 64 characters of
 * {@code [A-Za-z0-9._-]}, since it goes on into gRPC metadata and logs), puts it into the MDC while
 * the handler runs, and returns it in the response's {@code X-Request-Id}.
 *
 * <p>The MDC is thread-local: a handler that answers later on another thread reads the id here
 * first ({@code MDC.get(MdcRequestIdServerInterceptor.MDC_KEY)}) and puts it back there.
 */
final class RequestIdFilter extends Filter {

  /** The HTTP header of the request id. */
  static final String HEADER = "X-Request-Id";

  private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  @Override
  public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
    String sent = exchange.getRequestHeaders().getFirst(HEADER);
    String requestId =
        sent != null && ACCEPTED.matcher(sent).matches() ? sent : UUID.randomUUID().toString();
    exchange.getResponseHeaders().set(HEADER, requestId);
    MDC.put(MdcRequestIdServerInterceptor.MDC_KEY, requestId);
    try {
      chain.doFilter(exchange);
    } finally {
      MDC.remove(MdcRequestIdServerInterceptor.MDC_KEY);
    }
  }

  @Override
  public String description() {
    return "puts X-Request-Id into the MDC as request_id";
  }
}
