package io.github.grpcaio;

import java.time.Duration;
import java.util.Objects;

/**
 * What a client interceptor is told about a call, and may change before passing it on, as Python's
 * {@code grpc.aio.ClientCallDetails}. Immutable: use the {@code with*} methods to derive a changed
 * copy.
 *
 * @param method the full method name, {@code "/package.Service/Method"}
 * @param timeout the time left for the call, or null for none: the caller's timeout, or what is
 *     left of the deadline the call inherits from the caller's {@code io.grpc.Context} (a server
 *     handler's RPC) if that comes first
 * @param metadata the metadata to send (read-only; never null)
 * @param credentials call credentials, or null
 * @param waitForReady the wait-for-ready choice, or null for the default
 * @param compression the compression, or null for the channel's default
 */
public record ClientCallDetails(
    String method,
    Duration timeout,
    Metadata metadata,
    CallCredentials credentials,
    Boolean waitForReady,
    Compression compression) {

  /**
   * Checks the method and copies the metadata.
   *
   * @param method the full method name
   * @param timeout the time left for the call, or null
   * @param metadata the metadata to send, or null for none
   * @param credentials call credentials, or null
   * @param waitForReady the wait-for-ready choice, or null
   * @param compression the compression, or null
   */
  public ClientCallDetails {
    Objects.requireNonNull(method, "method");
    metadata = metadata == null ? new Metadata().readOnly() : metadata.copy().readOnly();
  }

  /**
   * Returns a copy with another method.
   *
   * @param method the full method name
   * @return a new value
   */
  public ClientCallDetails withMethod(String method) {
    return new ClientCallDetails(method, timeout, metadata, credentials, waitForReady, compression);
  }

  /**
   * Returns a copy with another timeout.
   *
   * @param timeout the timeout, or null
   * @return a new value
   */
  public ClientCallDetails withTimeout(Duration timeout) {
    return new ClientCallDetails(method, timeout, metadata, credentials, waitForReady, compression);
  }

  /**
   * Returns a copy with other metadata.
   *
   * @return a new value
   */
  public ClientCallDetails withMetadata(Metadata metadata) {
    return new ClientCallDetails(method, timeout, metadata, credentials, waitForReady, compression);
  }

  /**
   * Returns a copy with other call credentials.
   *
   * @param credentials the credentials, or null
   * @return a new value
   */
  public ClientCallDetails withCredentials(CallCredentials credentials) {
    return new ClientCallDetails(method, timeout, metadata, credentials, waitForReady, compression);
  }

  /**
   * Returns a copy with another wait-for-ready choice.
   *
   * @param waitForReady the choice, or null for the default
   * @return a new value
   */
  public ClientCallDetails withWaitForReady(Boolean waitForReady) {
    return new ClientCallDetails(method, timeout, metadata, credentials, waitForReady, compression);
  }

  /**
   * Returns a copy with another compression.
   *
   * @param compression the compression, or null
   * @return a new value
   */
  public ClientCallDetails withCompression(Compression compression) {
    return new ClientCallDetails(method, timeout, metadata, credentials, waitForReady, compression);
  }
}
