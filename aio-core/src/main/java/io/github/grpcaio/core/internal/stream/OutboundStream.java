package io.github.grpcaio.core.internal.stream;

import io.github.grpcaio.core.internal.ConfinedTo;
import io.github.grpcaio.core.internal.FieldHandles;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Subscribes to the publisher of an outbound message stream (client requests, server responses) and
 * hands its messages to the transport, pulling only while the transport {@linkplain Sink#isReady()
 * is ready}. Nothing is buffered here, so a slow peer stops the publisher.
 *
 * <p>Demand in batches: a request asks for one message at first; once the transport has taken
 * {@value #RAMP} times the batch since it was last found not ready, the batch doubles, up to
 * {@value #MAX_BATCH}; it falls back to one message each time the transport is found not ready. A
 * stream the transport keeps taking so pays the publisher's request (and the count of requested
 * messages) once per batch instead of once per message. The cost: a batch asked for while the
 * transport was ready is sent whole, so the publisher can run ahead of readiness by less than a
 * {@value #RAMP}th of what the transport took in its current ready run, and by {@code MAX_BATCH -
 * 1} messages at most (grpc-java queues them; readiness is advisory). That is only done where
 * readiness is a byte window ({@link Sink#byteWindow()}): in-process, where a stream is ready
 * exactly while the receiver has a message requested, a ready check says nothing about the next
 * message, and demand stays one message at a time.
 *
 * <p>Threading: the {@link Flow.Subscriber} methods may be called on any thread (as the publisher
 * likes); they hop onto the RPC's context, except an {@code onNext} a synchronous publisher makes
 * from inside the request on the context, which is sent at once. {@link #onReady()} and {@link
 * #cancel()} must be called on the context. The sink is only called on the context, and the
 * subscription's methods only from there, so they are serial (rule 2.7).
 *
 * <p>A publisher that breaks the rules (onNext beyond demand) is cancelled and the sink failed;
 * signals after a terminal one are ignored. Demand is checked when {@code onNext} is called, on the
 * publisher's thread, against every request made so far: checking later, on the context, would let
 * an extra message pass whenever the next request happened to be made before it was processed, so
 * that the outcome would depend on the transport's readiness.
 *
 * @param <T> the message type
 */
public final class OutboundStream<T> implements Flow.Subscriber<T> {

  /** Where messages go. Called on the context. */
  public interface Sink<T> {
    /**
     * Tells whether the transport can take a message without buffering much.
     *
     * @return true if ready
     */
    boolean isReady();

    /**
     * Tells whether readiness is measured in bytes (a flow-control window and a send threshold, as
     * over HTTP/2), which a batch asked for while ready may overshoot by a little unseen; false
     * where readiness counts messages (in-process: ready exactly while the receiver has one
     * requested), so that demand stays one message per ready check and the publisher is pulled
     * exactly as far as the receiver asked. Asked once, when the stream is made.
     *
     * @return true to let demand grow in batches
     */
    default boolean byteWindow() {
      return true;
    }

    /**
     * Sends one message.
     *
     * @param message the message
     */
    void send(T message);

    /** The publisher completed: half-close or finish. */
    void complete();

    /**
     * The publisher failed or broke the rules.
     *
     * @param error what went wrong
     */
    void fail(Throwable error);
  }

  private static final Logger logger = Logger.getLogger(OutboundStream.class.getName());

  private static final VarHandle REQUESTED_TOTAL =
      FieldHandles.of(MethodHandles.lookup(), "requestedTotal", long.class);

  /**
   * How many messages one pull() sends from a synchronous publisher before it yields the context
   * (queues its continuation): enough to make the task per batch negligible, few enough that a
   * publisher that never runs dry, to a transport that stays ready, cannot starve the RPC's other
   * events.
   */
  private static final int INLINE_BATCH = 64;

  /** The most messages one request asks the publisher for. */
  static final int MAX_BATCH = 32;

  /**
   * How many times the batch the transport must have taken in its current ready run before the
   * batch doubles: what bounds the overshoot to a {@code RAMP}th of the run.
   */
  static final int RAMP = 32;

  private final Executor context;
  private final SerializingExecutor serial; // the context, if it can tell its thread; else null
  private final Sink<T> sink;
  private final int maxBatch; // MAX_BATCH, or 1 where readiness counts messages

  // The demand check of onNext, on the publisher's thread, costs no locked instruction per message.
  // requestedTotal counts every message requested: written on the context only, before the request
  // is made (a release store), so an onNext answering that request sees it through the publisher's
  // own hand-over from request to onNext. receivedTotal counts every onNext: written by onNext
  // only, which a publisher calls one at a time, each seeing the one before (rule 1.3), so a plain
  // increment is exact. received > requested is a broken publisher. One that also signals
  // concurrently (breaking 1.3) may lose counts here, and an overflow of its may go unseen.
  private volatile long requestedTotal;

  private long receivedTotal;

  @ConfinedTo("context")
  private Flow.Subscription subscription;

  @ConfinedTo("context")
  private long outstanding; // requested of the publisher and not arrived yet

  @ConfinedTo("context")
  private int batch = 1; // how many messages the next request asks for

  @ConfinedTo("context")
  private int readyRun; // messages sent since the transport was last found not ready

  @ConfinedTo("context")
  private boolean done;

  // The context's thread while it is inside subscription.request(n), else null. An onNext on
  // that thread is a synchronous publisher answering the request: it is sent at once instead of
  // through the context's queue, which saves a task per message. Only the context's thread writes
  // it, so another thread never reads its own identity here, however stale its view.
  private Thread pulling;

  /**
   * Creates an outbound stream.
   *
   * @param context the RPC's context
   * @param sink where messages go
   */
  public OutboundStream(Executor context, Sink<T> sink) {
    this.context = context;
    this.serial = context instanceof SerializingExecutor s ? s : null;
    this.sink = sink;
    this.maxBatch = sink.byteWindow() ? MAX_BATCH : 1;
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    Objects.requireNonNull(s, "subscription");
    context.execute(
        () -> {
          if (subscription != null || done) {
            cancelQuietly(s); // rule 2.5
            return;
          }
          subscription = s;
          pull();
        });
  }

  @Override
  public void onNext(T item) {
    Objects.requireNonNull(item, "item"); // rule 2.13
    boolean withinDemand = ++receivedTotal <= requestedTotal;
    if (pulling == Thread.currentThread() && withinDemand) {
      // On the context, inside pull()'s request: send it now (pull() loops, so nothing recurses).
      outstanding--;
      if (!done) {
        send(item);
      }
      return;
    }
    if (pulling == null && serial != null && serial.isCurrent()) {
      // Already in a task of the context (a publisher fed by another stream of this RPC, such
      // as an echo of the request stream): no task of its own needed.
      deliver(item, withinDemand);
      return;
    }
    context.execute(() -> deliver(item, withinDemand));
  }

  private void deliver(T item, boolean withinDemand) {
    if (done) {
      return;
    }
    if (!withinDemand || outstanding == 0) {
      done = true;
      cancelQuietly(subscription);
      sink.fail(
          new IllegalStateException(
              "Publisher broke Reactive Streams rule 1.1: onNext without demand"));
      return;
    }
    outstanding--;
    send(item);
    if (outstanding == 0) {
      pull();
    }
  }

  private void send(T item) {
    readyRun++;
    sink.send(item);
  }

  @Override
  public void onError(Throwable error) {
    Objects.requireNonNull(error, "error"); // rule 2.13
    context.execute(
        () -> {
          if (!done) {
            done = true;
            sink.fail(error);
          }
        });
  }

  @Override
  public void onComplete() {
    context.execute(
        () -> {
          if (!done) {
            done = true;
            sink.complete();
          }
        });
  }

  /** The transport became ready: pull if nothing is outstanding. Call on the context. */
  public void onReady() {
    pull();
  }

  /** Stops pulling and cancels the subscription. Idempotent. Call on the context. */
  public void cancel() {
    if (!done) {
      done = true;
      if (subscription != null) {
        cancelQuietly(subscription);
      }
    }
  }

  private void pull() {
    int budget = INLINE_BATCH;
    while (!done && subscription != null && outstanding == 0) {
      if (!sink.isReady()) {
        readyRun = 0;
        batch = 1;
        return;
      }
      if (budget <= 0) {
        context.execute(this::pull); // yield to the RPC's other events, then go on
        return;
      }
      if (batch < maxBatch && readyRun >= RAMP * batch) {
        batch *= 2; // the transport keeps taking: ask for more at once
      }
      int n = Math.min(batch, budget);
      budget -= n;
      outstanding = n;
      REQUESTED_TOTAL.setRelease(this, requestedTotal + n); // only the context writes it
      pulling = Thread.currentThread();
      try {
        subscription.request(n);
      } catch (Throwable t) {
        done = true;
        sink.fail(t);
        return;
      } finally {
        pulling = null;
      }
      // A synchronous publisher has sent its messages from inside the request (see onNext); the
      // rest of the batch comes later through the context's queue, and pulls again when in.
    }
  }

  private static void cancelQuietly(Flow.Subscription s) {
    try {
      s.cancel();
    } catch (Throwable t) {
      logger.log(Level.WARNING, "Subscription.cancel threw; ignoring it", t);
    }
  }
}
