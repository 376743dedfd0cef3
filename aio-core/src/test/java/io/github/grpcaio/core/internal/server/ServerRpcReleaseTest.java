package io.github.grpcaio.core.internal.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.Channel;
import io.github.grpcaio.ServerOptions;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.core.GrpcAio;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every server RPC is released, however soon it ends. An RPC for an unknown method is closed by its
 * context at once, possibly while grpc-java's transport thread is still inside {@code startCall}.
 * In-process, the end of the call is delivered on the closing thread, so grpc-java's
 * direct-executor queue (safe for one thread at a time) lost it now and then: the RPC was never
 * released and {@code stop()} waited for its 5-s bound (about 3 RPCs in 80 000 here, every run,
 * before the fix). Netty delivers every event of a call on its event loop and cannot race so; it is
 * not run here.
 */
@Timeout(120)
class ServerRpcReleaseTest {

  private static final int THREADS = 8;
  private static final int RPCS_PER_THREAD = 10_000;
  private static final Duration BOUND = Duration.ofSeconds(10);

  @Test
  void rpcsClosedAtOnce_inProcess_areAllReleased() throws Exception {
    AioServer server = new AioServer(ServerOptions.DEFAULT);
    String name = "release-" + UUID.randomUUID();
    server.addInProcessPort(name);
    server.start();
    Channel channel = GrpcAio.inProcessChannel(name);
    ExecutorService clients = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<List<StatusCode>>> results = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        results.add(clients.submit(() -> callUnknownMethod(channel)));
      }
      for (Future<List<StatusCode>> result : results) {
        assertThat(result.get(BOUND.toMillis() * 6, TimeUnit.MILLISECONDS))
            .containsOnly(StatusCode.UNIMPLEMENTED);
      }

      channel.close();

      // With a long grace, the stop waits for exactly the RPCs not released yet: none.
      CompletableFuture<Void> stopped = server.stop(Duration.ofMinutes(10));
      assertThat(stopped)
          .as(() -> "the stop, with RPCs never released: " + server.activeRpcs())
          .succeedsWithin(BOUND);
    } finally {
      clients.shutdownNow();
      channel.close();
      server.stop(Duration.ZERO).get(BOUND.toMillis() * 2, TimeUnit.MILLISECONDS);
    }
  }

  private static List<StatusCode> callUnknownMethod(Channel channel) throws Exception {
    List<CompletableFuture<StatusCode>> codes = new ArrayList<>();
    List<StatusCode> seen = new ArrayList<>();
    for (int i = 0; i < RPCS_PER_THREAD; i++) {
      codes.add(channel.unaryUnary("/release.Test/Missing").call(new byte[0]).code());
      if (codes.size() >= 16) {
        seen.add(codes.remove(0).get(BOUND.toMillis(), TimeUnit.MILLISECONDS));
      }
    }
    for (CompletableFuture<StatusCode> code : codes) {
      seen.add(code.get(BOUND.toMillis(), TimeUnit.MILLISECONDS));
    }
    return seen;
  }
}
