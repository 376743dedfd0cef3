/**
 * Microservices that talk REST to the outside and gRPC among themselves, end to end: service 1
 * ({@link io.github.grpcaio.examples.microservices.NameServer}, gRPC on the aio API) upper-cases
 * names; service 2 ({@link io.github.grpcaio.examples.microservices.GreetingGateway}, the JDK's
 * HTTP server) answers {@code GET /api/v1/say-hello?name=test} with {@code Hello, TEST!} after
 * calling it; {@link io.github.grpcaio.examples.microservices.Microservices} runs both in one JVM.
 * A request id travels from the HTTP request through the MDC and gRPC metadata into both services'
 * JSON log lines. Service 1 also serves the standard health service and server reflection ({@code
 * aio-services}), so grpc-java's {@code HealthGrpc}, {@code grpc_health_probe} and {@code grpcurl}
 * work against it. The README's "Microservices" section answers the open questions: channels and
 * load balancing, errors, retries and reconnects, custom types on the generic API, and mutual TLS.
 */
package io.github.grpcaio.examples.microservices;
