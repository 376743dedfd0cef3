package io.github.grpcaio.core.options;

import static io.github.grpcaio.testkit.Utf8.DESERIALIZER;
import static io.github.grpcaio.testkit.Utf8.SERIALIZER;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.Channel;
import io.github.grpcaio.ChannelOptions;
import io.github.grpcaio.GenericRpcHandler;
import io.github.grpcaio.RpcMethodHandler;
import io.github.grpcaio.ServiceRpcHandler;
import io.github.grpcaio.ServicerContext;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.StreamUnaryCall;
import io.github.grpcaio.testkit.AioTestServer;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.Transport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every attempt of a retried or hedged call carries the request itself: grpc-java asks the method's
 * request marshaller for the message again for each attempt, so the stream it gets must be new each
 * time, not the one the first attempt already read to the end (which arrived empty).
 */
@ParameterizedClass
@EnumSource(Transport.class)
class RetryReplayTest {

  private static final String RETRY =
      """
      {"methodConfig": [{
        "name": [{"service": "test.Replay"}],
        "retryPolicy": {
          "maxAttempts": 3,
          "initialBackoff": "0.01s",
          "maxBackoff": "0.1s",
          "backoffMultiplier": 2,
          "retryableStatusCodes": ["UNAVAILABLE"]
        }
      }]}
      """;

  private static final String HEDGING =
      """
      {"methodConfig": [{
        "name": [{"service": "test.Replay"}],
        "hedgingPolicy": {
          "maxAttempts": 2,
          "hedgingDelay": "0.01s",
          "nonFatalStatusCodes": ["UNAVAILABLE"]
        }
      }]}
      """;

  private final Transport transport;
  private final List<String> received = new CopyOnWriteArrayList<>();
  @AutoClose private AioTestServer server;

  RetryReplayTest(Transport transport) {
    this.transport = transport;
  }

  /**
   * {@code Echo} and {@code Join} (client streaming) refuse the first attempt with UNAVAILABLE,
   * then answer with the request, or all requests joined by commas.
   */
  private Channel serve(String serviceConfig) {
    GenericRpcHandler service =
        ServiceRpcHandler.of(
            "test.Replay",
            Map.of(
                "Echo",
                RpcMethodHandler.<String, String>unaryUnary(
                    (request, context) -> {
                      received.add(request);
                      if (received.size() == 1) {
                        throw context.abort(StatusCode.UNAVAILABLE, "try again");
                      }
                      return CompletableFuture.completedFuture(request);
                    },
                    DESERIALIZER,
                    SERIALIZER),
                "Join",
                RpcMethodHandler.<String, String>streamUnary(
                    (requests, context) ->
                        readAll(context, new ArrayList<>())
                            .thenApply(
                                all -> {
                                  String joined = String.join(",", all);
                                  received.add(joined);
                                  if (received.size() == 1) {
                                    throw context.abort(StatusCode.UNAVAILABLE, "try again");
                                  }
                                  return joined;
                                }),
                    DESERIALIZER,
                    SERIALIZER)));
    ChannelOptions options = ChannelOptions.builder().serviceConfig(serviceConfig).build();
    server =
        AioTestServer.builder()
            .transport(transport)
            .addService(service)
            .channelOptions(options)
            .start();
    return server.channel();
  }

  @Test
  void retryPolicy_secondAttempt_carriesTheSameRequest() {
    Channel c = serve(RETRY);

    String reply =
        Await.result(
            c.unaryUnary("/test.Replay/Echo", SERIALIZER, DESERIALIZER).call("hello").response());

    assertThat(reply).isEqualTo("hello");
    assertThat(received).containsExactly("hello", "hello");
  }

  @Test
  void retryPolicy_clientStreaming_secondAttemptCarriesEveryWrittenRequest() {
    Channel c = serve(RETRY);
    StreamUnaryCall<String, String> call =
        c.streamUnary("/test.Replay/Join", SERIALIZER, DESERIALIZER).call();

    Await.result(call.write("a"));
    Await.result(call.write("b"));
    Await.result(call.doneWriting());

    assertThat(Await.result(call.response())).isEqualTo("a,b");
    assertThat(received).containsExactly("a,b", "a,b");
  }

  private static CompletableFuture<List<String>> readAll(
      ServicerContext<String, String> context, List<String> into) {
    return context
        .read()
        .thenCompose(
            next -> {
              if (next.isEmpty()) {
                return CompletableFuture.completedFuture(into);
              }
              into.add(next.get());
              return readAll(context, into);
            });
  }

  @Test
  void hedgingPolicy_everyAttempt_carriesTheSameRequest() {
    Channel c = serve(HEDGING);

    String reply =
        Await.result(
            c.unaryUnary("/test.Replay/Echo", SERIALIZER, DESERIALIZER).call("hedged").response());

    assertThat(reply).isEqualTo("hedged");
    assertThat(received).hasSizeGreaterThanOrEqualTo(2).containsOnly("hedged");
  }
}
