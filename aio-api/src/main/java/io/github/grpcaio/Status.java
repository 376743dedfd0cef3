package io.github.grpcaio;

import java.util.Objects;

/**
 * The final status of an RPC as one value: code, details and trailing metadata, as Python's {@code
 * grpc.Status}. A handler ends its RPC with one through {@link ServicerContext#abortWithStatus};
 * the {@code aio-protobuf} module makes one from a {@code google.rpc.Status}.
 *
 * @param code the status code
 * @param details the status message; null becomes empty
 * @param trailingMetadata the trailers sent with the status; null becomes empty; kept as a
 *     read-only copy
 */
public record Status(StatusCode code, String details, Metadata trailingMetadata) {

  /**
   * Checks and normalizes the components.
   *
   * @throws NullPointerException if {@code code} is null
   */
  public Status {
    Objects.requireNonNull(code, "code");
    details = details == null ? "" : details;
    trailingMetadata =
        trailingMetadata == null ? new Metadata().readOnly() : trailingMetadata.copy().readOnly();
  }

  /**
   * A status without trailing metadata.
   *
   * @param code the status code
   * @param details the status message; null becomes empty
   * @return the status
   */
  public static Status of(StatusCode code, String details) {
    return new Status(code, details, null);
  }
}
