/**
 * The gRPC health checking service ({@code grpc.health.v1.Health}) for aio servers, as Python's
 * {@code grpc_health.v1.health.aio}: {@link io.github.grpcaio.services.health.HealthServicer}.
 *
 * <p>{@code HealthServicer.enable(server)} adds it and follows the server's lifecycle: everything
 * {@code SERVING} once started, {@code NOT_SERVING} from the moment {@code stop(grace)} begins, so
 * load balancers and orchestrators stop sending work while in-flight RPCs finish. Clients are any
 * gRPC health client, for example grpc-java's {@code HealthGrpc} or {@code grpc_health_probe}.
 */
package io.github.grpcaio.services.health;
