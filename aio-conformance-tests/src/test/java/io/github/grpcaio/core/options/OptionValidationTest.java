package io.github.grpcaio.core.options;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.grpcaio.ChannelOptions;
import io.github.grpcaio.ServerOptions;
import io.github.grpcaio.core.GrpcAio;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad option input gets an {@link IllegalArgumentException} naming the cause: an unknown option
 * name, a value of the wrong type, a negative limit or duration, an unknown load-balancing policy.
 */
class OptionValidationTest {

  /** A well-typed value for every channel option name. */
  private static final Map<String, Object> CHANNEL_VALUES =
      Map.ofEntries(
          Map.entry("grpc.max_receive_message_length", 1),
          Map.entry("grpc.max_send_message_length", 1),
          Map.entry("grpc.max_metadata_size", 1),
          Map.entry("grpc.primary_user_agent", "a"),
          Map.entry("grpc.default_authority", "a"),
          Map.entry("grpc.ssl_target_name_override", "a"),
          Map.entry("grpc.keepalive_time_ms", 1),
          Map.entry("grpc.keepalive_timeout_ms", 1),
          Map.entry("grpc.keepalive_permit_without_calls", true),
          Map.entry("grpc.enable_retries", 0),
          Map.entry("grpc.service_config", "{}"),
          Map.entry("grpc.lb_policy_name", "pick_first"));

  /** A well-typed value for every server option name. */
  private static final Map<String, Object> SERVER_VALUES =
      Map.ofEntries(
          Map.entry("grpc.max_receive_message_length", 1),
          Map.entry("grpc.max_send_message_length", 1),
          Map.entry("grpc.max_metadata_size", 1),
          Map.entry("grpc.max_concurrent_streams", 1),
          Map.entry("grpc.keepalive_time_ms", 1),
          Map.entry("grpc.keepalive_timeout_ms", 1),
          Map.entry("grpc.keepalive_permit_without_calls", 1),
          Map.entry("grpc.http2.min_ping_interval_without_data_ms", 0),
          Map.entry("grpc.max_connection_idle_ms", 1),
          Map.entry("grpc.max_connection_age_ms", 1),
          Map.entry("grpc.max_connection_age_grace_ms", 0));

  @Test
  void everyListedName_rightType_isAccepted() {
    org.assertj.core.api.Assertions.assertThat(CHANNEL_VALUES.keySet())
        .isEqualTo(ChannelOptions.OPTION_NAMES);
    org.assertj.core.api.Assertions.assertThat(SERVER_VALUES.keySet())
        .isEqualTo(ServerOptions.OPTION_NAMES);

    CHANNEL_VALUES.forEach(
        (name, value) ->
            assertThatCode(() -> ChannelOptions.builder().option(name, value))
                .as(name)
                .doesNotThrowAnyException());
    SERVER_VALUES.forEach(
        (name, value) ->
            assertThatCode(() -> ServerOptions.builder().option(name, value))
                .as(name)
                .doesNotThrowAnyException());
  }

  @Test
  void everyListedName_wrongType_throwsNamingTheOption() {
    Object wrong = new Object();
    CHANNEL_VALUES
        .keySet()
        .forEach(
            name ->
                assertThatThrownBy(() -> ChannelOptions.builder().option(name, wrong))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(name));
    SERVER_VALUES
        .keySet()
        .forEach(
            name ->
                assertThatThrownBy(() -> ServerOptions.builder().option(name, wrong))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(name));
  }

  @Test
  void unknownName_throwsNamingItAndListingTheKnownOnes() {
    assertThatThrownBy(() -> ChannelOptions.builder().option("grpc.no_such_option", 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("grpc.no_such_option")
        .hasMessageContaining("grpc.keepalive_time_ms");
    assertThatThrownBy(() -> ServerOptions.builder().option("grpc.enable_retries", 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("grpc.enable_retries")
        .hasMessageContaining("grpc.max_connection_age_ms");
  }

  @Test
  void stringWhereAnIntegerIsNeeded_throwsNamingTheOption() {
    assertThatThrownBy(() -> ChannelOptions.builder().option("grpc.keepalive_time_ms", "1000"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("grpc.keepalive_time_ms")
        .hasMessageContaining("String");
    assertThatThrownBy(() -> ChannelOptions.builder().option("grpc.enable_retries", 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("grpc.enable_retries");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "grpc.max_receive_message_length",
        "grpc.max_send_message_length",
        "grpc.max_metadata_size",
        "grpc.keepalive_time_ms",
        "grpc.keepalive_timeout_ms"
      })
  void negativeChannelLimit_byName_throws(String name) {
    assertThatThrownBy(() -> ChannelOptions.builder().option(name, -2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-2");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "grpc.max_receive_message_length",
        "grpc.max_send_message_length",
        "grpc.max_metadata_size",
        "grpc.max_concurrent_streams",
        "grpc.keepalive_time_ms",
        "grpc.keepalive_timeout_ms",
        "grpc.http2.min_ping_interval_without_data_ms",
        "grpc.max_connection_idle_ms",
        "grpc.max_connection_age_ms",
        "grpc.max_connection_age_grace_ms"
      })
  void negativeServerLimit_byName_throws(String name) {
    assertThatThrownBy(() -> ServerOptions.builder().option(name, -2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-2");
  }

  @Test
  void negativeOrZeroTypedLimits_throw() {
    assertThatThrownBy(() -> ChannelOptions.builder().maxReceiveMessageLength(-2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxReceiveMessageLength");
    assertThatThrownBy(() -> ChannelOptions.builder().maxMetadataSize(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxMetadataSize");
    assertThatThrownBy(
            () -> ChannelOptions.builder().keepalive(Duration.ZERO, Duration.ofSeconds(1), false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("keepalive time");
    assertThatThrownBy(() -> ServerOptions.builder().maximumConcurrentRpcs(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maximumConcurrentRpcs");
    assertThatThrownBy(() -> ServerOptions.builder().permitKeepalive(Duration.ofSeconds(-1), false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("permitKeepalive");
    assertThatThrownBy(
            () ->
                ServerOptions.builder()
                    .maxConnectionAge(Duration.ofSeconds(1), Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("grace");
    assertThatThrownBy(() -> ServerOptions.builder().maxConnectionIdle(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxConnectionIdle");
  }

  @Test
  void unknownLbPolicy_channelCreation_throwsNamingIt() {
    ChannelOptions options = ChannelOptions.builder().lbPolicyName("no_such_policy").build();

    assertThatThrownBy(() -> GrpcAio.insecureChannel("127.0.0.1:1", options))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no_such_policy")
        .hasMessageContaining("grpc.lb_policy_name");
    assertThatThrownBy(() -> GrpcAio.inProcessChannel("nowhere", options))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no_such_policy");
  }
}
