package io.github.grpcaio.reliability;

import static io.github.grpcaio.testkit.AioAssertions.assertThatRpc;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.CallOptions;
import io.github.grpcaio.Channel;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.UnaryUnaryCall;
import io.github.grpcaio.testkit.AioServerExtension;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.Transport;
import io.github.grpcaio.testkit.Utf8;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code maximumConcurrentRpcs} after many RPCs that end badly (cancelled at random moments,
 * deadlines that expire, unknown methods, refused ones): every place is given back, so afterwards
 * exactly the limit of RPCs is admitted again and the next one is refused.
 */
@Timeout(90)
@ParameterizedClass
@EnumSource(Transport.class)
class ConcurrencyLimitUnderFaultsTest {

  private static final int LIMIT = 16;
  private static final int RPCS = 3000;
  private static final Duration BOUND = Duration.ofSeconds(10);

  private final FaultService service = new FaultService();

  @RegisterExtension final AioServerExtension grpc;

  ConcurrencyLimitUnderFaultsTest(Transport transport) {
    grpc =
        AioServerExtension.builder()
            .transport(transport)
            .addService(service.handler())
            .serverOptions(o -> o.maximumConcurrentRpcs(LIMIT))
            // The server hears of the last cancels a moment after the client decided them.
            .leakGrace(BOUND)
            .build();
  }

  @Test
  void manyRpcsEndingBadly_thenEveryPlaceIsFreeAgain() throws Exception {
    Channel channel = grpc.server().channel();
    SplittableRandom random = new SplittableRandom(6);
    List<CompletableFuture<StatusCode>> codes = new ArrayList<>();
    for (int i = 0; i < RPCS; i++) {
      UnaryUnaryCall<String> call =
          switch (random.nextInt(5)) {
            case 0 -> FaultService.echo(channel).call("sleep:" + random.nextInt(20));
            case 1 ->
                FaultService.echo(channel)
                    .call("sleep:50", CallOptions.DEFAULT.withTimeout(Duration.ofMillis(5)));
            case 2 ->
                channel
                    .unaryUnary("/reliability.Fault/Missing", Utf8.SERIALIZER, Utf8.DESERIALIZER)
                    .call("x");
            default -> FaultService.echo(channel).call("sleep:" + random.nextInt(20));
          };
      if (random.nextInt(3) == 0) {
        CompletableFuture.delayedExecutor(random.nextInt(3), TimeUnit.MILLISECONDS)
            .execute(call::cancel);
      }
      codes.add(call.code());
      if (codes.size() >= 2 * LIMIT) {
        Await.result(codes.remove(0), BOUND);
      }
    }
    for (CompletableFuture<StatusCode> code : codes) {
      Await.result(code, BOUND);
    }
    grpc.server().assertNoOpenRpcs();

    List<UnaryUnaryCall<String>> held = new ArrayList<>();
    for (int i = 0; i < LIMIT; i++) {
      held.add(FaultService.hold(channel).call("h" + i));
    }
    grpc.server().awaitOpenRpcs(LIMIT, BOUND);
    assertThatRpc(FaultService.echo(channel).call("one too many"))
        .failsWith(StatusCode.RESOURCE_EXHAUSTED);
    for (int i = 0; i < LIMIT; i++) {
      service.release("h" + i);
    }
    for (int i = 0; i < LIMIT; i++) {
      assertThatRpc(held.get(i)).succeedsWith("released:h" + i);
    }
    assertThat(held).allMatch(UnaryUnaryCall::done);
  }
}
