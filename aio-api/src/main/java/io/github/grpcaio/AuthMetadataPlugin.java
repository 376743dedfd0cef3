package io.github.grpcaio;

import java.util.concurrent.CompletionStage;

/**
 * Produces the metadata that authenticates one call, as Python's {@code grpc.AuthMetadataPlugin}.
 * Used through {@link CallCredentials#metadata(AuthMetadataPlugin, String)}.
 *
 * <p>It runs on the channel's executor, never on a transport thread. A failed stage fails the call
 * with {@code UNAVAILABLE} ("Getting metadata from plugin failed with error: ...").
 */
@FunctionalInterface
public interface AuthMetadataPlugin {

  /**
   * Returns the metadata to add to a call.
   *
   * @param context which service and method the call is for
   * @return a stage completing with the metadata to add
   */
  CompletionStage<Metadata> getMetadata(AuthMetadataContext context);
}
