package io.github.grpcaio.core.internal.client;

import io.github.grpcaio.AioRpcError;
import io.github.grpcaio.Metadata;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.core.internal.GrpcMetadata;
import io.github.grpcaio.core.internal.Statuses;
import java.util.concurrent.CancellationException;

/**
 * What the status accessors of an intercepted call report when its interceptor chain failed: an
 * {@link AioRpcError}'s code, details and metadata; {@code CANCELLED} for a {@link
 * CancellationException}; {@code UNKNOWN} with details {@code "Unexpected <class>: <message>"} for
 * any other exception.
 */
final class ChainFailureStatus {

  private ChainFailureStatus() {}

  static StatusCode code(Throwable failure) {
    if (failure instanceof AioRpcError e) {
      return e.code();
    }
    return failure instanceof CancellationException ? StatusCode.CANCELLED : StatusCode.UNKNOWN;
  }

  static String details(Throwable failure) {
    if (failure instanceof AioRpcError e) {
      return e.details() == null ? "" : e.details();
    }
    if (failure instanceof CancellationException) {
      return failure.getMessage() == null ? ClientRpc.LOCALLY_CANCELLED : failure.getMessage();
    }
    return "Unexpected " + Statuses.describe(failure);
  }

  static String debugErrorString(Throwable failure) {
    return failure instanceof AioRpcError e ? e.debugErrorString() : details(failure);
  }

  static Metadata initialMetadata(Throwable failure) {
    return failure instanceof AioRpcError e && e.initialMetadata() != null
        ? e.initialMetadata()
        : GrpcMetadata.EMPTY;
  }

  static Metadata trailingMetadata(Throwable failure) {
    return failure instanceof AioRpcError e && e.trailingMetadata() != null
        ? e.trailingMetadata()
        : GrpcMetadata.EMPTY;
  }
}
