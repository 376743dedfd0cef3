package io.github.grpcaio.examples.microservices;

import io.github.grpcaio.StatusCode;

/**
 * How service 2 answers over HTTP when its call to service 1 fails with an {@code AioRpcError}: the
 * error's status code becomes an HTTP status, as gRPC's own HTTP mapping (and grpc-gateway) does
 * for the codes the example meets.
 */
public final class RpcHttpStatus {

  private RpcHttpStatus() {}

  /**
   * Returns the HTTP status for a gRPC status code.
   *
   * <ul>
   *   <li>{@code NOT_FOUND} → 404, {@code INVALID_ARGUMENT} / {@code OUT_OF_RANGE} / {@code
   *       FAILED_PRECONDITION} → 400;
   *   <li>{@code DEADLINE_EXCEEDED} → 504 (service 1 did not answer in time);
   *   <li>{@code UNAVAILABLE} → 503 (service 1 is down or unreachable: try again later);
   *   <li>{@code RESOURCE_EXHAUSTED} → 429, {@code UNAUTHENTICATED} → 401, {@code
   *       PERMISSION_DENIED} → 403, {@code ALREADY_EXISTS} / {@code ABORTED} → 409, {@code
   *       UNIMPLEMENTED} → 501, {@code CANCELLED} → 499 (client closed request);
   *   <li>{@code OK} → 200; anything else ({@code UNKNOWN}, {@code INTERNAL}, {@code DATA_LOSS}) →
   *       500.
   * </ul>
   *
   * @param code the gRPC status code
   * @return the HTTP status
   */
  public static int of(StatusCode code) {
    return switch (code) {
      case OK -> 200;
      case NOT_FOUND -> 404;
      case INVALID_ARGUMENT, OUT_OF_RANGE, FAILED_PRECONDITION -> 400;
      case DEADLINE_EXCEEDED -> 504;
      case UNAVAILABLE -> 503;
      case RESOURCE_EXHAUSTED -> 429;
      case UNAUTHENTICATED -> 401;
      case PERMISSION_DENIED -> 403;
      case ALREADY_EXISTS, ABORTED -> 409;
      case UNIMPLEMENTED -> 501;
      case CANCELLED -> 499;
      case UNKNOWN, INTERNAL, DATA_LOSS -> 500;
    };
  }
}
