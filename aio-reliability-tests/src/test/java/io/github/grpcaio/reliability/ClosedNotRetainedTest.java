package io.github.grpcaio.reliability;

import static io.github.grpcaio.testkit.AioAssertions.assertThatRpc;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.Channel;
import io.github.grpcaio.Server;
import io.github.grpcaio.UnaryUnaryCall;
import io.github.grpcaio.core.GrpcAio;
import io.github.grpcaio.testkit.Await;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A channel or server that has closed is not kept reachable by the library until its grace period
 * would have ended: closing many with a long grace must not grow memory.
 */
@Timeout(60)
class ClosedNotRetainedTest {

  private static final Duration LONG_GRACE = Duration.ofHours(1);

  /** How long a closed channel or stopped server may stay reachable: far less than its grace. */
  private static final Duration COLLECTED_WITHIN = Duration.ofSeconds(10);

  /** Where the weak references of these tests are enqueued once cleared. */
  private static final ReferenceQueue<Object> CLEARED = new ReferenceQueue<>();

  @Test
  void channelClosedWithLongGrace_afterItsCallsEnded_isNotRetained() throws Exception {
    FaultService service = new FaultService();
    Server server = GrpcAio.server();
    String name = "not-retained-" + UUID.randomUUID();
    server.addGenericRpcHandlers(service.handler());
    server.addInProcessPort(name);
    server.start().join();
    try {
      WeakReference<Channel> channel = closeChannelWithLongGrace(name, service);
      service.forget(); // the server's RPC objects lead to the in-process stream, and to the call

      assertThat(collected(channel)).as("the closed channel was garbage-collected").isTrue();
    } finally {
      Await.result(server.stop(null), Duration.ofSeconds(10));
    }
  }

  @Test
  void serverStoppedWithLongGrace_afterItsRpcsEnded_isNotRetained() throws Exception {
    String name = "not-retained-" + UUID.randomUUID();
    FaultService service = new FaultService();
    Channel channel = GrpcAio.inProcessChannel(name);
    try {
      WeakReference<Server> server = stopServerWithLongGrace(name, service, channel);
      service.forget(); // the recorded contexts belong to the server

      assertThat(collected(server)).as("the stopped server was garbage-collected").isTrue();
    } finally {
      Await.result(channel.closeAsync(null), Duration.ofSeconds(10));
    }
  }

  /** Opens a channel, has a call in flight when closing it, lets the call finish. */
  private static WeakReference<Channel> closeChannelWithLongGrace(String name, FaultService service)
      throws Exception {
    Channel channel = GrpcAio.inProcessChannel(name);
    UnaryUnaryCall<String> call = FaultService.hold(channel).call("a");
    service.awaitStarted(Duration.ofSeconds(5));
    var closed = channel.closeAsync(LONG_GRACE);
    service.release("a");
    assertThatRpc(call).succeedsWith("released:a");
    Await.result(closed, Duration.ofSeconds(10));
    return new WeakReference<>(channel, CLEARED);
  }

  /** Starts a server, has an RPC in flight when stopping it, lets the RPC finish. */
  private static WeakReference<Server> stopServerWithLongGrace(
      String name, FaultService service, Channel channel) throws Exception {
    Server server = GrpcAio.server();
    server.addGenericRpcHandlers(service.handler());
    server.addInProcessPort(name);
    server.start().join();
    UnaryUnaryCall<String> call = FaultService.hold(channel).call("b");
    service.awaitStarted(Duration.ofSeconds(5));
    var stopped = server.stop(LONG_GRACE);
    service.release("b");
    assertThatRpc(call).succeedsWith("released:b");
    Await.result(stopped, Duration.ofSeconds(10));
    return new WeakReference<>(server, CLEARED);
  }

  /**
   * Collects garbage until {@code ref} is cleared, within {@link #COLLECTED_WITHIN}. Not a fixed
   * number of collections: the server releases an ended RPC (which leads to the client's call, so
   * to its channel, over the in-process transport) on its executor, a moment after the client has
   * seen the RPC end; a count of collections raced that release on a loaded machine.
   */
  private static boolean collected(WeakReference<?> ref) throws InterruptedException {
    long deadline = System.nanoTime() + COLLECTED_WITHIN.toNanos();
    while (!ref.refersTo(null) && System.nanoTime() < deadline) {
      System.gc();
      CLEARED.remove(100); // wakes as soon as a collection clears the reference
    }
    return ref.refersTo(null);
  }
}
