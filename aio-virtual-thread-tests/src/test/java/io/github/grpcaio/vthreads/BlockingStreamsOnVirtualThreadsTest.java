package io.github.grpcaio.vthreads;

import static io.github.grpcaio.testkit.Utf8.DESERIALIZER;
import static io.github.grpcaio.testkit.Utf8.SERIALIZER;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.RpcMethodHandler;
import io.github.grpcaio.ServerOptions;
import io.github.grpcaio.ServiceRpcHandler;
import io.github.grpcaio.ServicerContext;
import io.github.grpcaio.StreamStreamCall;
import io.github.grpcaio.StreamStreamMultiCallable;
import io.github.grpcaio.testkit.AioTestServer;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.Transport;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The blocking stream views on both sides from virtual threads: a bidi handler reading a blocking
 * iterator and writing with {@code blockingWrite} on a virtual thread per RPC, and clients on
 * virtual threads waiting for each write and reading replies with {@code blockingIterator()}. No
 * park attributable to the library pins a carrier (JFR's {@code jdk.VirtualThreadPinned}, threshold
 * 0). Skipped with a message on a JVM without virtual threads.
 */
@ParameterizedClass
@EnumSource(Transport.class)
class BlockingStreamsOnVirtualThreadsTest {

  private static final String SERVICE = "vthreads.Echo";

  private final Transport transport;
  private AioTestServer harness;

  BlockingStreamsOnVirtualThreadsTest(Transport transport) {
    this.transport = transport;
  }

  @BeforeAll
  static void requireVirtualThreads() {
    VirtualThreads.require();
  }

  @BeforeEach
  void serve() {
    ServiceRpcHandler service =
        ServiceRpcHandler.of(
            SERVICE,
            Map.of(
                "Echo",
                RpcMethodHandler.streamStreamBlocking(
                    (Iterator<String> requests, ServicerContext<String, String> context) -> {
                      while (requests.hasNext()) {
                        context.blockingWrite("re:" + requests.next());
                      }
                    },
                    DESERIALIZER,
                    SERIALIZER)));
    harness =
        AioTestServer.builder()
            .transport(transport)
            .addService(service)
            .serverOptions(ServerOptions.Builder::virtualThreads)
            .start();
  }

  @AfterEach
  void close() {
    harness.close();
  }

  @Test
  void blockingStreamsBothSides_fromAThousandVirtualThreads_noCarrierPinned() throws Exception {
    StreamStreamMultiCallable<String, String> echo =
        harness.channel().streamStream("/" + SERVICE + "/Echo", SERIALIZER, DESERIALIZER);
    int calls = 1_000;
    // Loads the classes of one call first: a class being loaded pins its virtual thread.
    Await.result(VirtualThreads.run(() -> echoThree(echo, "warm-up-")));

    List<CompletableFuture<List<String>>> replies = new ArrayList<>(calls);
    try (PinnedCarriers pinned = new PinnedCarriers()) {
      for (int i = 0; i < calls; i++) {
        String prefix = "c" + i + "-";
        replies.add(VirtualThreads.run(() -> echoThree(echo, prefix)));
      }

      for (int i = 0; i < calls; i++) {
        String prefix = "re:c" + i + "-";
        assertThat(Await.result(replies.get(i)))
            .containsExactly(prefix + 0, prefix + 1, prefix + 2);
      }
      assertThat(pinned.attributableToLibrary()).isEmpty();
    }
  }

  /**
   * Writes three requests, waiting for each write and reading each reply with the blocking
   * iterator, then half-closes and reads to the end.
   */
  private static List<String> echoThree(
      StreamStreamMultiCallable<String, String> echo, String prefix) throws Exception {
    StreamStreamCall<String, String> call = echo.call();
    Iterator<String> in = call.blockingIterator();
    List<String> got = new ArrayList<>();
    for (int m = 0; m < 3; m++) {
      call.write(prefix + m).get();
      got.add(in.next());
    }
    call.doneWriting();
    while (in.hasNext()) {
      got.add("unexpected " + in.next());
    }
    return got;
  }
}
