package io.github.grpcaio.core.tck;

import static io.github.grpcaio.testkit.Utf8.DESERIALIZER;
import static io.github.grpcaio.testkit.Utf8.SERIALIZER;

import io.github.grpcaio.Channel;
import io.github.grpcaio.ChannelOptions;
import io.github.grpcaio.GenericRpcHandler;
import io.github.grpcaio.RpcMethodHandler;
import io.github.grpcaio.ServiceRpcHandler;
import io.github.grpcaio.testkit.AioTestServer;
import io.github.grpcaio.testkit.TestPublisher;
import io.github.grpcaio.testkit.Transport;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A server whose streams the verifications subscribe to, with a channel to it.
 *
 * <ul>
 *   <li>{@code Count} (server streaming): the request is a number n; streams "0".."n-1" on demand,
 *       then completes.
 *   <li>{@code Fail} (server streaming): the handler throws, so the RPC fails at once.
 *   <li>{@code Echo} (bidi): the response publisher is the request publisher.
 *   <li>{@code Collect} (client streaming): hands its request publisher to {@link
 *       #nextRequestStream()} and answers when the RPC is cancelled.
 * </ul>
 */
public final class TckService implements AutoCloseable {

  private final AioTestServer server;
  private final BlockingQueue<Flow.Publisher<String>> requestStreams = new LinkedBlockingQueue<>();

  /**
   * Starts the server and opens the channel.
   *
   * @param transport the transport
   * @param options the channel's options
   */
  public TckService(Transport transport, ChannelOptions options) {
    GenericRpcHandler streams =
        ServiceRpcHandler.of(
            "tck.Streams",
            Map.of(
                "Count",
                RpcMethodHandler.<String, String>unaryStream(
                    (req, ctx) -> counting(Long.parseLong(req)), DESERIALIZER, SERIALIZER),
                "Fail",
                RpcMethodHandler.<String, String>unaryStream(
                    (req, ctx) -> {
                      throw new IllegalStateException("failing at once");
                    },
                    DESERIALIZER,
                    SERIALIZER),
                "Echo",
                RpcMethodHandler.<String, String>streamStream(
                    (reqs, ctx) -> reqs, DESERIALIZER, SERIALIZER),
                "Collect",
                RpcMethodHandler.<String, String>streamUnary(
                    (reqs, ctx) -> {
                      requestStreams.add(reqs);
                      return new CompletableFuture<String>();
                    },
                    DESERIALIZER,
                    SERIALIZER)));
    // Collect's handlers never answer: closing cancels them, which is not a leak here.
    server =
        AioTestServer.builder()
            .transport(transport)
            .channelOptions(options)
            .addService(streams)
            .failOnOpenRpcs(false)
            .start();
  }

  /**
   * Returns the channel.
   *
   * @return the channel
   */
  public Channel channel() {
    return server.channel();
  }

  /**
   * Waits for the next {@code Collect} handler's request publisher.
   *
   * @return the publisher
   * @throws InterruptedException if interrupted
   */
  public Flow.Publisher<String> nextRequestStream() throws InterruptedException {
    Flow.Publisher<String> p = requestStreams.poll(10, TimeUnit.SECONDS);
    if (p == null) {
      throw new IllegalStateException("No Collect RPC reached the handler");
    }
    return p;
  }

  /**
   * Waits (at most the testkit's leak grace) until every server RPC has ended, its handler's
   * request stream signalled and its done callbacks run.
   *
   * @throws AssertionError if one is still open then
   */
  public void awaitNoOpenRpcs() {
    server.assertNoOpenRpcs();
  }

  @Override
  public void close() {
    server.close();
  }

  /**
   * Emits "0".."count-1" on demand, then completes.
   *
   * @param count how many
   * @return the publisher
   */
  public static Flow.Publisher<String> counting(long count) {
    return TestPublisher.generate(count, Long::toString);
  }
}
