package io.github.grpcaio;

import java.util.List;
import java.util.Objects;

/**
 * Credentials attached to each call as metadata: Python's {@code
 * grpc.access_token_call_credentials}, {@code metadata_call_credentials} and {@code
 * composite_call_credentials}. They are only allowed on secure channels; on an insecure channel a
 * call with them fails at once with {@link UsageError} ("Call credentials are only valid on secure
 * channels"), as in gRPC.
 */
public sealed interface CallCredentials
    permits CallCredentials.AccessToken,
        CallCredentials.Plugin,
        CallCredentials.Composite,
        CallCredentials.GrpcJava {

  /**
   * Adds {@code authorization: Bearer <token>} to every call.
   *
   * @param accessToken the token
   * @return call credentials
   */
  static CallCredentials accessToken(String accessToken) {
    return new AccessToken(accessToken);
  }

  /**
   * Asks {@code plugin} for metadata before every call, as {@code grpc.metadata_call_credentials}.
   *
   * @param plugin produces the metadata; runs off the transport threads
   * @param name a name for logs, or null
   * @return call credentials
   */
  static CallCredentials metadata(AuthMetadataPlugin plugin, String name) {
    return new Plugin(plugin, name);
  }

  /**
   * Applies several call credentials in order, as {@code grpc.composite_call_credentials}.
   *
   * @param callCredentials two or more credentials
   * @return call credentials
   */
  static CallCredentials composite(CallCredentials... callCredentials) {
    return new Composite(List.of(callCredentials));
  }

  /**
   * grpc-java call credentials, such as grpc-auth's {@code MoreCallCredentials.from(credentials)}
   * or a hand-written {@link io.grpc.CallCredentials}. They take their place among the other parts
   * of a {@link #composite} (the parts apply in order, later values of a key added after earlier
   * ones), on the channel's executor. They get grpc-java's {@code RequestInfo} (method, authority,
   * security level, call options) and decide themselves whether the connection is secure enough
   * (grpc-auth's, for {@code GoogleCredentials}, fail the call with {@code UNAUTHENTICATED} over
   * plaintext). A failure they report through their {@code MetadataApplier} fails the call with
   * that status.
   *
   * @param credentials the grpc-java credentials
   * @return call credentials
   * @throws NullPointerException if {@code credentials} is null
   */
  static CallCredentials fromGrpc(io.grpc.CallCredentials credentials) {
    return new GrpcJava(credentials);
  }

  /**
   * Bearer-token call credentials. {@link #toString()} hides the token.
   *
   * @param token the access token
   */
  record AccessToken(String token) implements CallCredentials {
    /**
     * Checks the token.
     *
     * @param token the access token
     */
    public AccessToken {
      Objects.requireNonNull(token, "token");
    }

    @Override
    public String toString() {
      return "CallCredentials.AccessToken[***]";
    }
  }

  /**
   * Plugin call credentials.
   *
   * @param plugin the metadata plugin
   * @param name a name for logs, or null
   */
  record Plugin(AuthMetadataPlugin plugin, String name) implements CallCredentials {
    /**
     * Checks the plugin.
     *
     * @param plugin the metadata plugin
     * @param name a name for logs, or null
     */
    public Plugin {
      Objects.requireNonNull(plugin, "plugin");
    }
  }

  /**
   * grpc-java call credentials, see {@link #fromGrpc}.
   *
   * @param credentials the grpc-java credentials
   */
  record GrpcJava(io.grpc.CallCredentials credentials) implements CallCredentials {
    /**
     * Checks the credentials.
     *
     * @param credentials the grpc-java credentials
     */
    public GrpcJava {
      Objects.requireNonNull(credentials, "credentials");
    }
  }

  /**
   * Several call credentials applied in order.
   *
   * @param callCredentials the parts
   */
  record Composite(List<CallCredentials> callCredentials) implements CallCredentials {
    /**
     * Checks and copies the parts.
     *
     * @param callCredentials the parts
     */
    public Composite {
      callCredentials = List.copyOf(callCredentials);
    }
  }
}
