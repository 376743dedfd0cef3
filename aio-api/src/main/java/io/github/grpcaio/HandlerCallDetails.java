package io.github.grpcaio;

import java.util.Objects;

/**
 * What is known about an incoming RPC before its handler is chosen, as Python's {@code
 * grpc.HandlerCallDetails}. Given to {@link GenericRpcHandler#service} and server interceptors.
 *
 * @param method the full method name with a leading slash, {@code "/package.Service/Method"}
 * @param invocationMetadata the metadata the client sent (read-only; includes {@code user-agent})
 */
public record HandlerCallDetails(String method, Metadata invocationMetadata) {
  /**
   * Checks the parts.
   *
   * @param method the full method name with a leading slash
   * @param invocationMetadata the metadata the client sent
   */
  public HandlerCallDetails {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(invocationMetadata, "invocationMetadata");
  }
}
