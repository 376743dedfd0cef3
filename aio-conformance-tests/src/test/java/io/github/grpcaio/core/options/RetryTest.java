package io.github.grpcaio.core.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.grpcaio.AioRpcError;
import io.github.grpcaio.Channel;
import io.github.grpcaio.ChannelOptions;
import io.github.grpcaio.Deserializer;
import io.github.grpcaio.RpcMethodHandler;
import io.github.grpcaio.Serializer;
import io.github.grpcaio.Server;
import io.github.grpcaio.ServiceRpcHandler;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.core.GrpcAio;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.Transport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Retries and hedging by service config, as grpc-java does them ({@code grpc.service_config},
 * {@code grpc.enable_retries}), and the refusal of malformed or invalid service configs when the
 * channel is created.
 */
@ParameterizedClass
@EnumSource(Transport.class)
class RetryTest {

  private static final String RETRY_POLICY =
      """
      {"methodConfig": [{
        "name": [{"service": "test.Retry"}],
        "retryPolicy": {
          "maxAttempts": 3,
          "initialBackoff": "0.01s",
          "maxBackoff": "0.1s",
          "backoffMultiplier": 2,
          "retryableStatusCodes": ["UNAVAILABLE"]
        }
      }]}
      """;

  private static final String HEDGING_POLICY =
      """
      {"methodConfig": [{
        "name": [{"service": "test.Retry", "method": "FailOnce"}],
        "hedgingPolicy": {
          "maxAttempts": 2,
          "hedgingDelay": "0.01s",
          "nonFatalStatusCodes": ["UNAVAILABLE"]
        }
      }]}
      """;

  private final Transport transport;
  private final AtomicInteger attempts = new AtomicInteger();
  private Server server;
  private Channel channel;

  RetryTest(Transport transport) {
    this.transport = transport;
  }

  @AfterEach
  void close() {
    if (channel != null) {
      Await.result(channel.closeAsync(Duration.ZERO));
    }
    if (server != null) {
      Await.result(server.stop(null));
    }
  }

  /** A server whose {@code FailOnce} answers UNAVAILABLE to the first attempt, then "ok". */
  private Channel serve(ChannelOptions options) {
    server = GrpcAio.server();
    server.addGenericRpcHandlers(
        ServiceRpcHandler.of(
            "test.Retry",
            Map.of(
                "FailOnce",
                RpcMethodHandler.<byte[], byte[]>unaryUnary(
                    (req, ctx) -> {
                      if (attempts.incrementAndGet() == 1) {
                        throw ctx.abort(StatusCode.UNAVAILABLE, "try again");
                      }
                      return CompletableFuture.completedFuture(
                          "ok".getBytes(StandardCharsets.UTF_8));
                    },
                    Deserializer.bytes(),
                    Serializer.bytes()))));
    String target = transport.bind(server);
    Await.result(server.start());
    channel = transport.open(target, options);
    return channel;
  }

  private CompletableFuture<byte[]> failOnce(Channel c) {
    return c.unaryUnary("/test.Retry/FailOnce").call(new byte[0]).response();
  }

  @Test
  void retryPolicy_serverFailsOnceWithUnavailable_callSucceeds() {
    Channel c = serve(ChannelOptions.builder().serviceConfig(RETRY_POLICY).build());

    byte[] response = Await.result(failOnce(c));

    assertThat(new String(response, StandardCharsets.UTF_8)).isEqualTo("ok");
    assertThat(attempts).hasValue(2);
  }

  @Test
  void retryPolicyByName_serverFailsOnce_callSucceeds() {
    Channel c =
        serve(
            ChannelOptions.builder()
                .option("grpc.service_config", RETRY_POLICY)
                .option("grpc.enable_retries", 1)
                .build());

    assertThat(Await.result(failOnce(c))).asString(StandardCharsets.UTF_8).isEqualTo("ok");
    assertThat(attempts).hasValue(2);
  }

  @Test
  void noServiceConfig_serverFailsOnce_callFailsWithUnavailable() {
    Channel c = serve(ChannelOptions.DEFAULT);

    Throwable error = Await.failure(failOnce(c));

    assertThat(error).isInstanceOf(AioRpcError.class);
    assertThat(((AioRpcError) error).code()).isEqualTo(StatusCode.UNAVAILABLE);
    assertThat(attempts).hasValue(1);
  }

  @Test
  void retriesDisabled_retryPolicyIgnored_callFails() {
    Channel c =
        serve(
            ChannelOptions.builder()
                .serviceConfig(RETRY_POLICY)
                .option("grpc.enable_retries", false)
                .build());

    Throwable error = Await.failure(failOnce(c));

    assertThat(((AioRpcError) error).code()).isEqualTo(StatusCode.UNAVAILABLE);
    assertThat(attempts).hasValue(1);
  }

  @Test
  void hedgingPolicy_firstAttemptFailsNonFatally_anotherSucceeds() {
    Channel c = serve(ChannelOptions.builder().serviceConfig(HEDGING_POLICY).build());

    byte[] response = Await.result(failOnce(c));

    assertThat(new String(response, StandardCharsets.UTF_8)).isEqualTo("ok");
    assertThat(attempts).hasValue(2);
  }

  // ---- bad service configs: refused when the channel is created ----

  private Channel open(ChannelOptions options) {
    return transport == Transport.IN_PROCESS
        ? GrpcAio.inProcessChannel("nowhere-" + UUID.randomUUID(), options)
        : GrpcAio.insecureChannel("127.0.0.1:1", options);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "{",
        "[]",
        "{\"methodConfig\": [}",
        "{\"a\": 1,}",
        "{\"a\": 01}",
        "{\"a\": \"\\x\"}",
        "{} extra",
        "{\"a\": 1, \"a\": 2}"
      })
  void malformedJson_channelCreation_throwsIllegalArgumentNamingTheOption(String json) {
    ChannelOptions options = ChannelOptions.builder().serviceConfig(json).build();

    assertThatThrownBy(() -> open(options))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("grpc.service_config");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"methodConfig\": 5}",
        "{\"methodConfig\": [{\"name\": [{\"service\": \"s\"}], \"timeout\": \"abc\"}]}",
        "{\"methodConfig\": [{\"name\": [{\"service\": \"s\"}], \"retryPolicy\": {}}]}"
      })
  void invalidServiceConfig_channelCreation_throwsIllegalArgumentNamingTheOption(String json) {
    ChannelOptions options = ChannelOptions.builder().serviceConfig(json).build();

    assertThatThrownBy(() -> open(options))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("grpc.service_config");
  }

  @Test
  void validServiceConfig_channelCreation_succeeds() {
    Channel c =
        open(
            ChannelOptions.builder()
                .serviceConfig(
                    "{\"methodConfig\": [{\"name\": [{}], \"timeout\": \"1.5s\","
                        + " \"waitForReady\": false}], \"loadBalancingConfig\": [{\"pick_first\":"
                        + " {}}], \"x\": [null, true, -1.5e3, \"\\u00e9\\n\"]}")
                .build());

    Await.result(c.closeAsync(Duration.ZERO));
  }
}
