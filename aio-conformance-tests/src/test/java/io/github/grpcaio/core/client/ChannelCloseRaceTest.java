package io.github.grpcaio.core.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.AioRpcError;
import io.github.grpcaio.Channel;
import io.github.grpcaio.ChannelOptions;
import io.github.grpcaio.UsageError;
import io.github.grpcaio.testkit.AioTestServer;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Closing a channel under concurrency: calls made while the channel closes either throw {@link
 * UsageError} or end (cancelled locally or with a status); nothing else is thrown, and the close
 * completes. Each round races three threads making calls against {@code closeAsync}; the
 * interleavings that matter (a call registered with the channel but not yet started when the close
 * cancels it) are narrow, hence the rounds.
 */
@ParameterizedClass
@EnumSource(Transport.class)
class ChannelCloseRaceTest {

  static final int ROUNDS = 50;
  static final int CALLERS = 3;

  @Parameter Transport transport;

  @AutoClose private AioTestServer server;

  // The handlers never answer: closing the channels ends their RPCs, which is what is tested.
  @BeforeEach
  void startServer() {
    server =
        AioTestServer.builder()
            .transport(transport)
            .addService(TestService.serving(rpc -> new CompletableFuture<>()))
            .failOnOpenRpcs(false)
            .start();
  }

  @ParameterizedTest
  @EnumSource(RpcKind.class)
  void callsMadeWhileClosing_throwUsageErrorOrEnd_andCloseCompletes(RpcKind kind) throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      Channel channel = server.channel(ChannelOptions.DEFAULT);
      List<TestCall> calls = new CopyOnWriteArrayList<>();
      List<Throwable> unexpected = new CopyOnWriteArrayList<>();
      CountDownLatch started = new CountDownLatch(CALLERS);
      List<Thread> callers = new ArrayList<>();
      for (int i = 0; i < CALLERS; i++) {
        Thread t =
            new Thread(
                () -> {
                  started.countDown();
                  while (true) {
                    try {
                      calls.add(kind.call(channel, "request"));
                    } catch (UsageError e) {
                      return; // the channel is closed
                    } catch (Throwable other) {
                      unexpected.add(other);
                      return;
                    }
                  }
                });
        t.start();
        callers.add(t);
      }
      Await.latch(started, "callers started");

      CompletableFuture<Void> closed = channel.closeAsync(Duration.ZERO);

      Await.result(closed);
      for (Thread t : callers) {
        t.join(5_000);
      }
      assertThat(unexpected).isEmpty();
      for (TestCall call : calls) {
        assertThat(call.awaitError())
            .isInstanceOfAny(CancellationException.class, AioRpcError.class);
      }
    }
  }
}
