package io.github.grpcaio.core.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.CallOptions;
import io.github.grpcaio.Channel;
import io.github.grpcaio.ChannelOptions;
import io.github.grpcaio.ClientCallDetails;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.UnaryUnaryCall;
import io.github.grpcaio.UnaryUnaryClientInterceptor;
import io.github.grpcaio.testkit.AioTestServer;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.Transport;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * User code never runs on the library's shared timer thread: when a client interceptor chain is
 * still pending at its call's deadline, or when a channel's close grace ends, the dependents of the
 * interceptor's stage run on the channel's executor, so one that blocks delays no other channel's
 * deadline.
 */
@ParameterizedClass
@EnumSource(Transport.class)
class TimerThreadTest {

  @Parameter Transport transport;

  private AioTestServer bed;

  /** Released by the test (or after a bound) to let the blocking dependent return. */
  private final CountDownLatch release = new CountDownLatch(1);

  /** Counted down once the blocking dependent runs. */
  private final CountDownLatch blocking = new CountDownLatch(1);

  /** The thread the blocking dependent ran on. */
  private final CompletableFuture<Thread> dependentThread = new CompletableFuture<>();

  @AfterEach
  void tearDown() throws Exception {
    release.countDown();
    if (bed != null) {
      bed.close();
    }
  }

  /**
   * An interceptor whose stage never completes by itself; a dependent of the stage (user code that
   * runs when the library cancels the stage) blocks until the test releases it.
   */
  private UnaryUnaryClientInterceptor pendingWithBlockingDependent() {
    return new UnaryUnaryClientInterceptor() {
      @Override
      public <Req, Resp> CompletionStage<UnaryUnaryCall<Resp>> interceptUnaryUnary(
          Continuation<Req, Resp> continuation, ClientCallDetails details, Req request) {
        CompletableFuture<UnaryUnaryCall<Resp>> stage = new CompletableFuture<>();
        stage.whenComplete(
            (call, error) -> {
              dependentThread.complete(Thread.currentThread());
              blocking.countDown();
              try {
                release.await(Await.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
        return stage;
      }
    };
  }

  /** An interceptor whose stage never completes: only the call's deadline ends the call. */
  private static UnaryUnaryClientInterceptor pending() {
    return new UnaryUnaryClientInterceptor() {
      @Override
      public <Req, Resp> CompletionStage<UnaryUnaryCall<Resp>> interceptUnaryUnary(
          Continuation<Req, Resp> continuation, ClientCallDetails details, Req request) {
        return new CompletableFuture<>();
      }
    };
  }

  private Channel channelWith(UnaryUnaryClientInterceptor interceptor) {
    return bed.channel(ChannelOptions.builder().interceptors(List.of(interceptor)).build());
  }

  /** Another channel's pending chain with a short deadline ends while the dependent blocks. */
  private void assertOtherDeadlineUnaffected() {
    Await.latch(blocking, "the blocking dependent");
    TestCall other =
        RpcKind.UNARY_UNARY.call(
            channelWith(pending()),
            "request",
            CallOptions.DEFAULT.withTimeout(Duration.ofMillis(300)));

    StatusCode code = Await.result(other.call().code(), Duration.ofSeconds(5));

    assertThat(code).isEqualTo(StatusCode.DEADLINE_EXCEEDED);
    assertThat(release.getCount()).as("the dependent still blocks").isEqualTo(1);
    assertThat(Await.result(dependentThread).getName()).doesNotStartWith("grpc-aio-timer");
    release.countDown();
  }

  @Test
  void pendingChainAtDeadline_blockingDependent_doesNotDelayAnotherChannelsDeadline() {
    bed = transport.start(TestService.serving(rpc -> new CompletableFuture<>()));
    TestCall call =
        RpcKind.UNARY_UNARY.call(
            channelWith(pendingWithBlockingDependent()),
            "request",
            CallOptions.DEFAULT.withTimeout(Duration.ofMillis(100)));

    assertOtherDeadlineUnaffected();
    assertThat(Await.result(call.call().code())).isEqualTo(StatusCode.DEADLINE_EXCEEDED);
  }

  @Test
  void pendingChainAtCloseGraceEnd_blockingDependent_doesNotDelayAnotherChannelsDeadline() {
    bed = transport.start(TestService.serving(rpc -> new CompletableFuture<>()));
    Channel closing = channelWith(pendingWithBlockingDependent());
    TestCall call = RpcKind.UNARY_UNARY.call(closing, "request");

    CompletableFuture<Void> closed = closing.closeAsync(Duration.ofMillis(100));

    assertOtherDeadlineUnaffected();
    assertThat(Await.result(call.call().code())).isEqualTo(StatusCode.CANCELLED);
    Await.result(closed);
  }
}
