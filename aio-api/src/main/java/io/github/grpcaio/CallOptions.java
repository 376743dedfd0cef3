package io.github.grpcaio;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The per-call keyword arguments of Python's multi-callables ({@code timeout}, {@code metadata},
 * {@code credentials}, {@code wait_for_ready}, {@code compression}) as an immutable value.
 *
 * <p>Start from {@link #DEFAULT} and derive copies: {@code
 * CallOptions.DEFAULT.withTimeout(Duration.ofSeconds(2)).withMetadata(Metadata.of("k", "v"))}.
 * Thread-safe.
 */
public final class CallOptions {

  /** No timeout, no metadata, no credentials, the channel's defaults for the rest. */
  public static final CallOptions DEFAULT = new CallOptions(null, null, null, null, null);

  private final Duration timeout;
  private final Metadata metadata;
  private final CallCredentials credentials;
  private final Boolean waitForReady;
  private final Compression compression;

  private CallOptions(
      Duration timeout,
      Metadata metadata,
      CallCredentials credentials,
      Boolean waitForReady,
      Compression compression) {
    this.timeout = timeout;
    this.metadata = metadata;
    this.credentials = credentials;
    this.waitForReady = waitForReady;
    this.compression = compression;
  }

  /**
   * Returns a copy with a timeout. The timeout is fixed into a deadline when the call is made; a
   * zero or negative timeout fails the call at once with {@code DEADLINE_EXCEEDED}.
   *
   * @param timeout the time the RPC may take, or null for none
   * @return a new options value
   */
  public CallOptions withTimeout(Duration timeout) {
    return new CallOptions(timeout, metadata, credentials, waitForReady, compression);
  }

  /**
   * Returns a copy with metadata to send. The metadata is copied.
   *
   * @param metadata the metadata, or null for none
   * @return a new options value
   */
  public CallOptions withMetadata(Metadata metadata) {
    Metadata copy = metadata == null ? null : metadata.copy().readOnly();
    return new CallOptions(timeout, copy, credentials, waitForReady, compression);
  }

  /**
   * Returns a copy with call credentials (secure channels only).
   *
   * @param credentials the credentials, or null for none
   * @return a new options value
   */
  public CallOptions withCredentials(CallCredentials credentials) {
    return new CallOptions(timeout, metadata, credentials, waitForReady, compression);
  }

  /**
   * Returns a copy that waits for the channel to become ready instead of failing fast with {@code
   * UNAVAILABLE} when the server cannot be reached.
   *
   * @param waitForReady true to wait (bounded by the timeout)
   * @return a new options value
   */
  public CallOptions withWaitForReady(boolean waitForReady) {
    return new CallOptions(timeout, metadata, credentials, waitForReady, compression);
  }

  /**
   * Returns a copy that compresses the call's messages.
   *
   * @param compression the algorithm, or null for the channel's default
   * @return a new options value
   */
  public CallOptions withCompression(Compression compression) {
    return new CallOptions(timeout, metadata, credentials, waitForReady, compression);
  }

  /**
   * Returns the timeout.
   *
   * @return the timeout, empty for none
   */
  public Optional<Duration> timeout() {
    return Optional.ofNullable(timeout);
  }

  /**
   * Returns the metadata to send.
   *
   * @return read-only metadata, empty for none
   */
  public Optional<Metadata> metadata() {
    return Optional.ofNullable(metadata);
  }

  /**
   * Returns the call credentials.
   *
   * @return the credentials, empty for none
   */
  public Optional<CallCredentials> credentials() {
    return Optional.ofNullable(credentials);
  }

  /**
   * Returns the wait-for-ready choice.
   *
   * @return true or false if set, empty for the default (fail fast)
   */
  public Optional<Boolean> waitForReady() {
    return Optional.ofNullable(waitForReady);
  }

  /**
   * Returns the compression choice.
   *
   * @return the algorithm, empty for the channel's default
   */
  public Optional<Compression> compression() {
    return Optional.ofNullable(compression);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CallOptions c
        && Objects.equals(timeout, c.timeout)
        && Objects.equals(metadata, c.metadata)
        && Objects.equals(credentials, c.credentials)
        && Objects.equals(waitForReady, c.waitForReady)
        && compression == c.compression;
  }

  @Override
  public int hashCode() {
    return Objects.hash(timeout, metadata, credentials, waitForReady, compression);
  }

  @Override
  public String toString() {
    return "CallOptions[timeout="
        + timeout
        + ", metadata="
        + metadata
        + ", credentials="
        + credentials
        + ", waitForReady="
        + waitForReady
        + ", compression="
        + compression
        + "]";
  }
}
