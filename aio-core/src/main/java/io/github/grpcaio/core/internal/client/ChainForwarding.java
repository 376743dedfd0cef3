package io.github.grpcaio.core.internal.client;

import io.github.grpcaio.Call;
import io.github.grpcaio.StreamStreamCall;
import io.github.grpcaio.StreamUnaryCall;
import io.github.grpcaio.UnaryStreamCall;
import io.github.grpcaio.UnaryUnaryCall;
import io.github.grpcaio.UsageError;
import io.github.grpcaio.core.internal.stream.FailedSubscription;
import io.github.grpcaio.core.internal.stream.WriteQueue;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Forwards what the caller of an {@link InterceptedCall} does to the call its interceptor chain
 * comes back with, of the kind's call type {@code C} (the four share no type for these methods),
 * through the chain's {@link ChainDecision}. Thread-safe.
 *
 * <p>What the caller does while the chain runs is queued in order and forwarded when it is decided:
 * subscribers, reads, writes and half-close go to the chain's call in the order they were made
 * (each future completing when the chain's call completes its own), or fail with the failure.
 * Nothing else is buffered: a write's future completes only once the chain's call has sent it.
 *
 * @param <Req> the request type
 * @param <Resp> the response type
 * @param <C> the call type of the kind
 */
final class ChainForwarding<Req, Resp, C extends Call> {

  private final CallKind kind;
  private final RequestSource source;
  private final ChainDecision<C> decision;
  private final AtomicBoolean halfClosed = new AtomicBoolean();

  ChainForwarding(CallKind kind, RequestSource source, ChainDecision<C> decision) {
    this.kind = kind;
    this.source = source;
    this.decision = decision;
  }

  /** The response of the chain's call of a unary-response kind. */
  @SuppressWarnings("unchecked") // C is UnaryUnaryCall<Resp> or StreamUnaryCall<Req, Resp>
  CompletableFuture<Resp> responseOf(C call) {
    return switch (kind) {
      case UNARY_UNARY -> ((UnaryUnaryCall<Resp>) call).response();
      case STREAM_UNARY -> ((StreamUnaryCall<Req, Resp>) call).response();
      default -> throw new IllegalStateException("not a unary-response call");
    };
  }

  /**
   * Subscribes to the responses of a streaming-response kind, once decided.
   *
   * @param subscriber the subscriber
   */
  void subscribe(Flow.Subscriber<? super Resp> subscriber) {
    Objects.requireNonNull(subscriber, "subscriber");
    decision.whenDecided(
        c -> responsesOf(c).subscribe(subscriber),
        error -> FailedSubscription.signal(subscriber, error));
  }

  @SuppressWarnings("unchecked") // C is UnaryStreamCall<Resp> or StreamStreamCall<Req, Resp>
  private Flow.Publisher<Resp> responsesOf(C call) {
    return (Flow.Publisher<Resp>) call;
  }

  /**
   * Reads the next response of a streaming-response kind, once decided.
   *
   * @return the response, or empty at the end of the stream
   */
  @SuppressWarnings("unchecked") // C is UnaryStreamCall<Resp> or StreamStreamCall<Req, Resp>
  CompletableFuture<Optional<Resp>> read() {
    return switch (kind) {
      case UNARY_STREAM -> decision.forwardRead(c -> ((UnaryStreamCall<Resp>) c).read());
      case STREAM_STREAM -> decision.forwardRead(c -> ((StreamStreamCall<Req, Resp>) c).read());
      default -> throw new IllegalStateException("not a streaming-response call");
    };
  }

  /**
   * Forwards a write of a stream-request kind: checks the style and the half-close at once, as an
   * unintercepted call does, then writes to the chain's call once decided.
   *
   * @param request the request
   * @return completes once the chain's call has sent it
   * @throws UsageError if the call was made with a request publisher, or after doneWriting
   */
  @SuppressWarnings("unchecked") // C is StreamUnaryCall<Req, Resp> or StreamStreamCall<Req, Resp>
  CompletableFuture<Void> write(Req request) {
    Objects.requireNonNull(request, "request");
    checkWrites();
    if (halfClosed.get()) {
      throw new UsageError(WriteQueue.HALF_CLOSED);
    }
    return switch (kind) {
      case STREAM_UNARY -> decision.forward(c -> ((StreamUnaryCall<Req, Resp>) c).write(request));
      case STREAM_STREAM -> decision.forward(c -> ((StreamStreamCall<Req, Resp>) c).write(request));
      default -> throw new IllegalStateException("not a stream-request call");
    };
  }

  /**
   * Forwards a half-close of a stream-request kind, after the writes made before it.
   *
   * @return completes once the chain's call has half-closed
   * @throws UsageError if the call was made with a request publisher
   */
  @SuppressWarnings("unchecked") // C is StreamUnaryCall<Req, Resp> or StreamStreamCall<Req, Resp>
  CompletableFuture<Void> doneWriting() {
    checkWrites();
    halfClosed.set(true);
    return switch (kind) {
      case STREAM_UNARY -> decision.forward(c -> ((StreamUnaryCall<Req, Resp>) c).doneWriting());
      case STREAM_STREAM -> decision.forward(c -> ((StreamStreamCall<Req, Resp>) c).doneWriting());
      default -> throw new IllegalStateException("not a stream-request call");
    };
  }

  private void checkWrites() {
    if (source != RequestSource.WRITES) {
      throw new UsageError(WriteQueue.PUBLISHER_GIVEN);
    }
  }
}
