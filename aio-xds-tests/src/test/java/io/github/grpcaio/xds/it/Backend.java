package io.github.grpcaio.xds.it;

import io.github.grpcaio.GenericRpcHandler;
import io.github.grpcaio.RpcMethodHandler;
import io.github.grpcaio.Server;
import io.github.grpcaio.ServerCredentials;
import io.github.grpcaio.ServerOptions;
import io.github.grpcaio.ServiceRpcHandler;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.core.GrpcAio;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.TestCertificates;
import io.github.grpcaio.testkit.Utf8;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An aio server of the test's {@code greeter.Greeter} service, named so that an answer tells which
 * server gave it:
 *
 * <ul>
 *   <li>{@code SayHello} answers with the server's name;
 *   <li>{@code Slow} never answers (only a deadline or a cancel ends it);
 *   <li>{@code Flaky} fails with UNAVAILABLE on the first attempt that reaches any server sharing
 *       {@code attempts}, and answers every later one.
 * </ul>
 */
final class Backend implements AutoCloseable {

  static final String SERVICE = "greeter.Greeter";

  private final Server server;
  private final int port;

  private Backend(Server server, int port) {
    this.server = server;
    this.port = port;
  }

  /** The service a backend named {@code name} serves. */
  static GenericRpcHandler greeter(String name, AtomicInteger attempts) {
    return ServiceRpcHandler.of(
        SERVICE,
        Map.of(
            "SayHello",
            RpcMethodHandler.<String, String>unaryUnary(
                (request, context) -> CompletableFuture.completedFuture(name),
                Utf8.DESERIALIZER,
                Utf8.SERIALIZER),
            "Slow",
            RpcMethodHandler.<String, String>unaryUnary(
                (request, context) -> new CompletableFuture<>(),
                Utf8.DESERIALIZER,
                Utf8.SERIALIZER),
            "Flaky",
            RpcMethodHandler.<String, String>unaryUnary(
                (request, context) -> {
                  if (attempts.incrementAndGet() == 1) {
                    throw context.abort(StatusCode.UNAVAILABLE, "failing once");
                  }
                  return CompletableFuture.completedFuture(name);
                },
                Utf8.DESERIALIZER,
                Utf8.SERIALIZER)));
  }

  /** Starts a plain aio backend on 127.0.0.1 and a port of the system's choosing. */
  static Backend start(String name, AtomicInteger attempts) {
    Server server =
        GrpcAio.server(ServerOptions.builder().handlers(List.of(greeter(name, attempts))).build());
    int port = server.addInsecurePort("127.0.0.1:0");
    Await.result(server.start());
    return new Backend(server, port);
  }

  /** Starts an aio backend that serves TLS only, with {@code certificate}, on 127.0.0.1. */
  static Backend startTls(String name, TestCertificates certificate) {
    Server server =
        GrpcAio.server(
            ServerOptions.builder().handlers(List.of(greeter(name, new AtomicInteger()))).build());
    int port =
        server.addSecurePort(
            "127.0.0.1:0",
            ServerCredentials.ssl(
                List.of(
                    new ServerCredentials.KeyCertificatePair(
                        certificate.privateKeyPem(), certificate.certificatePem())),
                null,
                false));
    Await.result(server.start());
    return new Backend(server, port);
  }

  int port() {
    return port;
  }

  @Override
  public void close() {
    Await.result(server.stop(Duration.ZERO));
  }
}
