package io.github.grpcaio.core.internal.client;

import io.github.grpcaio.core.internal.Statuses;
import io.grpc.Status;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.function.Predicate;
import javax.net.ssl.SSLException;

/**
 * Makes the {@code UNAVAILABLE} statuses grpc-java produces on the client side readable, as gRPC's
 * {@code "failed to connect to all addresses; last error: ..."} is: one line naming the channel's
 * target and the reason, which grpc-java keeps in the status's cause ({@code "io exception"} with a
 * connection refused or a TLS handshake failure) or does not know ({@code "Network closed for
 * unknown reason"}, which a TLS server causes by closing a plaintext client's connection); a
 * plaintext server's answer to a TLS client, which Netty reports as a hexadecimal dump, is named as
 * such, and a mutual-TLS server's refusal of the client's certificate (or of its absence) is said
 * to be about the client's certificate, which the JDK's alert does not say. The code stays
 * grpc-java's, the cause stays attached. Statuses a server sent carry no cause and are left alone,
 * as are local ones whose cause is not an I/O failure (call credentials that failed).
 *
 * <p>One code is corrected: grpc-java's Netty transport closes a call whose stream it was writing
 * when the connection had just closed (a new call right after the server's process died) with
 * {@code UNKNOWN "channel closed"} and the {@link ClosedChannelException} as the cause, a code it
 * gives only because the exception does not say why the channel closed (grpc-java issue 10120). It
 * is a lost connection, which every other path of grpc-java, and gRPC's other implementations,
 * report as {@code UNAVAILABLE}; so it becomes {@code UNAVAILABLE} here, explained as the others,
 * and a caller retrying on {@code UNAVAILABLE} retries it too. Immutable.
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
   * locally for a failed or lost connection (with the code {@code UNAVAILABLE}, see the class
   * description); else {@code status} itself.
   *
   * @param status the status grpc-java closed the call with
   * @param answered whether the server's headers arrived
   */
  Status explain(Status status, boolean answered) {
    if (status.getCode() == Status.Code.UNKNOWN
        && status.getCause() instanceof ClosedChannelException) {
      status =
          Status.UNAVAILABLE.withDescription(status.getDescription()).withCause(status.getCause());
    } else if (status.getCode() != Status.Code.UNAVAILABLE) {
      return status;
    }
    String description = Statuses.details(status);
    String reason;
    if (status.getCause() != null) {
      if (!fromNetwork(status.getCause())) {
        return status; // such as call credentials that failed: their message says it all
      }
      if (answeredInPlaintext(status.getCause())) {
        reason =
            "the server's answer is not TLS; a plaintext server answers a TLS client so"
                + " (NotSslRecordException)";
      } else if (refusedClientCertificate(status.getCause())) {
        reason =
            "the server refused this client's certificate, or asked for one the channel has"
                + " not got ("
                + describe(status.getCause())
                + ")";
      } else {
        reason = describe(status.getCause());
      }
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
    return anyInChain(cause, t -> t instanceof IOException);
  }

  /** Whether {@code cause} or any of its causes passes {@code test}. */
  private static boolean anyInChain(Throwable cause, Predicate<Throwable> test) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (test.test(t)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a TLS client got bytes that are not TLS: Netty's {@code NotSslRecordException}, whose
   * message is the bytes in hexadecimal (a plaintext server's HTTP/2 frames), no help to a reader.
   */
  private static boolean answeredInPlaintext(Throwable cause) {
    return anyInChain(
        cause, t -> t.getClass().getName().equals("io.netty.handler.ssl.NotSslRecordException"));
  }

  /**
   * Whether the server ended the TLS handshake over the client's certificate: the alert a server
   * that wants one sends when it is missing or not trusted ({@code bad_certificate}, or TLS 1.3's
   * {@code certificate_required}), which the JDK reports without saying whose certificate it was.
   */
  private static boolean refusedClientCertificate(Throwable cause) {
    return anyInChain(
        cause,
        t ->
            t instanceof SSLException
                && t.getMessage() != null
                && t.getMessage().startsWith("Received fatal alert: ")
                && (t.getMessage().endsWith("bad_certificate")
                    || t.getMessage().endsWith("certificate_required")));
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
