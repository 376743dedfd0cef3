package io.github.grpcaio.core.internal.client;

import io.github.grpcaio.core.internal.Statuses;
import io.grpc.Status;
import java.io.IOException;

/**
 * Makes the {@code UNAVAILABLE} statuses grpc-java produces on the client side readable, as gRPC's
 * {@code "failed to connect to all addresses; last error: ..."} is: one line naming the channel's
 * target and the reason, which grpc-java keeps in the status's cause ({@code "io exception"} with a
 * connection refused or a TLS handshake failure) or does not know ({@code "Network closed for
 * unknown reason"}, which a TLS server causes by closing a plaintext client's connection). The code
 * stays grpc-java's, the cause stays attached. Statuses a server sent carry no cause and are left
 * alone, as are local ones whose cause is not an I/O failure (call credentials that failed).
 * Immutable.
 */
final class TransportFailure {

  /** grpc-java's description when a connection closes without an error (its Netty transport). */
  static final String NETWORK_CLOSED = "Network closed for unknown reason";

  private final String target;
  private final boolean plaintext;

  /**
   * @param target the channel's target, as the user wrote it
   * @param plaintext whether the channel connects without TLS
   */
  TransportFailure(String target, boolean plaintext) {
    this.target = target;
    this.plaintext = plaintext;
  }

  /**
   * Returns {@code status} with details naming the target and the reason, if grpc-java made it
   * locally for a failed or lost connection; else {@code status} itself.
   *
   * @param status the status grpc-java closed the call with
   * @param answered whether the server's headers arrived
   */
  Status explain(Status status, boolean answered) {
    if (status.getCode() != Status.Code.UNAVAILABLE) {
      return status;
    }
    String description = Statuses.details(status);
    String reason;
    if (status.getCause() != null) {
      if (!fromNetwork(status.getCause())) {
        return status; // such as call credentials that failed: their message says it all
      }
      reason = describe(status.getCause());
    } else if (description.equals(NETWORK_CLOSED)) {
      reason =
          plaintext && !answered
              ? "the connection closed before the server answered; a TLS server closes a plaintext"
                  + " client's connection so"
              : null;
    } else {
      return status;
    }
    int lineEnd = description.indexOf('\n'); // grpc-java appends Netty's pipeline on a new line
    StringBuilder details =
        new StringBuilder(lineEnd < 0 ? description : description.substring(0, lineEnd))
            .append("; target ")
            .append(target);
    if (reason != null) {
      details.append("; last error: ").append(reason);
    }
    return status.withDescription(Statuses.oneLine(details.toString()));
  }

  /** Whether a connection failed: an I/O exception (refused, TLS, name lookup) in the chain. */
  private static boolean fromNetwork(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof IOException) {
        return true;
      }
    }
    return false;
  }

  /** {@code "<class>: <message>"}, the class named as a user knows it (not a nested subclass). */
  private static String describe(Throwable cause) {
    Class<?> type = cause.getClass();
    while ((type.getEnclosingClass() != null || type.isAnonymousClass())
        && type.getSuperclass() != null) {
      type = type.getSuperclass(); // Netty's AbstractChannel$AnnotatedConnectException, ...
    }
    String message = cause.getMessage();
    return message == null ? type.getSimpleName() : type.getSimpleName() + ": " + message;
  }
}
