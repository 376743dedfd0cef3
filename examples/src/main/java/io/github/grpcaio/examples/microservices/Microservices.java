package io.github.grpcaio.examples.microservices;

import io.github.grpcaio.core.GrpcAio;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The microservices story in one JVM: service 1 ({@link NameServer}, gRPC) and service 2 ({@link
 * GreetingGateway}, HTTP) with mutual TLS between them, certificates made at start-up. By default
 * it makes one HTTP request, prints the answer with its request id and trace id ({@code Hello,
 * TEST! [request_id=…, trace_id=…]}) after both services' JSON log lines for it (the spans of the
 * trace among them: the HTTP request in service 2, the gRPC call, its handling in service 1), stops
 * both services, prints gRPC's call metrics and returns.
 *
 * <pre>
 * mvn -B -q -pl examples -am compile exec:java \
 *     -Dexec.mainClass=io.github.grpcaio.examples.microservices.Microservices
 * </pre>
 *
 * <p>Flags: {@code --name=test} (the name to greet), {@code --instances=1} (service-1 instances,
 * {@code round_robin} over all of them), {@code --channels=1}, {@code --grpc-port=0} (the first
 * instance's port), {@code --http-port=0}, {@code --plaintext} (no TLS), {@code --serve} (keep
 * serving until Ctrl-C instead of making one request).
 */
public final class Microservices {

  /**
   * What the one request got.
   *
   * @param status the HTTP status
   * @param body the response body
   * @param requestId the request id service 2 returned in {@code X-Request-Id}
   * @param traceId the id of the request's trace, from {@code X-Trace-Id}
   */
  public record Answer(int status, String body, String requestId, String traceId) {}

  private Microservices() {}

  /**
   * Runs the example.
   *
   * @param args the flags above
   * @throws Exception if a service cannot start, or the answer is not 200
   */
  public static void main(String[] args) throws Exception {
    try {
      Answer answer = run(args, System.out);
      if (answer.status() != 200) {
        throw new IllegalStateException("Service 2 answered " + answer);
      }
    } finally {
      GrpcAio.shutdown();
    }
  }

  /**
   * Starts both services, then makes one request (or, with {@code --serve}, waits for Ctrl-C) and
   * stops them.
   *
   * @param args the flags
   * @param out where the answer is printed
   * @return the answer of the request (null with {@code --serve})
   * @throws Exception if a service cannot start or the request fails
   */
  public static Answer run(String[] args, PrintStream out) throws Exception {
    Flags flags =
        Flags.parse(
            args,
            Set.of(
                "name", "instances", "channels", "grpc-port", "http-port", "plaintext", "serve"));
    MutualTls tls = flags.bool("plaintext") ? null : MutualTls.makeCertificates();
    List<NameServer> instances = new ArrayList<>();
    Telemetry telemetry = Telemetry.start(); // both services share this JVM, so one SDK
    try {
      List<Integer> ports = new ArrayList<>();
      for (int i = 0; i < flags.integer("instances", 1); i++) {
        int port = i == 0 ? flags.integer("grpc-port", 0) : 0;
        NameServer instance =
            NameServer.start(
                new NameService(),
                "127.0.0.1:" + port,
                tls == null ? null : tls.nameServiceCredentials(),
                0,
                telemetry);
        instances.add(instance);
        ports.add(instance.port());
      }
      String target =
          ports.size() == 1
              ? "127.0.0.1:" + ports.get(0)
              : StaticResolverProvider.loopbackTarget(ports);
      GreetingGateway.Settings settings =
          new GreetingGateway.Settings(
              "127.0.0.1",
              flags.integer("http-port", 0),
              target,
              flags.integer("channels", 1),
              tls == null ? null : tls.gatewayCredentials(),
              Duration.ofSeconds(2),
              false);
      try (GreetingGateway gateway = GreetingGateway.start(settings, telemetry)) {
        if (flags.bool("serve")) {
          out.println(
              "serving: curl 'http://127.0.0.1:"
                  + gateway.port()
                  + "/api/v1/say-hello?name=test' (Ctrl-C stops)");
          CountDownLatch forever = new CountDownLatch(1);
          forever.await();
          return null;
        }
        // Both services run in this JVM: wait until service 2 is connected to service 1.
        gateway.nameService().ready().get(10, TimeUnit.SECONDS);
        Answer answer = sayHello(gateway.port(), flags.string("name", "test"));
        out.println(
            answer.body()
                + " [request_id="
                + answer.requestId()
                + ", trace_id="
                + answer.traceId()
                + "]");
        return answer;
      }
    } finally {
      instances.forEach(NameServer::close);
      telemetry.printMetrics(out); // what the calls recorded, by method and status
      telemetry.close();
    }
  }

  /**
   * Makes one {@code GET /api/v1/say-hello} with the JDK's {@code HttpClient}, 10 s at most.
   *
   * @param httpPort service 2's port on 127.0.0.1
   * @param name the name
   * @return the answer
   * @throws Exception if the request fails
   */
  static Answer sayHello(int httpPort, String name) throws Exception {
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + httpPort + "/api/v1/say-hello?name=" + name))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return new Answer(
        response.statusCode(),
        response.body(),
        response.headers().firstValue(RequestIdFilter.HEADER).orElse(null),
        response.headers().firstValue(RequestIdFilter.TRACE_HEADER).orElse(null));
  }
}
