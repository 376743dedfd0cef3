package io.github.grpcaio;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * How a channel is configured: Python's {@code options}, {@code compression} and {@code
 * interceptors} arguments of {@code insecure_channel}/{@code secure_channel}, as an immutable value
 * built with {@link #builder()}. Unset values mean grpc-java's defaults.
 *
 * <p>Python's option names are accepted by {@link Builder#option(String, Object)} and mapped onto
 * the typed setters; see {@link #OPTION_NAMES}.
 */
public final class ChannelOptions {

  /** A channel with every default. */
  public static final ChannelOptions DEFAULT = builder().build();

  /** The {@code grpc.*} option names {@link Builder#option(String, Object)} accepts. */
  public static final Set<String> OPTION_NAMES =
      Set.copyOf(
          new TreeSet<>(
              List.of(
                  "grpc.max_receive_message_length",
                  "grpc.max_send_message_length",
                  "grpc.max_metadata_size",
                  "grpc.primary_user_agent",
                  "grpc.default_authority",
                  "grpc.ssl_target_name_override",
                  "grpc.keepalive_time_ms",
                  "grpc.keepalive_timeout_ms",
                  "grpc.keepalive_permit_without_calls",
                  "grpc.enable_retries",
                  "grpc.service_config",
                  "grpc.lb_policy_name")));

  /**
   * gRPC core's channel option names that have no meaning in grpc-java: {@link
   * Builder#option(String, Object)} accepts them, ignores the value and logs a warning the first
   * time each is used, so that option lists ported from Python keep working.
   */
  public static final Set<String> IGNORED_OPTION_NAMES =
      OptionNames.ignored(
          "grpc.initial_reconnect_backoff_ms",
          "grpc.min_reconnect_backoff_ms",
          "grpc.max_reconnect_backoff_ms",
          "grpc.dns_min_time_between_resolutions_ms");

  private final Executor executor;
  private final List<ClientInterceptor> interceptors;
  private final List<io.grpc.ClientInterceptor> grpcInterceptors;
  private final List<ContextPropagator<?>> contextPropagators; // null: the globals
  private final Consumer<? super io.grpc.ManagedChannelBuilder<?>> grpcBuilderConfigurer;
  private final Compression compression;
  private final Integer maxReceiveMessageLength;
  private final Integer maxSendMessageLength;
  private final Integer maxMetadataSize;
  private final String primaryUserAgent;
  private final String defaultAuthority;
  private final Duration keepaliveTime;
  private final Duration keepaliveTimeout;
  private final Boolean keepalivePermitWithoutCalls;
  private final Boolean enableRetries;
  private final String serviceConfig;
  private final String lbPolicyName;

  private ChannelOptions(Builder b) {
    this.executor = b.executor;
    this.interceptors = List.copyOf(b.interceptors);
    this.grpcInterceptors = List.copyOf(b.grpcInterceptors);
    this.contextPropagators = b.contextPropagators;
    this.grpcBuilderConfigurer = b.grpcBuilderConfigurer;
    this.compression = b.compression;
    this.maxReceiveMessageLength = b.maxReceiveMessageLength;
    this.maxSendMessageLength = b.maxSendMessageLength;
    this.maxMetadataSize = b.maxMetadataSize;
    this.primaryUserAgent = b.primaryUserAgent;
    this.defaultAuthority = b.defaultAuthority;
    this.keepaliveTime = b.keepaliveTime;
    this.keepaliveTimeout = b.keepaliveTimeout;
    this.keepalivePermitWithoutCalls = b.keepalivePermitWithoutCalls;
    this.enableRetries = b.enableRetries;
    this.serviceConfig = b.serviceConfig;
    this.lbPolicyName = b.lbPolicyName;
  }

  /**
   * Starts a builder with every default.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder holding these options, to derive a changed copy.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.executor = executor;
    b.interceptors = List.copyOf(interceptors);
    b.grpcInterceptors = List.copyOf(grpcInterceptors);
    b.contextPropagators = contextPropagators;
    b.grpcBuilderConfigurer = grpcBuilderConfigurer;
    b.compression = compression;
    b.maxReceiveMessageLength = maxReceiveMessageLength;
    b.maxSendMessageLength = maxSendMessageLength;
    b.maxMetadataSize = maxMetadataSize;
    b.primaryUserAgent = primaryUserAgent;
    b.defaultAuthority = defaultAuthority;
    b.keepaliveTime = keepaliveTime;
    b.keepaliveTimeout = keepaliveTimeout;
    b.keepalivePermitWithoutCalls = keepalivePermitWithoutCalls;
    b.enableRetries = enableRetries;
    b.serviceConfig = serviceConfig;
    b.lbPolicyName = lbPolicyName;
    return b;
  }

  /**
   * Returns the executor that runs callbacks, futures and subscribers of this channel's calls.
   *
   * @return the executor, empty for the library's shared default (a cached pool of daemon threads,
   *     never a transport thread)
   */
  public Optional<Executor> executor() {
    return Optional.ofNullable(executor);
  }

  /**
   * Returns the client interceptors, outermost first.
   *
   * @return an unmodifiable list, empty for none
   */
  public List<ClientInterceptor> interceptors() {
    return interceptors;
  }

  /**
   * Returns the grpc-java client interceptors, outermost first; they run inside the {@link
   * #interceptors()}, next to the transport.
   *
   * @return an unmodifiable list, empty for none
   */
  public List<io.grpc.ClientInterceptor> grpcInterceptors() {
    return grpcInterceptors;
  }

  /**
   * Returns the default compression of the channel's calls.
   *
   * @return the compression, empty for none
   */
  public Optional<Compression> compression() {
    return Optional.ofNullable(compression);
  }

  /**
   * Returns the largest message the channel accepts ({@code grpc.max_receive_message_length}).
   *
   * @return bytes, empty for grpc's default of 4 MiB
   */
  public Optional<Integer> maxReceiveMessageLength() {
    return Optional.ofNullable(maxReceiveMessageLength);
  }

  /**
   * Returns the largest message the channel sends ({@code grpc.max_send_message_length}).
   *
   * @return bytes, empty for unlimited
   */
  public Optional<Integer> maxSendMessageLength() {
    return Optional.ofNullable(maxSendMessageLength);
  }

  /**
   * Returns the largest metadata the channel accepts ({@code grpc.max_metadata_size}).
   *
   * @return bytes, empty for grpc's default of 8 KiB
   */
  public Optional<Integer> maxMetadataSize() {
    return Optional.ofNullable(maxMetadataSize);
  }

  /**
   * Returns the user agent prefix ({@code grpc.primary_user_agent}).
   *
   * @return the user agent, empty for the default
   */
  public Optional<String> primaryUserAgent() {
    return Optional.ofNullable(primaryUserAgent);
  }

  /**
   * Returns the authority sent instead of the target's ({@code grpc.default_authority}).
   *
   * @return the authority, empty for the target's
   */
  public Optional<String> defaultAuthority() {
    return Optional.ofNullable(defaultAuthority);
  }

  /**
   * Returns the keepalive ping interval ({@code grpc.keepalive_time_ms}).
   *
   * @return the interval, empty for no keepalive
   */
  public Optional<Duration> keepaliveTime() {
    return Optional.ofNullable(keepaliveTime);
  }

  /**
   * Returns how long to wait for a keepalive ack ({@code grpc.keepalive_timeout_ms}).
   *
   * @return the timeout, empty for the default
   */
  public Optional<Duration> keepaliveTimeout() {
    return Optional.ofNullable(keepaliveTimeout);
  }

  /**
   * Returns whether keepalive pings go out without active calls ({@code
   * grpc.keepalive_permit_without_calls}).
   *
   * @return the choice, empty for the default (false)
   */
  public Optional<Boolean> keepalivePermitWithoutCalls() {
    return Optional.ofNullable(keepalivePermitWithoutCalls);
  }

  /**
   * Returns whether retries and hedging by service config are enabled ({@code
   * grpc.enable_retries}).
   *
   * @return the choice, empty for the default (enabled, as in gRPC)
   */
  public Optional<Boolean> enableRetries() {
    return Optional.ofNullable(enableRetries);
  }

  /**
   * Returns the service config JSON ({@code grpc.service_config}).
   *
   * @return the JSON, empty for none
   */
  public Optional<String> serviceConfig() {
    return Optional.ofNullable(serviceConfig);
  }

  /**
   * Returns the load-balancing policy used when the service config names none ({@code
   * grpc.lb_policy_name}).
   *
   * @return the policy name ({@code pick_first}, {@code round_robin}, ...), empty for {@code
   *     pick_first}
   */
  public Optional<String> lbPolicyName() {
    return Optional.ofNullable(lbPolicyName);
  }

  /**
   * Returns the context propagators of this channel's calls; see {@link
   * Builder#contextPropagators}.
   *
   * @return the propagators set, or, if none were set, those {@linkplain
   *     ContextPropagator#registerGlobal registered globally} now
   */
  public List<ContextPropagator<?>> contextPropagators() {
    return contextPropagators != null ? contextPropagators : ContextPropagator.globals();
  }

  /**
   * Returns what configures the grpc-java channel builder; see {@link Builder#grpcBuilder}.
   *
   * @return the configurer, empty for none
   */
  public Optional<Consumer<? super io.grpc.ManagedChannelBuilder<?>>> grpcBuilder() {
    return Optional.ofNullable(grpcBuilderConfigurer);
  }

  @Override
  public String toString() {
    return "ChannelOptions[executor="
        + executor
        + ", interceptors="
        + interceptors.size()
        + ", grpcInterceptors="
        + grpcInterceptors.size()
        + ", contextPropagators="
        + contextPropagators
        + ", grpcBuilder="
        + grpcBuilderConfigurer
        + ", compression="
        + compression
        + ", maxReceiveMessageLength="
        + maxReceiveMessageLength
        + ", maxSendMessageLength="
        + maxSendMessageLength
        + ", maxMetadataSize="
        + maxMetadataSize
        + ", primaryUserAgent="
        + primaryUserAgent
        + ", defaultAuthority="
        + defaultAuthority
        + ", keepaliveTime="
        + keepaliveTime
        + ", keepaliveTimeout="
        + keepaliveTimeout
        + ", keepalivePermitWithoutCalls="
        + keepalivePermitWithoutCalls
        + ", enableRetries="
        + enableRetries
        + ", serviceConfig="
        + (serviceConfig == null ? null : serviceConfig.length() + " chars")
        + ", lbPolicyName="
        + lbPolicyName
        + "]";
  }

  /** Builds {@link ChannelOptions}. Not thread-safe. */
  public static final class Builder {
    private Executor executor;
    private List<ClientInterceptor> interceptors = List.of();
    private List<io.grpc.ClientInterceptor> grpcInterceptors = List.of();
    private List<ContextPropagator<?>> contextPropagators;
    private Consumer<? super io.grpc.ManagedChannelBuilder<?>> grpcBuilderConfigurer;
    private Compression compression;
    private Integer maxReceiveMessageLength;
    private Integer maxSendMessageLength;
    private Integer maxMetadataSize;
    private String primaryUserAgent;
    private String defaultAuthority;
    private Duration keepaliveTime;
    private Duration keepaliveTimeout;
    private Boolean keepalivePermitWithoutCalls;
    private Boolean enableRetries;
    private String serviceConfig;
    private String lbPolicyName;
    private String authorityOptionName; // the option name that set defaultAuthority, if one did

    private Builder() {}

    /**
     * Sets the executor for callbacks, futures and subscribers. Pass {@code Runnable::run} only if
     * your callbacks never block: they then run on transport threads.
     *
     * @param executor the executor, or null for the shared default
     * @return this builder
     */
    public Builder executor(Executor executor) {
      this.executor = executor;
      return this;
    }

    /**
     * Sets the client interceptors, outermost first.
     *
     * <p>A call behind interceptors behaves as one without: in particular, a request publisher is
     * subscribed to when the call is made, and the call the chain makes takes over that
     * subscription (see {@link StreamUnaryMultiCallable#call(java.util.concurrent.Flow.Publisher,
     * CallOptions)}).
     *
     * @return this builder
     * @throws NullPointerException if an element is null
     */
    public Builder interceptors(List<? extends ClientInterceptor> interceptors) {
      this.interceptors = List.copyOf(interceptors);
      return this;
    }

    /**
     * Sets grpc-java client interceptors ({@link io.grpc.ClientInterceptor}), outermost first, for
     * every call of the channel (wrapped channels included).
     *
     * <p>Order: the aio {@linkplain #interceptors(List) interceptors} run first, in list order;
     * then these, in list order; then the transport. (grpc-java's {@code
     * ClientInterceptors.intercept(channel, list)} runs the <em>last</em> of its list first; this
     * list is the other way round, so that both lists read outermost first.) They see every call of
     * the four kinds as a grpc-java {@link io.grpc.ClientCall} of {@code InputStream} messages.
     * Their {@code ClientCall} methods run on the thread that drives the call (the caller's or the
     * channel's executor); their {@code ClientCall.Listener} methods run where grpc-java delivers
     * events: on a transport thread for the library's own channels (built with a direct executor),
     * on the wrapped channel's executor for a wrapped one. So they must not block. Deadline,
     * compression and call credentials are already set in the {@link io.grpc.CallOptions} they see.
     *
     * @param interceptors the interceptors
     * @return this builder
     * @throws NullPointerException if the list or an element is null
     */
    public Builder grpcInterceptors(List<? extends io.grpc.ClientInterceptor> interceptors) {
      this.grpcInterceptors = List.copyOf(interceptors);
      return this;
    }

    /**
     * Sets the context propagators: the thread-bound values (an SLF4J MDC, an OpenTelemetry {@code
     * Context}, any {@link ThreadLocal}) carried to where the library runs code for a call, from
     * the thread that makes it. See {@link ContextPropagator}. gRPC's {@link io.grpc.Context} is
     * always carried, whatever this list says.
     *
     * @param propagators the propagators, or null for those {@linkplain
     *     ContextPropagator#registerGlobal registered globally} when the channel is created
     * @return this builder
     * @throws NullPointerException if an element is null
     */
    public Builder contextPropagators(List<? extends ContextPropagator<?>> propagators) {
      this.contextPropagators = propagators == null ? null : List.copyOf(propagators);
      return this;
    }

    /**
     * Sets code that configures the grpc-java channel builder the library makes for this channel
     * (Netty or in-process), after the library's own settings: to install what grpc-java
     * integrations configure through a builder, such as {@code
     * GrpcOpenTelemetry::configureChannelBuilder}. It must not change the executor, the target or
     * the transport settings the options above set. Not applied to a channel made by {@code
     * GrpcAio.wrapChannel}: configure that one yourself.
     *
     * @param configurer the configurer, or null for none
     * @return this builder
     */
    public Builder grpcBuilder(Consumer<? super io.grpc.ManagedChannelBuilder<?>> configurer) {
      this.grpcBuilderConfigurer = configurer;
      return this;
    }

    /**
     * Sets the default compression of calls.
     *
     * @param compression the algorithm, or null for none
     * @return this builder
     */
    public Builder compression(Compression compression) {
      this.compression = compression;
      return this;
    }

    /**
     * Sets the largest message accepted.
     *
     * @param bytes the limit; -1 means unlimited, as in Python
     * @return this builder
     * @throws IllegalArgumentException if below -1
     */
    public Builder maxReceiveMessageLength(int bytes) {
      this.maxReceiveMessageLength = limit("maxReceiveMessageLength", bytes);
      return this;
    }

    /**
     * Sets the largest message sent; a larger one fails its call with {@code RESOURCE_EXHAUSTED}.
     *
     * @param bytes the limit; -1 means unlimited
     * @return this builder
     * @throws IllegalArgumentException if below -1
     */
    public Builder maxSendMessageLength(int bytes) {
      this.maxSendMessageLength = limit("maxSendMessageLength", bytes);
      return this;
    }

    /**
     * Sets the largest metadata accepted.
     *
     * @param bytes the limit, positive
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder maxMetadataSize(int bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("maxMetadataSize must be positive: " + bytes);
      }
      this.maxMetadataSize = bytes;
      return this;
    }

    /**
     * Sets the user agent prefix.
     *
     * @return this builder
     */
    public Builder primaryUserAgent(String userAgent) {
      this.primaryUserAgent = userAgent;
      return this;
    }

    /**
     * Sets the authority (the {@code :authority} header and TLS name) instead of the target's.
     *
     * @return this builder
     */
    public Builder defaultAuthority(String authority) {
      this.defaultAuthority = authority;
      return this;
    }

    /**
     * Sets keepalive pings.
     *
     * @param time the interval between pings
     * @param timeout how long to wait for the ack before closing the connection
     * @param permitWithoutCalls whether to ping when no call is active
     * @return this builder
     * @throws IllegalArgumentException if a duration is not positive
     */
    public Builder keepalive(Duration time, Duration timeout, boolean permitWithoutCalls) {
      this.keepaliveTime = positive("keepalive time", time);
      this.keepaliveTimeout = positive("keepalive timeout", timeout);
      this.keepalivePermitWithoutCalls = permitWithoutCalls;
      return this;
    }

    /**
     * Enables or disables retries (by service config).
     *
     * @param enable the choice
     * @return this builder
     */
    public Builder enableRetries(boolean enable) {
      this.enableRetries = enable;
      return this;
    }

    /**
     * Sets the default service config, in gRPC's JSON form (used when the name resolver supplies
     * none): method configs with timeouts, {@code retryPolicy} and {@code hedgingPolicy}, load
     * balancing. The JSON and its content are checked when the channel is created, which throws
     * {@link IllegalArgumentException} naming {@code grpc.service_config} if either is invalid.
     *
     * @param json the service config
     * @return this builder
     */
    public Builder serviceConfig(String json) {
      this.serviceConfig = Objects.requireNonNull(json, "json");
      return this;
    }

    /**
     * Sets the load-balancing policy used when the service config names none. The channel refuses a
     * policy grpc-java does not know with {@link IllegalArgumentException} when it is created;
     * in-process channels, which have a single address, ignore it.
     *
     * @param policy a policy name, such as {@code pick_first} or {@code round_robin}
     * @return this builder
     */
    public Builder lbPolicyName(String policy) {
      this.lbPolicyName = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Sets an option by its Python name ({@code grpc.max_receive_message_length}, ...), mapped onto
     * the typed setters above. Integer options take an {@code Integer} or {@code Long}; boolean
     * ones a {@code Boolean} or 0/1; the rest a {@code String}.
     *
     * <p>{@code grpc.ssl_target_name_override} and {@code grpc.default_authority} are one setting
     * in grpc-java ({@link #defaultAuthority(String)}, its {@code overrideAuthority}): the name the
     * TLS certificate is checked against and the {@code :authority} sent; giving both with
     * different values is refused. A name of {@link #IGNORED_OPTION_NAMES} is accepted and has no
     * effect (a warning is logged once per name).
     *
     * @param name one of {@link #OPTION_NAMES} or {@link #IGNORED_OPTION_NAMES}
     * @return this builder
     * @throws IllegalArgumentException for an unknown name (the message names the closest known one
     *     and lists them all), a value of the wrong type, or two authorities that differ
     */
    public Builder option(String name, Object value) {
      switch (Objects.requireNonNull(name, "name")) {
        case "grpc.max_receive_message_length" ->
            maxReceiveMessageLength(OptionValues.toInt(name, value));
        case "grpc.max_send_message_length" ->
            maxSendMessageLength(OptionValues.toInt(name, value));
        case "grpc.max_metadata_size" -> maxMetadataSize(OptionValues.toInt(name, value));
        case "grpc.primary_user_agent" -> primaryUserAgent(OptionValues.toText(name, value));
        case "grpc.default_authority", "grpc.ssl_target_name_override" ->
            defaultAuthority(authorityOption(name, OptionValues.toText(name, value)));
        case "grpc.keepalive_time_ms" -> keepaliveTime = OptionValues.toPositiveMillis(name, value);
        case "grpc.keepalive_timeout_ms" ->
            keepaliveTimeout = OptionValues.toPositiveMillis(name, value);
        case "grpc.keepalive_permit_without_calls" ->
            keepalivePermitWithoutCalls = OptionValues.toBoolean(name, value);
        case "grpc.enable_retries" -> enableRetries(OptionValues.toBoolean(name, value));
        case "grpc.service_config" -> serviceConfig(OptionValues.toText(name, value));
        case "grpc.lb_policy_name" -> lbPolicyName(OptionValues.toText(name, value));
        default ->
            OptionNames.acceptIgnoredOrRefuse("channel", name, OPTION_NAMES, IGNORED_OPTION_NAMES);
      }
      return this;
    }

    /**
     * Builds the options.
     *
     * @return an immutable value
     */
    public ChannelOptions build() {
      return new ChannelOptions(this);
    }

    /** Refuses an authority by name that contradicts the one already given by the other name. */
    private String authorityOption(String name, String authority) {
      if (authorityOptionName != null
          && !authorityOptionName.equals(name)
          && !authority.equals(defaultAuthority)) {
        throw new IllegalArgumentException(
            name
                + " '"
                + authority
                + "' contradicts "
                + authorityOptionName
                + " '"
                + defaultAuthority
                + "': both set grpc-java's overrideAuthority; give one value");
      }
      authorityOptionName = name;
      return authority;
    }

    private static int limit(String what, int bytes) {
      if (bytes < -1) {
        throw new IllegalArgumentException(what + " must be -1 (unlimited) or more: " + bytes);
      }
      return bytes;
    }

    private static Duration positive(String what, Duration d) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " must be positive: " + d);
      }
      return d;
    }
  }
}
