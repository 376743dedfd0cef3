package io.github.grpcaio.examples.microservices;

import static io.github.grpcaio.examples.microservices.JsonLogCapture.lineOf;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.google.rpc.BadRequest;
import com.google.rpc.Code;
import io.github.grpcaio.AioRpcError;
import io.github.grpcaio.core.GrpcAio;
import io.github.grpcaio.examples.CapturedOutput;
import io.github.grpcaio.protobuf.RpcStatus;
import io.github.grpcaio.testkit.Await;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.StatusProto;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The microservices story driven for real: service 1 ({@link NameServer}) and service 2 ({@link
 * GreetingGateway}) on free ports of 127.0.0.1, HTTP requests made with the JDK's {@code
 * HttpClient}, the JSON log lines read back ({@link JsonLogCapture}).
 *
 * <p>In-process does not apply here: the story is two services talking over sockets (and TLS); the
 * interceptors alone run on both transports in {@link MdcRequestIdInterceptorsTest}.
 */
class MicroservicesTest {

  /** How the two services talk. */
  enum Security {
    PLAINTEXT,
    MUTUAL_TLS
  }

  private static final Duration WAIT = Duration.ofSeconds(10);

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final List<AutoCloseable> running = new ArrayList<>();
  private JsonLogCapture logs;

  @BeforeEach
  void captureLogs() {
    logs = new JsonLogCapture();
  }

  @AfterEach
  void stopAll() throws Exception {
    try {
      Collections.reverse(running);
      for (AutoCloseable service : running) {
        service.close();
      }
    } finally {
      logs.close();
    }
  }

  @ParameterizedTest
  @EnumSource(Security.class)
  void sayHello_answersUpperCasedName_withTheRequestIdInBothServicesLogs(Security security)
      throws Exception {
    MutualTls tls = security == Security.MUTUAL_TLS ? MutualTls.makeCertificates() : null;
    NameServer nameServer =
        started(
            NameServer.start(
                new NameService(),
                "127.0.0.1:0",
                tls == null ? null : tls.nameServiceCredentials(),
                0));
    GreetingGateway gateway =
        started(
            GreetingGateway.start(
                GreetingGateway.Settings.defaults("127.0.0.1:" + nameServer.port())
                    .withCredentials(tls == null ? null : tls.gatewayCredentials())));

    HttpResponse<String> response = get(gateway, "/api/v1/say-hello?name=test", "story-1");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("Hello, TEST!");
    assertThat(response.headers().firstValue("X-Request-Id")).hasValue("story-1");
    assertThat(logs.await(lineOf(GreetingGateway.class, "story-1"), WAIT))
        .contains("say-hello to 'test'");
    assertThat(logs.await(lineOf(NameService.class, "story-1"), WAIT))
        .contains("processing name 'test'");
    assertThat(logs.await(lineOf(MdcRequestIdServerInterceptor.class, "story-1"), WAIT))
        .contains("names.NameProcessor") // the encoder writes '/' as '\/'
        .contains("ProcessName started");
  }

  @Test
  void sayHello_withoutRequestId_getsOneThatBothServicesLog() throws Exception {
    GreetingGateway gateway =
        gatewayTo(started(NameServer.start(new NameService(), "127.0.0.1:0")));

    HttpResponse<String> response = get(gateway, "/api/v1/say-hello?name=Ada", null);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("Hello, ADA!");
    String requestId = response.headers().firstValue("X-Request-Id").orElseThrow();
    assertThat(requestId).matches("[0-9a-f-]{36}");
    logs.await(lineOf(GreetingGateway.class, requestId), WAIT);
    logs.await(lineOf(NameService.class, requestId), WAIT);
  }

  @Test
  void sayHello_withoutName_is400_andNeverCallsServiceOne() throws Exception {
    NameServer nameServer = started(NameServer.start(new NameService(), "127.0.0.1:0"));
    GreetingGateway gateway = gatewayTo(nameServer);

    HttpResponse<String> response = get(gateway, "/api/v1/say-hello", null);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(nameServer.service().attempts()).isZero();
  }

