package io.github.grpcaio.reliability;

import static io.github.grpcaio.testkit.AioAssertions.assertThatRpc;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.ServicerContext;
import io.github.grpcaio.StreamStreamCall;
import io.github.grpcaio.UnaryStreamCall;
import io.github.grpcaio.testkit.AioServerExtension;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.TestSubscriber;
import io.github.grpcaio.testkit.Transport;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A client cancels while the server streams at full speed (the subscriber asks for everything): the
 * server handler sees {@code cancelled()}, its publisher is cancelled and its done callbacks run;
 * the client keeps what it received, in order.
 */
@Timeout(30)
@ParameterizedClass
@EnumSource(Transport.class)
class ClientCancelTest {

  private static final Duration BOUND = Duration.ofSeconds(5);

  private final FaultService service = new FaultService();

  @RegisterExtension final AioServerExtension grpc;

  ClientCancelTest(Transport transport) {
    grpc = AioServerExtension.builder().transport(transport).addService(service.handler()).build();
  }

  @Test
  void cancel_duringFullSpeedServerStream_serverSeesItAndPublisherIsCancelled() throws Exception {
    UnaryStreamCall<String> call = grpc.stub(FaultService::stream).call("endless:100");
    TestSubscriber<String> items = TestSubscriber.<String>unbounded().withTimeout(BOUND);
    call.subscribe(items);
    ServicerContext<String, String> context = service.awaitStarted(BOUND);
    Sequence sequence = service.awaitSequence(BOUND);
    items.awaitCount(1000);

    boolean cancelled = call.cancel();

    assertThat(cancelled).isTrue();
    assertThatRpc(call).isCancelled();
    Await.result(sequence.cancelled(), BOUND);
    assertThat(service.awaitEnded(BOUND)).isSameAs(context);
    assertThat(context.cancelled()).isTrue();
    assertThat(context.done()).isTrue();
    assertInOrderFromZero(items.values());
    items.assertNoViolations();
  }

  @Test
  void cancel_duringFullSpeedBidi_serverSeesItAndPublisherIsCancelled() throws Exception {
    Sequence requests = new Sequence(Sequence.ENDLESS, 100);
    StreamStreamCall<String, String> call = grpc.stub(FaultService::flood).call(requests);
    TestSubscriber<String> items = TestSubscriber.<String>unbounded().withTimeout(BOUND);
    call.subscribe(items);
    ServicerContext<String, String> context = service.awaitStarted(BOUND);
    Sequence responses = service.awaitSequence(BOUND);
    items.awaitCount(1000);

    boolean cancelled = call.cancel();

    assertThat(cancelled).isTrue();
    assertThatRpc(call).isCancelled();
    Await.result(responses.cancelled(), BOUND);
    Await.result(requests.cancelled(), BOUND); // the client side too
    assertThat(service.awaitEnded(BOUND)).isSameAs(context);
    assertThat(context.cancelled()).isTrue();
    assertInOrderFromZero(items.values());
    items.assertNoViolations();
  }

  @Test
  void cancelSubscription_duringFullSpeedServerStream_cancelsTheRpcEverywhere() throws Exception {
    UnaryStreamCall<String> call = grpc.stub(FaultService::stream).call("endless:100");
    TestSubscriber<String> items = TestSubscriber.<String>unbounded().withTimeout(BOUND);
    call.subscribe(items);
    ServicerContext<String, String> context = service.awaitStarted(BOUND);
    Sequence sequence = service.awaitSequence(BOUND);
    items.awaitCount(1000);

    items.cancel();

    assertThatRpc(call).isCancelled();
    Await.result(sequence.cancelled(), BOUND);
    assertThat(service.awaitEnded(BOUND)).isSameAs(context);
    assertThat(context.cancelled()).isTrue();
    assertInOrderFromZero(items.values());
  }

  /** The items are "0", "1", ... with none missing or repeated. */
  static void assertInOrderFromZero(List<String> items) {
    for (int i = 0; i < items.size(); i++) {
      assertThat(Sequence.number(items.get(i))).as("item %d", i).isEqualTo(i);
    }
  }
}
