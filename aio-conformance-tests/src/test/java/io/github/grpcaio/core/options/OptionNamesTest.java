package io.github.grpcaio.core.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.grpcaio.ChannelOptions;
import io.github.grpcaio.ServerOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Option names as Python users write them: gRPC core names with no meaning in grpc-java are
 * accepted with one warning per name, a typo is refused naming the closest known option, and {@code
 * grpc.ssl_target_name_override} sets the authority. Pure values: no transport involved.
 */
class OptionNamesTest {

  @Test
  void ignoredNames_acceptedOnBothBuilders_warnedOncePerName() {
    Logger logger = Logger.getLogger("io.github.grpcaio.OptionNames");
    List<LogRecord> records = new ArrayList<>();
    Handler handler =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            records.add(record);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    logger.addHandler(handler);
    try {
      ChannelOptions.builder()
          .option("grpc.use_local_subchannel_pool", 1)
          .option("grpc.use_local_subchannel_pool", 1)
          .build();
      ServerOptions.builder().option("grpc.so_reuseport", 0).option("grpc.so_reuseport", 0);
    } finally {
      logger.removeHandler(handler);
    }

    assertThat(records)
        .extracting(LogRecord::getMessage)
        .containsExactly(
            "The channel option 'grpc.use_local_subchannel_pool' has no meaning in grpc-java and"
                + " is ignored (logged once)",
            "The server option 'grpc.so_reuseport' has no meaning in grpc-java and is ignored"
                + " (logged once)");
    ChannelOptions.IGNORED_OPTION_NAMES.forEach(
        name ->
            assertThatCode(() -> ChannelOptions.builder().option(name, 1))
                .as(name)
                .doesNotThrowAnyException());
    ServerOptions.IGNORED_OPTION_NAMES.forEach(
        name ->
            assertThatCode(() -> ServerOptions.builder().option(name, 1))
                .as(name)
                .doesNotThrowAnyException());
    assertThat(ChannelOptions.IGNORED_OPTION_NAMES)
        .doesNotContainAnyElementsOf(ChannelOptions.OPTION_NAMES);
    assertThat(ServerOptions.IGNORED_OPTION_NAMES)
        .doesNotContainAnyElementsOf(ServerOptions.OPTION_NAMES);
  }

  @Test
  void typo_refusedNamingTheClosestOption() {
    assertThatThrownBy(
            () -> ChannelOptions.builder().option("grpc.max_recieve_message_length", 1 << 20))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "Unknown channel option 'grpc.max_recieve_message_length'; did you mean"
                + " 'grpc.max_receive_message_length'?");
    assertThatThrownBy(() -> ServerOptions.builder().option("grpc.keepalive_time", 1000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "Unknown server option 'grpc.keepalive_time'; did you mean 'grpc.keepalive_time_ms'?");
    assertThatThrownBy(() -> ChannelOptions.builder().option("grpc.so_reuse_port", 0))
        .hasMessageContaining("did you mean 'grpc.so_reuseport'?");
  }

  @Test
  void sslTargetNameOverride_setsTheAuthority_andMustAgreeWithDefaultAuthority() {
    assertThat(
            ChannelOptions.builder()
                .option("grpc.ssl_target_name_override", "foo.test.example")
                .build()
                .defaultAuthority())
        .contains("foo.test.example");
    assertThatCode(
            () ->
                ChannelOptions.builder()
                    .option("grpc.default_authority", "same.example")
                    .option("grpc.ssl_target_name_override", "same.example"))
        .doesNotThrowAnyException();
    assertThatThrownBy(
            () ->
                ChannelOptions.builder()
                    .option("grpc.default_authority", "a.example")
                    .option("grpc.ssl_target_name_override", "b.example"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("grpc.ssl_target_name_override 'b.example' contradicts")
        .hasMessageContaining("grpc.default_authority 'a.example'");
  }
}
