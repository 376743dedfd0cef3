package io.github.grpcaio.core.internal.stream;

import io.github.grpcaio.UsageError;
import io.github.grpcaio.core.internal.ConfinedTo;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The publisher behind {@code write()}/{@code doneWriting()} (and {@code context.write()} on the
 * server): it turns explicit writes into a message stream that an {@link OutboundStream} pulls, so
 * both styles share one path to the transport.
 *
 * <p>A write's future completes when the RPC reports the message sent ({@link #onSent()}), which
 * happens only while the transport is ready, so awaiting each write bounds memory. Writes are sent
 * in order. Once the RPC ends ({@link #abort}), pending and later writes fail with its outcome.
 *
 * <p>Threading: {@link #write}, {@link #doneWriting()}, {@link #subscribe} and the subscription's
 * methods may be called from any thread; all other methods on the RPC's context. The subscriber is
 * signalled on the context. {@code request(n <= 0)} fails the subscriber (rule 3.9); after {@code
 * cancel()} nothing more is signalled and the subscriber is dropped (rules 3.6, 3.13).
 *
 * @param <T> the message type
 */
public final class WriteQueue<T> implements Flow.Publisher<T> {

  /** The message of a {@code write} after {@code doneWriting}. */
  public static final String HALF_CLOSED =
      "write() after doneWriting(): the request stream is already half-closed";

  /** The message of {@code write} or {@code doneWriting} on a call given a request publisher. */
  public static final String PUBLISHER_GIVEN =
      "write() and doneWriting() are not available on a call made with a request publisher: its"
          + " requests come from that publisher";

  private final Executor context;
  private final String closedMessage; // a write's UsageError once the stream was ended
  private final AtomicBoolean halfClosed = new AtomicBoolean();
  private final CompletableFuture<Void> doneWriting = new CompletableFuture<>();

  @ConfinedTo("context")
  private boolean subscribed; // the one subscriber came; later ones are refused

  @ConfinedTo("context")
  private Flow.Subscriber<? super T> subscriber; // null before, and after cancel or a terminal

  @ConfinedTo("context")
  private final ArrayDeque<Pending<T>> queued = new ArrayDeque<>(); // not yet handed on

  @ConfinedTo("context")
  private final ArrayDeque<CompletableFuture<Void>> unsent = new ArrayDeque<>(); // handed on

  @ConfinedTo("context")
  private long demand;

  @ConfinedTo("context")
  private boolean completeRequested;

  @ConfinedTo("context")
  private boolean completed;

  @ConfinedTo("context")
  private Throwable failure; // the RPC ended

  private record Pending<T>(T message, CompletableFuture<Void> future) {}

  /**
   * Creates a write queue.
   *
   * @param context the RPC's context
   * @param closedMessage the message of the {@link UsageError} a write gets once {@link
   *     #doneWriting()} was called: {@link #HALF_CLOSED} for a client's request stream
   */
  public WriteQueue(Executor context, String closedMessage) {
    this.context = context;
    this.closedMessage = closedMessage;
  }

  /**
   * Queues one message.
   *
   * @param message the message
   * @return a future completing when the message was sent
   * @throws UsageError after {@link #doneWriting()}, with the queue's closed message
   */
  public CompletableFuture<Void> write(T message) {
    Objects.requireNonNull(message, "message");
    if (halfClosed.get()) {
      throw new UsageError(closedMessage);
    }
    CompletableFuture<Void> future = new CompletableFuture<>();
    context.execute(
        () -> {
          if (failure != null) {
            future.completeExceptionally(failure);
          } else if (completeRequested) {
            future.completeExceptionally(new UsageError(closedMessage));
          } else {
            queued.add(new Pending<>(message, future));
            drain();
          }
        });
    return future;
  }

  /**
   * Ends the stream after the queued messages. Idempotent.
   *
   * @return a future completing once the half-close was handed to the transport, or the RPC ended
   */
  public CompletableFuture<Void> doneWriting() {
    if (halfClosed.compareAndSet(false, true)) {
      context.execute(
          () -> {
            completeRequested = true;
            drain();
          });
    }
    return doneWriting.copy();
  }

  @Override
  public void subscribe(Flow.Subscriber<? super T> s) {
    Objects.requireNonNull(s, "subscriber");
    context.execute(
        () -> {
          if (subscribed) {
            s.onSubscribe(InboundStream.NoopSubscription.INSTANCE);
            s.onError(new IllegalStateException("A write queue has one subscriber: its RPC"));
            return;
          }
          subscribed = true;
          subscriber = s;
          s.onSubscribe(new QueueSubscription(s));
          drain();
        });
  }

  /**
   * The subscription. Its methods may be called from any thread (the RPC calls them on the
   * context); they hop onto the context, which also bounds the recursion of a subscriber that
   * requests from {@code onNext} (rule 3.3).
   */
  private final class QueueSubscription implements Flow.Subscription {
    private final Flow.Subscriber<? super T> owner;

    QueueSubscription(Flow.Subscriber<? super T> owner) {
      this.owner = owner;
    }

    @Override
    public void request(long n) {
      context.execute(
          () -> {
            if (subscriber != owner) {
              return; // cancelled or terminated: rule 3.6
            }
            if (n <= 0) {
              // Rule 3.9.
              subscriber = null;
              owner.onError(
                  new IllegalArgumentException(
                      "Reactive Streams rule 3.9: request(n) needs n > 0, got " + n));
              return;
            }
            demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
            drain();
          });
    }

    @Override
    public void cancel() {
      // The RPC ended; abort() tells the writers how. Drop the subscriber (rules 3.6, 3.13).
      context.execute(
          () -> {
            if (subscriber == owner) {
              subscriber = null;
            }
          });
    }
  }

  /** The oldest message handed on was sent: complete its write. Call on the context. */
  public void onSent() {
    CompletableFuture<Void> future = unsent.poll();
    if (future != null) {
      future.complete(null);
    }
  }

  /** The half-close was sent. Call on the context. */
  public void onHalfClosed() {
    doneWriting.complete(null);
  }

  /**
   * The RPC ended: fail pending and later writes with {@code outcome}; {@code doneWriting()}
   * completes normally, as it is a no-op on a finished RPC. Call on the context.
   *
   * @param outcome the error writes fail with
   */
  public void abort(Throwable outcome) {
    if (failure != null) {
      return;
    }
    failure = outcome;
    CompletableFuture<Void> f;
    while ((f = unsent.poll()) != null) {
      f.completeExceptionally(outcome);
    }
    Pending<T> p;
    while ((p = queued.poll()) != null) {
      p.future.completeExceptionally(outcome);
    }
    doneWriting.complete(null);
  }

  private void drain() {
    if (subscriber == null || completed || failure != null) {
      return;
    }
    while (demand > 0 && !queued.isEmpty() && subscriber != null) {
      Pending<T> p = queued.poll();
      if (demand != Long.MAX_VALUE) {
        demand--;
      }
      unsent.add(p.future);
      subscriber.onNext(p.message);
    }
    if (completeRequested && queued.isEmpty() && subscriber != null) {
      completed = true;
      Flow.Subscriber<? super T> s = subscriber;
      subscriber = null;
      s.onComplete();
    }
  }
}
