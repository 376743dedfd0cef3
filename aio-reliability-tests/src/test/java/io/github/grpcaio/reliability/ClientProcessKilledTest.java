package io.github.grpcaio.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.ServicerContext;
import io.github.grpcaio.testkit.AioServerExtension;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.Transport;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The client's process is killed (SIGKILL) in the middle of a server stream and of a bidi stream:
 * the server's handler is cancelled within a bound, its response publisher is cancelled, its done
 * callbacks run, and no RPC is left open.
 */
@Timeout(60)
class ClientProcessKilledTest {

  private static final Duration BOUND = Duration.ofSeconds(5);

  private final FaultService service = new FaultService();

  @RegisterExtension
  final AioServerExtension grpc =
      AioServerExtension.builder().transport(Transport.NETTY).addService(service.handler()).build();

  private String port() {
    String target = grpc.server().target();
    return target.substring(target.lastIndexOf(':') + 1);
  }

  @Test
  void serverStreaming_clientProcessKilled_handlerCancelledAndNothingLeftOpen() throws Exception {
    assertHandlerEndsWhenClientDies("Stream");
  }

  @Test
  void bidi_clientProcessKilled_handlerCancelledAndNothingLeftOpen() throws Exception {
    assertHandlerEndsWhenClientDies("Chat");
  }

  private void assertHandlerEndsWhenClientDies(String method) throws Exception {
    try (ForkedJvm client =
        ForkedJvm.start(FaultClientMain.class, Duration.ofSeconds(30), port(), method)) {
      ServicerContext<String, String> context = service.awaitStarted(BOUND);

      client.kill();

      assertThat(service.awaitEnded(BOUND)).isSameAs(context);
      assertThat(context.cancelled()).isTrue();
      if (method.equals("Stream")) {
        Await.result(service.awaitSequence(BOUND).cancelled(), BOUND);
      }
      grpc.server().assertNoOpenRpcs();
    }
  }
}
