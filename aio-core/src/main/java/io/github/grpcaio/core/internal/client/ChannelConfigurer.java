package io.github.grpcaio.core.internal.client;

import io.github.grpcaio.ChannelOptions;
import io.github.grpcaio.core.internal.Durations;
import io.github.grpcaio.core.internal.MessageEncodings;
import io.grpc.LoadBalancerRegistry;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.inprocess.InProcessChannelBuilder;
import java.util.concurrent.TimeUnit;

/**
 * Turns {@link ChannelOptions} into grpc-java channel builder settings, in one place for every
 * transport:
 *
 * <ul>
 *   <li>the user agent ({@code grpc.primary_user_agent}, else {@code grpc-aio-java}), the receive
 *       limits ({@code grpc.max_receive_message_length}, -1 for none; {@code
 *       grpc.max_metadata_size}) and the authority ({@code grpc.default_authority});
 *   <li>the message encodings of {@link MessageEncodings} (identity, gzip, deflate);
 *   <li>keepalive ({@code grpc.keepalive_time_ms}, {@code grpc.keepalive_timeout_ms}, {@code
 *       grpc.keepalive_permit_without_calls}); grpc-java raises a keepalive time below 10 s to 10
 *       s, and the in-process transport ignores keepalive;
 *   <li>{@code grpc.enable_retries}: on by default, as in gRPC, on every transport (grpc-java's
 *       in-process builder turns it off, so it is turned on explicitly); {@code false} disables
 *       retries and hedging;
 *   <li>{@code grpc.lb_policy_name}: grpc-java's {@code defaultLoadBalancingPolicy} (not for
 *       in-process channels, which have one address);
 *   <li>{@code grpc.service_config}: parsed as JSON here ({@link ServiceConfigJson}) and given to
 *       {@code defaultServiceConfig}; grpc-java validates its content when the channel is built.
 * </ul>
 */
public final class ChannelConfigurer {

  /** The user agent a channel sends when {@code grpc.primary_user_agent} is not set. */
  private static final String USER_AGENT = "grpc-aio-java";

  private ChannelConfigurer() {}

  /**
   * Applies the options to a channel builder.
   *
   * @param builder the builder
   * @param options the options
   * @throws IllegalArgumentException if the service config is not a JSON object, or the
   *     load-balancing policy is unknown
   */
  public static void apply(ManagedChannelBuilder<?> builder, ChannelOptions options) {
    checkLbPolicy(options);
    builder.userAgent(options.primaryUserAgent().orElse(USER_AGENT));
    options
        .maxReceiveMessageLength()
        .ifPresent(n -> builder.maxInboundMessageSize(n < 0 ? Integer.MAX_VALUE : n));
    options.maxMetadataSize().ifPresent(builder::maxInboundMetadataSize);
    options.defaultAuthority().ifPresent(builder::overrideAuthority);
    builder.compressorRegistry(MessageEncodings.COMPRESSORS);
    builder.decompressorRegistry(MessageEncodings.DECOMPRESSORS);
    options
        .keepaliveTime()
        .ifPresent(d -> builder.keepAliveTime(Durations.toNanos(d), TimeUnit.NANOSECONDS));
    options
        .keepaliveTimeout()
        .ifPresent(d -> builder.keepAliveTimeout(Durations.toNanos(d), TimeUnit.NANOSECONDS));
    options.keepalivePermitWithoutCalls().ifPresent(builder::keepAliveWithoutCalls);
    if (options.enableRetries().orElse(true)) {
      builder.enableRetry(); // grpc-java's in-process builder turns retries off by default
    } else {
      builder.disableRetry();
    }
    options
        .serviceConfig()
        .ifPresent(json -> builder.defaultServiceConfig(ServiceConfigJson.parseObject(json)));
    if (!(builder instanceof InProcessChannelBuilder)) {
      options.lbPolicyName().ifPresent(policy -> builder.defaultLoadBalancingPolicy(policy));
    }
    options
        .grpcBuilder()
        .ifPresent(configurer -> configurer.accept(builder)); // last, as documented
  }

  /**
   * Refuses a load-balancing policy grpc-java does not know; grpc-java itself would only fail the
   * calls.
   *
   * @param options the options
   * @throws IllegalArgumentException if {@code grpc.lb_policy_name} names an unknown policy
   */
  static void checkLbPolicy(ChannelOptions options) {
    options
        .lbPolicyName()
        .ifPresent(
            policy -> {
              if (LoadBalancerRegistry.getDefaultRegistry().getProvider(policy) == null) {
                throw new IllegalArgumentException(
                    "Unknown load-balancing policy in grpc.lb_policy_name: '" + policy + "'");
              }
            });
  }

  /**
   * Builds the channel, turning grpc-java's refusal of an invalid default service config ({@code
   * IllegalStateException "Default config is invalid"}) into an {@link IllegalArgumentException}
   * naming the option.
   *
   * @param builder the configured builder
   * @return the channel
   * @throws IllegalArgumentException if the service config is invalid (with the {@code
   *     IllegalStateException} as cause), or grpc-java refuses the target
   */
  public static ManagedChannel build(ManagedChannelBuilder<?> builder) {
    try {
      return builder.build();
    } catch (IllegalStateException e) {
      throw new IllegalArgumentException("Invalid grpc.service_config: " + e.getMessage(), e);
    }
  }
}
