package io.github.grpcaio.core.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.Channel;
import io.github.grpcaio.ChannelOptions;
import io.github.grpcaio.ServicerContext;
import io.github.grpcaio.UnaryStreamCall;
import io.github.grpcaio.testkit.AioTestServer;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.Transport;
import io.github.grpcaio.testkit.Utf8;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A channel's close and a server's stop complete only once everything has ended: the close after
 * every call's response future, response stream end and done callbacks; the stop after every RPC's
 * done callbacks.
 */
@ParameterizedClass
@EnumSource(Transport.class)
class CloseCompletionTest {

  /** The user code of the client that runs when a call ends. */
  enum EndSignal {
    RESPONSE_DEPENDENT,
    STREAM_TERMINAL,
    DONE_CALLBACK
  }

  @Parameter Transport transport;

  private AioTestServer bed;

  private final CompletableFuture<ServicerContext<String, String>> serverStarted =
      new CompletableFuture<>();

  /** The close or stop future, handed to the blocking user code once the test has it. */
  private final CompletableFuture<CompletableFuture<Void>> ending = new CompletableFuture<>();

  /** Whether the close or stop completed while the user code still ran. */
  private final CompletableFuture<Boolean> endedWhileUserCodeRan = new CompletableFuture<>();

  /** Never answers. */
  private final TestService.Behavior hang =
      rpc -> {
        serverStarted.complete(rpc.context());
        return new CompletableFuture<>();
      };

  @AfterEach
  void tearDown() throws Exception {
    endedWhileUserCodeRan.complete(null);
    if (bed != null) {
      bed.close();
    }
  }

  /**
   * User code that runs as an RPC ends: watches the close or stop future for {@link Await#QUIET}
   * (it must not complete while this runs) and records what it saw.
   */
  private void userCodeAtTheEnd() {
    try {
      CompletableFuture<Void> future = ending.get(Await.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      future.get(Await.QUIET.toMillis(), TimeUnit.MILLISECONDS);
      endedWhileUserCodeRan.complete(true);
    } catch (TimeoutException e) {
      endedWhileUserCodeRan.complete(false); // still pending after the watch
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      endedWhileUserCodeRan.completeExceptionally(e);
    } catch (ExecutionException e) {
      endedWhileUserCodeRan.completeExceptionally(e);
    }
  }

  /** A subscriber that takes every response and runs {@code atEnd} on the stream's end. */
  private static Flow.Subscriber<String> runningAtTheEnd(Runnable atEnd) {
    return new Flow.Subscriber<>() {
      @Override
      public void onSubscribe(Flow.Subscription s) {
        s.request(Long.MAX_VALUE);
      }

      @Override
      public void onNext(String item) {}

      @Override
      public void onError(Throwable t) {
        atEnd.run();
      }

      @Override
      public void onComplete() {
        atEnd.run();
      }
    };
  }

  @ParameterizedTest
  @EnumSource(EndSignal.class)
  void closeAsync_completesOnlyAfterTheCallsUserCodeAtItsEndHasRun(EndSignal signal) {
    bed = transport.start(TestService.serving(hang));
    Channel channel = bed.channel(ChannelOptions.DEFAULT);
    switch (signal) {
      case RESPONSE_DEPENDENT ->
          RpcKind.UNARY_UNARY
              .call(channel, "x")
              .response()
              .whenComplete((value, error) -> userCodeAtTheEnd());
      case DONE_CALLBACK ->
          RpcKind.UNARY_UNARY.call(channel, "x").call().addDoneCallback(c -> userCodeAtTheEnd());
      case STREAM_TERMINAL -> {
        UnaryStreamCall<String> call =
            channel
                .unaryStream(RpcKind.UNARY_STREAM.method(), Utf8.SERIALIZER, Utf8.DESERIALIZER)
                .call("x");
        call.subscribe(runningAtTheEnd(this::userCodeAtTheEnd));
      }
    }
    Await.result(serverStarted);

    CompletableFuture<Void> closed = channel.closeAsync(null);
    ending.complete(closed);

    assertThat(Await.result(endedWhileUserCodeRan))
        .as("the close completed while the user code at the call's end still ran")
        .isFalse();
    Await.result(closed);
  }

  @ParameterizedTest
  @EnumSource(EndSignal.class)
  void close_fromTheUserCodeAtACallsEnd_doesNotWaitForThatCall(EndSignal signal) {
    bed = transport.start(TestService.serving(hang));
    Channel channel = bed.channel(ChannelOptions.DEFAULT);
    CompletableFuture<Void> closeReturned = new CompletableFuture<>();
    Runnable closeHere =
        () -> {
          channel.close();
          closeReturned.complete(null);
        };
    TestCall call = null;
    switch (signal) {
      case RESPONSE_DEPENDENT -> {
        call = RpcKind.UNARY_UNARY.call(channel, "x");
        call.response().whenComplete((value, error) -> closeHere.run());
      }
      case DONE_CALLBACK -> {
        call = RpcKind.UNARY_UNARY.call(channel, "x");
        call.call().addDoneCallback(c -> closeHere.run());
      }
      case STREAM_TERMINAL -> {
        UnaryStreamCall<String> streaming =
            channel
                .unaryStream(RpcKind.UNARY_STREAM.method(), Utf8.SERIALIZER, Utf8.DESERIALIZER)
                .call("x");
        streaming.subscribe(runningAtTheEnd(closeHere));
        Await.result(serverStarted);
        streaming.cancel();
      }
    }
    if (call != null) {
      Await.result(serverStarted);
      call.call().cancel();
    }

    // Well within the few seconds after which a close stops waiting for a stuck call.
    Await.result(closeReturned, Duration.ofSeconds(2));
  }

  @Test
  void stop_completesOnlyAfterTheRpcsDoneCallbacksHaveRun() {
    bed = transport.start(TestService.serving(hang));
    RpcKind.UNARY_UNARY.call(bed.channel(), "x");
    Await.result(serverStarted).addDoneCallback(context -> userCodeAtTheEnd());

    CompletableFuture<Void> stopped = bed.server().stop(null);
    ending.complete(stopped);

    assertThat(Await.result(endedWhileUserCodeRan))
        .as("the stop completed while a done callback still ran")
        .isFalse();
    Await.result(stopped);
  }
}
