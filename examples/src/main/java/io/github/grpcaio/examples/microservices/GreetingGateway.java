package io.github.grpcaio.examples.microservices;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.BadRequest;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.grpcaio.AioRpcError;
import io.github.grpcaio.ChannelCredentials;
import io.github.grpcaio.core.GrpcAio;
import io.github.grpcaio.core.MdcPropagator;
import io.github.grpcaio.opentelemetry.AioOpenTelemetry;
import io.github.grpcaio.protobuf.RpcStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Service 2: an HTTP server (the JDK's {@code com.sun.net.httpserver}) in front of service 1.
 *
 * <ul>
 *   <li>{@code GET /api/v1/say-hello?name=test} → {@code 200 Hello, TEST!} (text), after {@code
 *       ProcessName} upper-cased the name; the response's {@code X-Name-Id} is the id service 1
 *       remembers it under;
 *   <li>{@code GET /api/v1/names/{id}} → {@code 200 {"id":…,"name":…,"processed_at":…}} (JSON),
 *       looked up by the generic method {@code names.NameRecords/Lookup} with custom serializers.
 * </ul>
 *
 * <p>Every request gets a request id ({@link RequestIdFilter}), which is in every log line of the
 * request on both services. A failed call to service 1 becomes the HTTP status of {@link
 * RpcHttpStatus} with the gRPC status as text. Handlers never block: they start the gRPC call and
 * answer when it completes, on the HTTP executor.
 *
 * <pre>
 * mvn -B -q -pl examples -am compile exec:java \
 *     -Dexec.mainClass=io.github.grpcaio.examples.microservices.GreetingGateway \
 *     -Dexec.args="--port=8080 --name-service=127.0.0.1:50051"
 * </pre>
 */
public final class GreetingGateway implements AutoCloseable {

  /**
   * How service 2 runs.
   *
   * @param host the address the HTTP server binds, e.g. {@code 127.0.0.1}
   * @param port the HTTP port, 0 for a free one
   * @param nameService service 1's target (see {@link NameServiceClient#connect})
   * @param channels how many channels to service 1
   * @param credentials mutual TLS credentials to service 1, or null for plaintext
   * @param timeout the timeout of each call to service 1
   * @param waitForReady whether calls wait for service 1 (until the timeout) rather than fail at
   *     once when it is unreachable
   */
  public record Settings(
      String host,
      int port,
      String nameService,
      int channels,
      ChannelCredentials credentials,
      Duration timeout,
      boolean waitForReady) {

    /**
     * Plaintext, one channel, a 2 s timeout, no waitForReady, on a free port of 127.0.0.1.
     *
     * @param nameService service 1's target
     * @return the settings
     */
    public static Settings defaults(String nameService) {
      return new Settings("127.0.0.1", 0, nameService, 1, null, Duration.ofSeconds(2), false);
    }

    /**
     * Returns these settings with other credentials.
     *
     * @param credentials the credentials, or null for plaintext
     * @return new settings
     */
    public Settings withCredentials(ChannelCredentials credentials) {
      return new Settings(host, port, nameService, channels, credentials, timeout, waitForReady);
    }

    /**
     * Returns these settings with another call timeout and waitForReady.
     *
     * @param timeout the timeout of each call
     * @param waitForReady whether calls wait for service 1
     * @return new settings
     */
    public Settings withCalls(Duration timeout, boolean waitForReady) {
      return new Settings(host, port, nameService, channels, credentials, timeout, waitForReady);
    }

    /**
     * Returns these settings with another number of channels.
     *
     * @param channels how many channels
     * @return new settings
     */
    public Settings withChannels(int channels) {
      return new Settings(host, port, nameService, channels, credentials, timeout, waitForReady);
    }
  }

  private static final Logger logger = LoggerFactory.getLogger(GreetingGateway.class);
  private static final String SAY_HELLO = "/api/v1/say-hello";
  private static final String NAMES = "/api/v1/names/";

  private final HttpServer http;
  private final ExecutorService httpExecutor;
  private final Executor inRequestContext; // httpExecutor, carrying the MDC and the span
  private final NameServiceClient nameService;

  private GreetingGateway(
      HttpServer http, ExecutorService httpExecutor, NameServiceClient nameService) {
    this.http = http;
    this.httpExecutor = httpExecutor;
    this.inRequestContext =
        GrpcAio.contextExecutor(
            httpExecutor, List.of(MdcPropagator.INSTANCE, AioOpenTelemetry.contextPropagator()));
    this.nameService = nameService;
  }

  /**
   * Starts service 2: opens the channels to service 1, which start connecting at once (without
   * waiting for it: service 1 may come later), and the HTTP server.
   *
   * @param settings how
   * @return the running service
   * @throws IOException if the HTTP port cannot be bound
   */
  public static GreetingGateway start(Settings settings) throws IOException {
    return start(settings, null);
  }

  /**
   * Starts service 2, traced and measured: each HTTP request is a server span (the parent of the
   * gRPC call it makes), and the channels record gRPC's metrics and spans.
   *
   * @param settings how
   * @param telemetry the metrics and traces, or null for none
   * @return the running service
   * @throws IOException if the HTTP port cannot be bound
   */
  public static GreetingGateway start(Settings settings, Telemetry telemetry) throws IOException {
    NameServiceClient client =
        NameServiceClient.connect(
            settings.nameService(),
            settings.channels(),
            settings.credentials(),
            settings.timeout(),
            settings.waitForReady(),
            telemetry);
    ExecutorService executor = Executors.newFixedThreadPool(4, new HttpThreads());
    try {
      // A backlog of 256: the load check opens 100 connections at once.
      HttpServer http =
          HttpServer.create(new InetSocketAddress(settings.host(), settings.port()), 256);
      http.setExecutor(executor);
      GreetingGateway gateway = new GreetingGateway(http, executor, client);
      RequestIdFilter filter = new RequestIdFilter(telemetry == null ? null : telemetry.tracer());
      http.createContext(SAY_HELLO, gateway::sayHello).getFilters().add(filter);
      http.createContext(NAMES, gateway::lookUp).getFilters().add(filter);
      http.start();
      // Connect now rather than on the first request, which would otherwise pay for it.
      client.ready();
      logger.info(
          "greeting gateway listening on http://{}:{} with {} channel(s) to {}",
          settings.host(),
          gateway.port(),
          settings.channels(),
          settings.nameService());
      return gateway;
    } catch (IOException | RuntimeException e) {
      executor.shutdownNow();
      client.close();
      throw e;
    }
  }

  /**
   * Returns the bound HTTP port.
   *
   * @return the port
   */
  public int port() {
    return http.getAddress().getPort();
  }

  /**
   * Returns the client of service 1, e.g. to wait until it is connected ({@code
   * nameService().ready()}).
   *
   * @return the client
   */
  public NameServiceClient nameService() {
    return nameService;
  }

  /** Stops the HTTP server (requests in flight get a second), then closes the channels. */
  @Override
  public void close() {
    http.stop(1);
    nameService.close();
    httpExecutor.shutdown();
    try {
      if (!httpExecutor.awaitTermination(5, TimeUnit.SECONDS)) {
        httpExecutor.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      httpExecutor.shutdownNow();
    }
  }

  private void sayHello(HttpExchange exchange) {
    if (!isGet(exchange)) {
      return;
    }
    String name = queryParameter(exchange, "name");
    if (name == null) {
      respond(exchange, 400, "text/plain", "The query parameter 'name' is missing");
      return;
    }
    logger.info("say-hello to '{}'", name);
    answer(
        exchange,
        nameService.processName(name),
        reply -> {
          exchange
              .getResponseHeaders()
              .set("X-Name-Id", ObjectId.fromBytes(reply.getId().toByteArray()).toString());
          respond(exchange, 200, "text/plain", "Hello, " + reply.getName() + "!");
        });
  }

  private void lookUp(HttpExchange exchange) {
    if (!isGet(exchange)) {
      return;
    }
    ObjectId id;
    try {
      id = ObjectId.fromHex(exchange.getRequestURI().getPath().substring(NAMES.length()));
    } catch (IllegalArgumentException e) {
      respond(exchange, 400, "text/plain", e.getMessage());
      return;
    }
    answer(
        exchange,
        nameService.lookup(id),
        record -> respond(exchange, 200, "application/json", record.toJson()));
  }

  /**
   * Answers the exchange when the call completes, on the HTTP executor, in the logging and tracing
   * context of the request: the MDC (request id, trace id) and the request's span, captured where
   * the call completes (the call's callbacks run in the context of the code that made it).
   */
  private <T> void answer(HttpExchange exchange, CompletableFuture<T> call, Consumer<T> onReply) {
    long start = System.nanoTime();
    BiConsumer<T, Throwable> done =
        (reply, error) -> {
          try {
            if (error == null) {
              onReply.accept(reply);
            } else {
              fail(exchange, error instanceof CompletionException ? error.getCause() : error);
            }
          } catch (RuntimeException e) {
            // E.g. a malformed reply: answer anyway, never leave the client hanging.
            fail(exchange, e);
          } finally {
            logger.info(
                "answered {} in {} us",
                exchange.getRequestURI().getPath(),
                (System.nanoTime() - start) / 1_000);
          }
        };
    call.whenCompleteAsync(done, inRequestContext);
  }

  /** Whether the request is a GET; answers 405 if not. */
  private static boolean isGet(HttpExchange exchange) {
    if ("GET".equals(exchange.getRequestMethod())) {
      return true;
    }
    exchange.getResponseHeaders().set("Allow", "GET");
    respond(exchange, 405, "text/plain", "Only GET");
    return false;
  }

  private static void fail(HttpExchange exchange, Throwable error) {
    if (error instanceof AioRpcError rpc) {
      int status = RpcHttpStatus.of(rpc.code());
      logger.warn("name service call failed: {} {} -> HTTP {}", rpc.code(), rpc.details(), status);
      respond(exchange, status, "text/plain", rpc.code() + ": " + rpc.details() + violations(rpc));
    } else {
      logger.error("name service call failed", error);
      respond(exchange, 500, "text/plain", "Internal error");
    }
  }

  /**
   * The field violations of a rich error ({@code google.rpc.BadRequest} details), one line each
   * after the status, or nothing. Details that do not decode are left out, not fatal: the status
   * alone still answers the request.
   */
  private static String violations(AioRpcError error) {
    StringBuilder lines = new StringBuilder();
    try {
      for (Any detail : RpcStatus.fromError(error).map(s -> s.getDetailsList()).orElse(List.of())) {
        if (detail.is(BadRequest.class)) {
          for (BadRequest.FieldViolation v :
              detail.unpack(BadRequest.class).getFieldViolationsList()) {
            lines.append('\n').append(v.getField()).append(": ").append(v.getDescription());
          }
        }
      }
    } catch (IllegalArgumentException | InvalidProtocolBufferException e) {
      logger.warn("undecodable error details from the name service: {}", e.toString());
    }
    return lines.toString();
  }

  private static void respond(HttpExchange exchange, int status, String type, String body) {
    RequestIdFilter.endSpan(exchange, status);
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
    try {
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    } catch (IOException e) {
      logger.warn("could not answer {}: {}", exchange.getRequestURI(), e.toString());
    } finally {
      exchange.close();
    }
  }

  private static String queryParameter(HttpExchange exchange, String name) {
    String query = exchange.getRequestURI().getRawQuery();
    if (query == null) {
      return null;
    }
    for (String pair : query.split("&")) {
      int equals = pair.indexOf('=');
      String key = equals < 0 ? pair : pair.substring(0, equals);
      if (URLDecoder.decode(key, StandardCharsets.UTF_8).equals(name)) {
        return equals < 0
            ? ""
            : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  /** Names the HTTP threads, which are daemons so that they never keep the JVM alive. */
  private static final class HttpThreads implements ThreadFactory {
    private final AtomicInteger count = new AtomicInteger();

    @Override
    public Thread newThread(Runnable task) {
      Thread thread = new Thread(task, "greeting-gateway-http-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    }
  }

  /**
   * Runs service 2 until the JVM is stopped (Ctrl-C).
   *
   * @param args {@code --host=127.0.0.1}, {@code --port=8080} (0 picks a free port), {@code
   *     --name-service=127.0.0.1:50051} (or {@code static:///h:p,h:p}), {@code --channels=1},
   *     {@code --timeout-ms=2000}, {@code --wait-for-ready}
   * @throws Exception if it cannot start
   */
  public static void main(String[] args) throws Exception {
    Flags flags =
        Flags.parse(
            args,
            Set.of("host", "port", "name-service", "channels", "timeout-ms", "wait-for-ready"));
    String nameService = flags.string("name-service", "127.0.0.1:50051");
    Settings settings =
        new Settings(
            flags.string("host", "127.0.0.1"),
            flags.integer("port", 8080),
            nameService,
            flags.integer("channels", 1),
            null,
            Duration.ofMillis(flags.integer("timeout-ms", 2000)),
            flags.bool("wait-for-ready"));
    GreetingGateway gateway = start(settings);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  gateway.close();
                  stopped.countDown();
                }));
    stopped.await();
  }
}
