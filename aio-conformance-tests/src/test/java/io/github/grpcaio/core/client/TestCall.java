package io.github.grpcaio.core.client;

import static org.assertj.core.api.Assertions.fail;

import io.github.grpcaio.Call;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.TestSubscriber;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * A call of any {@link RpcKind} with its response side seen uniformly: the messages that arrived
 * and how the response future or stream ended.
 */
final class TestCall {

  /**
   * How the response side ended.
   *
   * @param messages the responses received, in order (the single response of a successful unary
   *     call)
   * @param error the response future's exception or the stream's {@code onError}, null for success
   */
  record Result(List<String> messages, Throwable error) {}

  private final RpcKind kind;
  private final Call call;
  private final CompletableFuture<String> response; // unary-response kinds
  private final TestSubscriber<String> responses; // streaming-response kinds

  private TestCall(
      RpcKind kind,
      Call call,
      CompletableFuture<String> response,
      TestSubscriber<String> responses) {
    this.kind = kind;
    this.call = call;
    this.response = response;
    this.responses = responses;
  }

  static TestCall unaryResponse(RpcKind kind, Call call, CompletableFuture<String> response) {
    return new TestCall(kind, call, response, null);
  }

  static TestCall streamingResponse(RpcKind kind, Call call, Flow.Publisher<String> publisher) {
    TestSubscriber<String> subscriber = TestSubscriber.unbounded();
    publisher.subscribe(subscriber);
    return new TestCall(kind, call, null, subscriber);
  }

  RpcKind kind() {
    return kind;
  }

  Call call() {
    return call;
  }

  /** The {@code response()} future of a unary-response call; fails for a response stream. */
  CompletableFuture<String> response() {
    if (response == null) {
      fail(kind + " has a response stream");
    }
    return response;
  }

  /** The subscriber of a response stream; fails for a unary response. */
  TestSubscriber<String> responses() {
    if (responses == null) {
      fail(kind + " has a unary response");
    }
    return responses;
  }

  /** Tells whether the response future completed, or the response stream signalled its end. */
  boolean responseSideDone() {
    return response != null ? response.isDone() : responses.isTerminated();
  }

  /** Waits (bounded) for the response side to end and returns how it ended. */
  Result awaitResult() {
    if (response != null) {
      Throwable error = Await.outcome(response);
      return new Result(error == null ? List.of(response.join()) : List.of(), error);
    }
    responses.awaitTermination();
    return new Result(responses.values(), responses.error());
  }

  /** Waits (bounded) for the response side to fail and returns the error. */
  Throwable awaitError() {
    Result result = awaitResult();
    if (result.error() == null) {
      fail(kind + " succeeded with " + result.messages() + " where a failure was expected");
    }
    return result.error();
  }

  /**
   * Stops consuming responses the way a user would: cancels the response future, or the stream's
   * subscription.
   */
  void cancelResponseConsumer() {
    if (response != null) {
      response.cancel(false);
    } else {
      responses.cancel();
    }
  }

  @Override
  public String toString() {
    return kind + " " + call;
  }
}
