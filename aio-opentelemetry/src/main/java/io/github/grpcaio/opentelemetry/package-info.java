/**
 * OpenTelemetry for grpc-aio, as Python's {@code grpc_observability.OpenTelemetryPlugin}: {@link
 * io.github.grpcaio.opentelemetry.AioOpenTelemetry} enables gRPC's standard metrics and traces
 * (through grpc-java's {@code grpc-opentelemetry}) on a channel, a server or every one of them, and
 * carries the OpenTelemetry context across the threads the library runs an RPC's code on. See
 * {@code docs/observability.md}.
 */
package io.github.grpcaio.opentelemetry;
