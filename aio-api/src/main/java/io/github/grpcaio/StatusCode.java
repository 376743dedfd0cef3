package io.github.grpcaio;

/**
 * The status codes of gRPC, as {@code grpc.StatusCode} in Python.
 *
 * <p>Each member carries its numeric value on the wire ({@link #value()}) and the lower-case
 * description Python shows ({@link #description()}).
 */
public enum StatusCode {
  /** Not an error; returned on success. */
  OK(0, "ok"),
  /** The operation was cancelled, typically by the caller. */
  CANCELLED(1, "cancelled"),
  /** Unknown error, for example an exception thrown by a handler. */
  UNKNOWN(2, "unknown"),
  /** The client specified an invalid argument. */
  INVALID_ARGUMENT(3, "invalid argument"),
  /** The deadline expired before the operation could complete. */
  DEADLINE_EXCEEDED(4, "deadline exceeded"),
  /** Some requested entity was not found. */
  NOT_FOUND(5, "not found"),
  /** The entity that a client attempted to create already exists. */
  ALREADY_EXISTS(6, "already exists"),
  /** The caller does not have permission to execute the operation. */
  PERMISSION_DENIED(7, "permission denied"),
  /** Some resource has been exhausted, for example a message size or concurrency limit. */
  RESOURCE_EXHAUSTED(8, "resource exhausted"),
  /** The system is not in a state required for the operation. */
  FAILED_PRECONDITION(9, "failed precondition"),
  /** The operation was aborted, typically due to a concurrency issue. */
  ABORTED(10, "aborted"),
  /** The operation was attempted past the valid range. */
  OUT_OF_RANGE(11, "out of range"),
  /** The operation is not implemented or not supported, for example an unknown method. */
  UNIMPLEMENTED(12, "unimplemented"),
  /** Internal error: an invariant expected by the underlying system has been broken. */
  INTERNAL(13, "internal"),
  /** The service is currently unavailable; retrying may help. */
  UNAVAILABLE(14, "unavailable"),
  /** Unrecoverable data loss or corruption. */
  DATA_LOSS(15, "data loss"),
  /** The request does not have valid authentication credentials. */
  UNAUTHENTICATED(16, "unauthenticated");

  private static final StatusCode[] BY_VALUE = values();

  private final int value;
  private final String description;

  StatusCode(int value, String description) {
    this.value = value;
    this.description = description;
  }

  /**
   * Returns the numeric value of this code on the wire.
   *
   * @return the value, 0 for {@link #OK} through 16 for {@link #UNAUTHENTICATED}
   */
  public int value() {
    return value;
  }

  /**
   * Returns the lower-case description Python's {@code StatusCode.value[1]} holds.
   *
   * @return for example {@code "deadline exceeded"}
   */
  public String description() {
    return description;
  }

  /**
   * Returns the code with the given numeric value.
   *
   * @param value a value on the wire
   * @return the code, or {@link #UNKNOWN} for a value outside 0..16, as gRPC treats such values
   */
  public static StatusCode fromValue(int value) {
    return value >= 0 && value < BY_VALUE.length ? BY_VALUE[value] : UNKNOWN;
  }
}