  @Test
  void sayHello_nameWithDigits_isInvalidArgument_is400() throws Exception {
    GreetingGateway gateway =
        gatewayTo(started(NameServer.start(new NameService(), "127.0.0.1:0")));

    HttpResponse<String> response = get(gateway, "/api/v1/say-hello?name=R2D2", null);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body())
        .startsWith("INVALID_ARGUMENT: ")
        .endsWith("\nname: A name has 1 to 64 letters and nothing else");
  }

  @Test
  void processName_invalid_richErrorReadByAioAndGrpcJavaClients() throws Exception {
    NameServer nameServer = started(NameServer.start(new NameService(), "127.0.0.1:0"));
    ProcessNameRequest bad = ProcessNameRequest.newBuilder().setName("R2D2").build();

    try (io.github.grpcaio.Channel channel =
        GrpcAio.insecureChannel("127.0.0.1:" + nameServer.port())) {
      AioRpcError error =
          Await.rpcError(NameProcessorAio.newStub(channel).processName(bad).response());
      com.google.rpc.Status status = RpcStatus.fromError(error).orElseThrow();
      assertThat(status.getCode()).isEqualTo(Code.INVALID_ARGUMENT_VALUE);
      assertThat(status.getDetails(0).unpack(BadRequest.class).getFieldViolations(0).getField())
          .isEqualTo("name");
    }

    ManagedChannel grpcJava =
        NettyChannelBuilder.forAddress("127.0.0.1", nameServer.port()).usePlaintext().build();
    try {
      Throwable thrown =
          catchThrowable(
              () ->
                  NameProcessorGrpc.newBlockingStub(grpcJava)
                      .withDeadlineAfter(10, SECONDS)
                      .processName(bad));
      com.google.rpc.Status status = StatusProto.fromThrowable(thrown);
      assertThat(status).isNotNull();
      assertThat(status.getDetails(0).is(BadRequest.class)).isTrue();
    } finally {
      grpcJava.shutdownNow().awaitTermination(10, SECONDS);
    }
  }

  @Test
  void names_idOfAProcessedName_isLookedUpThroughTheCustomSerializers() throws Exception {
    GreetingGateway gateway =
        gatewayTo(started(NameServer.start(new NameService(), "127.0.0.1:0")));
    String id =
        get(gateway, "/api/v1/say-hello?name=Grace", null)
            .headers()
            .firstValue("X-Name-Id")
            .orElseThrow();

    HttpResponse<String> response = get(gateway, "/api/v1/names/" + id, null);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    assertThat(response.body())
        .startsWith("{\"id\":\"" + id + "\",\"name\":\"GRACE\",\"processed_at\":\"");
  }

  @Test
  void names_unknownId_isNotFound_is404() throws Exception {
    GreetingGateway gateway =
        gatewayTo(started(NameServer.start(new NameService(), "127.0.0.1:0")));

    HttpResponse<String> response = get(gateway, "/api/v1/names/" + ObjectId.next(), null);

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).startsWith("NOT_FOUND: No name has the id ");
  }

  @Test
  void sayHello_post_is405() throws Exception {
    NameServer nameServer = started(NameServer.start(new NameService(), "127.0.0.1:0"));
    GreetingGateway gateway = gatewayTo(nameServer);

    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:" + gateway.port() + "/api/v1/say-hello?name=test"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("Allow")).hasValue("GET");
    assertThat(nameServer.service().attempts()).isZero();
  }

  @Test
  void names_malformedId_is400() throws Exception {
    GreetingGateway gateway =
        gatewayTo(started(NameServer.start(new NameService(), "127.0.0.1:0")));

    HttpResponse<String> response = get(gateway, "/api/v1/names/not-an-id", null);

    assertThat(response.statusCode()).isEqualTo(400);
  }

  @Test
  void slowServiceOne_isDeadlineExceeded_is504_afterTheTimeout() throws Exception {
    NameServer slow =
        started(NameServer.start(new NameService(Duration.ofSeconds(3), 0), "127.0.0.1:0"));
    GreetingGateway gateway =
        started(
            GreetingGateway.start(
                GreetingGateway.Settings.defaults("127.0.0.1:" + slow.port())
                    .withCalls(Duration.ofMillis(300), false)));

    long start = System.nanoTime();
    HttpResponse<String> response = get(gateway, "/api/v1/say-hello?name=test", null);
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(response.statusCode()).isEqualTo(504);
    assertThat(response.body()).startsWith("DEADLINE_EXCEEDED");
    assertThat(took)
        .isGreaterThanOrEqualTo(Duration.ofMillis(300))
        .isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void missingServiceOne_isUnavailable_is503_withinTheTimeout() throws Exception {
    int port = vacatedPort();
    GreetingGateway gateway =
        started(
            GreetingGateway.start(
                GreetingGateway.Settings.defaults("127.0.0.1:" + port)
                    .withCalls(Duration.ofSeconds(5), false)));

    long start = System.nanoTime();
    HttpResponse<String> response = get(gateway, "/api/v1/say-hello?name=test", "missing-1");
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.body()).startsWith("UNAVAILABLE");
    assertThat(took).isLessThan(Duration.ofSeconds(5)); // failed fast, retries included
    assertThat(
            logs.await(
                lineOf(GreetingGateway.class, "missing-1").and(line -> line.contains("failed")),
                WAIT))
        .contains("UNAVAILABLE")
        .contains("HTTP 503");
  }

  @Test
  void restartOfServiceOne_onTheSamePort_recovers() throws Exception {
    NameServer first = NameServer.start(new NameService(), "127.0.0.1:0");
    int port = first.port();
    GreetingGateway gateway = gatewayTo(first);
    assertThat(get(gateway, "/api/v1/say-hello?name=before", null).statusCode()).isEqualTo(200);

    first.close();
    HttpResponse<String> whileDown = get(gateway, "/api/v1/say-hello?name=during", null);
    NameServer second = started(NameServer.start(new NameService(), "127.0.0.1:" + port));
    // The channel reconnects by itself, with backoff; wait until it has.
    Await.result(gateway.nameService().ready(), Duration.ofSeconds(20));
    HttpResponse<String> after = get(gateway, "/api/v1/say-hello?name=after", null);

    assertThat(whileDown.statusCode()).isEqualTo(503);
    assertThat(after.statusCode()).isEqualTo(200);
    assertThat(after.body()).isEqualTo("Hello, AFTER!");
    assertThat(second.service().processed()).isEqualTo(1);
  }

  @Test
  void retryPolicy_firstAttemptRefusedWithUnavailable_isRetriedBelowTheApi() throws Exception {
    NameServer flaky = started(NameServer.start(new NameService(Duration.ZERO, 1), "127.0.0.1:0"));
    GreetingGateway gateway = gatewayTo(flaky);

    HttpResponse<String> response = get(gateway, "/api/v1/say-hello?name=test", "retried-1");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(flaky.service().attempts()).isEqualTo(2);
    assertThat(flaky.service().processed()).isEqualTo(1);
    assertThat(logs.lines().stream().filter(lineOf(NameService.class, "retried-1")))
        .hasSize(3) // both attempts, and the refusal, under the HTTP request's id
        .anyMatch(line -> line.contains("refusing 'test' with UNAVAILABLE"));
  }

  @Test
  void waitForReady_callWaitsUntilServiceOneStarts() throws Exception {
    int port = vacatedPort();
    GreetingGateway gateway =
        started(
            GreetingGateway.start(
                GreetingGateway.Settings.defaults("127.0.0.1:" + port)
                    .withCalls(Duration.ofSeconds(20), true)));

    CompletableFuture<HttpResponse<String>> pending =
        http.sendAsync(
            request(gateway, "/api/v1/say-hello?name=patient", "waiting-1"),
            HttpResponse.BodyHandlers.ofString());
    logs.await(lineOf(GreetingGateway.class, "waiting-1"), WAIT); // the call is under way
    started(NameServer.start(new NameService(), "127.0.0.1:" + port));

    HttpResponse<String> response = Await.result(pending, Duration.ofSeconds(30));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("Hello, PATIENT!");
  }

  @Test
  void waitForReady_missingServiceOne_isDeadlineExceeded_is504() throws Exception {
    GreetingGateway gateway =
        started(
            GreetingGateway.start(
                GreetingGateway.Settings.defaults("127.0.0.1:" + vacatedPort())
                    .withCalls(Duration.ofMillis(500), true)));

    HttpResponse<String> response = get(gateway, "/api/v1/say-hello?name=test", null);

    assertThat(response.statusCode()).isEqualTo(504);
  }

  @Test
  void launcher_startsBothServices_printsTheAnswerWithItsRequestIdAndTrace_thenTheMetrics()
      throws Exception {
    CapturedOutput out = new CapturedOutput();

    Microservices.Answer answer = Microservices.run(new String[] {"--instances=2"}, out.stream());

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body()).isEqualTo("Hello, TEST!");
    assertThat(answer.traceId()).matches("[0-9a-f]{32}");
    assertThat(out.lines().get(0))
        .isEqualTo(
            "Hello, TEST! [request_id="
                + answer.requestId()
                + ", trace_id="
                + answer.traceId()
                + "]");
    // Both services log the request under its request id and its trace id.
    String traced = "\"trace_id\":\"" + answer.traceId() + "\"";
    assertThat(logs.await(lineOf(GreetingGateway.class, answer.requestId()), WAIT))
        .contains(traced);
    assertThat(logs.await(lineOf(NameService.class, answer.requestId()), WAIT)).contains(traced);
    assertThat(logs.await(lineOf(MdcRequestIdServerInterceptor.class, answer.requestId()), WAIT))
        .contains(traced);
    assertThat(
            logs.await(
                lineOf(GreetingGateway.class, answer.requestId()).and(l -> l.contains("answered")),
                WAIT))
        .contains(traced);
    // One trace: HTTP request (service 2) -> gRPC call -> its attempt -> handling (service 1).
    String http = span(answer.traceId(), "GET /api/v1/say-hello (SERVER)");
    String call = span(answer.traceId(), "Sent.names.NameProcessor.ProcessName (INTERNAL)");
    String attempt = span(answer.traceId(), "Attempt.names.NameProcessor.ProcessName (INTERNAL)");
    String handling = span(answer.traceId(), "Recv.names.NameProcessor.ProcessName (INTERNAL)");
    assertThat(mdc(call, "parent_id")).isEqualTo(mdc(http, "span_id"));
    assertThat(mdc(attempt, "parent_id")).isEqualTo(mdc(call, "span_id"));
    assertThat(mdc(handling, "parent_id")).isEqualTo(mdc(attempt, "span_id"));
    // The metrics, printed at exit, name the method the call went to.
    assertThat(out.lines())
        .anyMatch(
            l ->
                l.startsWith(
                    "metric grpc.client.attempt.duration"
                        + " grpc.method=names.NameProcessor/ProcessName grpc.status=OK count=1"))
        .anyMatch(
            l ->
                l.startsWith(
                    "metric grpc.server.call.duration"
                        + " grpc.method=names.NameProcessor/ProcessName grpc.status=OK count=1"));
  }

  /** The JSON log line of the span named so (name and kind) in that trace. */
  private String span(String traceId, String nameAndKind) throws InterruptedException {
    return logs.await(
        line ->
            line.contains("\"loggerName\":\"" + Telemetry.class.getName() + "\"")
                && line.contains(("span " + nameAndKind + " ended").replace("/", "\\/"))
                && line.contains("\"trace_id\":\"" + traceId + "\""),
        WAIT);
  }

  /** The value of an MDC key in a JSON log line. */
  private static String mdc(String line, String key) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("\"" + key + "\":\"([0-9a-f]+)\"").matcher(line);
    assertThat(m.find()).as("%s in %s", key, line).isTrue();
    return m.group(1);
  }

  /** Service 1 answers grpc-java's standard health client, and its status can be changed. */
  @Test
  void health_serviceOneIsServing_toGrpcJavasHealthClient() throws Exception {
    NameServer nameServer = started(NameServer.start(new NameService(), "127.0.0.1:0"));
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", nameServer.port()).usePlaintext().build();
    try {
      HealthGrpc.HealthBlockingStub health =
          HealthGrpc.newBlockingStub(channel).withDeadlineAfter(10, SECONDS);

      assertThat(health.check(healthOf("")).getStatus()).isEqualTo(ServingStatus.SERVING);
      assertThat(health.check(healthOf("names.NameProcessor")).getStatus())
          .isEqualTo(ServingStatus.SERVING);
      assertThat(health.check(healthOf(NameService.RECORDS_SERVICE)).getStatus())
          .isEqualTo(ServingStatus.SERVING);

      nameServer.health().set(NameService.RECORDS_SERVICE, ServingStatus.NOT_SERVING);
      assertThat(health.check(healthOf(NameService.RECORDS_SERVICE)).getStatus())
          .isEqualTo(ServingStatus.NOT_SERVING);
    } finally {
      channel.shutdownNow();
      assertThat(channel.awaitTermination(10, SECONDS)).isTrue();
    }
  }

  private static HealthCheckRequest healthOf(String service) {
    return HealthCheckRequest.newBuilder().setService(service).build();
  }

  /** 1 000 requests, 100 in flight at most, over mutual TLS as the launcher runs it. */
  @Test
  void loadCheck_1000Requests_100InFlight_allAnswered() throws Exception {
    MutualTls tls = MutualTls.makeCertificates();
    NameServer nameServer =
        started(
            NameServer.start(new NameService(), "127.0.0.1:0", tls.nameServiceCredentials(), 0));
    GreetingGateway gateway =
        started(
            GreetingGateway.start(
                GreetingGateway.Settings.defaults("127.0.0.1:" + nameServer.port())
                    .withCredentials(tls.gatewayCredentials())));
    assertThat(get(gateway, "/api/v1/say-hello?name=warm", null).statusCode()).isEqualTo(200);
    int total = 1_000;
    Semaphore inFlight = new Semaphore(100);
    Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
    List<CompletableFuture<?>> responses = new ArrayList<>();

    long start = System.nanoTime();
    for (int i = 0; i < total; i++) {
      assertThat(inFlight.tryAcquire(30, SECONDS)).as("a slot within 30 s").isTrue();
      responses.add(
          http.sendAsync(
                  request(gateway, "/api/v1/say-hello?name=load", null),
                  HttpResponse.BodyHandlers.ofString())
              .whenComplete(
                  (response, error) -> {
                    inFlight.release();
                    statuses.merge(error == null ? response.statusCode() : -1, 1, Integer::sum);
                  }));
    }
    Await.result(
        CompletableFuture.allOf(responses.toArray(CompletableFuture[]::new)),
        Duration.ofSeconds(120));
    double seconds = (System.nanoTime() - start) / 1e9;

    System.out.printf(
        "load check: %d requests, 100 in flight, %.2f s, %.0f requests/s, statuses %s%n",
        total, seconds, total / seconds, new TreeMap<>(statuses));
    assertThat(statuses).containsExactly(Map.entry(200, total));
    assertThat(nameServer.service().processed()).isEqualTo(total + 1);
  }

  private <T extends AutoCloseable> T started(T service) {
    running.add(service);
    return service;
  }

  private GreetingGateway gatewayTo(NameServer nameServer) throws Exception {
    running.add(nameServer);
    return started(
        GreetingGateway.start(GreetingGateway.Settings.defaults("127.0.0.1:" + nameServer.port())));
  }

  /** A port a service-1 instance just bound and released: nothing listens there now. */
  private static int vacatedPort() throws Exception {
    try (NameServer vacated = NameServer.start(new NameService(), "127.0.0.1:0")) {
      return vacated.port();
    }
  }

  private HttpRequest request(GreetingGateway gateway, String pathAndQuery, String requestId) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + pathAndQuery))
            .timeout(Duration.ofSeconds(30));
    if (requestId != null) {
      request.header("X-Request-Id", requestId);
    }
    return request.build();
  }

  private HttpResponse<String> get(GreetingGateway gateway, String pathAndQuery, String requestId)
      throws Exception {
    return http.send(
        request(gateway, pathAndQuery, requestId), HttpResponse.BodyHandlers.ofString());
  }
}
