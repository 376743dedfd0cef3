package io.github.grpcaio.core.internal.stream;

import io.github.grpcaio.UsageError;
import io.github.grpcaio.core.internal.ConfinedTo;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The messages arriving from the transport for one RPC (client responses, server requests), handed
 * to exactly one consumer: a {@link Flow.Subscriber} or {@link #read()} calls, never both.
 *
 * <p>Backpressure: the transport is asked for exactly what the consumer requested (a read requests
 * one), in chunks of at most {@link Integer#MAX_VALUE}, so nothing is buffered here (but the
 * messages of abandoned reads, below) and an idle consumer stops the sender through HTTP/2 flow
 * control.
 *
 * <p>Abandoned reads: a caller may give up on a read's future ({@code orTimeout}, {@code cancel},
 * {@code completeExceptionally}) at any moment, from any thread. A message is handed to a read only
 * by {@link CompletableFuture#complete}, which is atomic and tells whether the read took it; a
 * message no live read takes is kept for the next {@link #read()}, which takes it without asking
 * the transport for another. So no message is lost, and the transport is never asked for more
 * messages than reads were made: at most one message is kept per abandoned read.
 *
 * <p>Threading: {@link #subscribe}, {@link #read()} and the subscription's methods may be called
 * from any thread; they hop onto the RPC's context. {@link #onMessage}, {@link #complete} and
 * {@link #fail} must be called on the context. Every signal to the consumer happens on the context,
 * so signals never overlap.
 *
 * @param <T> the message type
 */
public final class InboundStream<T> implements Flow.Publisher<T> {

  /** What the stream pulls messages from. Its methods are called on the context. */
  public interface Source {
    /**
     * Asks the transport for more messages.
     *
     * @param count how many, positive
     */
    void request(int count);

    /** The consumer cancelled its subscription. */
    void cancel();
  }

  /** The message when a stream is both subscribed to and read with {@code read()}. */
  public static final String MIXED_STYLES =
      "A message stream of an RPC is consumed either by subscribing to it (Flow.Publisher) or"
          + " with read(), not both";

  private static final Logger logger = Logger.getLogger(InboundStream.class.getName());
  private static final Object READ_MODE = new Object();
  private static final Object CANCELLED = new Object(); // the subscriber cancelled; dropped

  private final Executor context;
  private final SerializingExecutor serial; // the context, if it can tell its thread; else null
  private final Source source;
  private final AtomicReference<Object> consumer =
      new AtomicReference<>(); // Subscriber/READ_MODE/CANCELLED
  private final Demand demand = new Demand();
  private final Flow.Subscription subscription = new StreamSubscription();

  @ConfinedTo("context")
  private Flow.Subscriber<? super T> subscriber; // set when onSubscribe was delivered

  @ConfinedTo("context")
  private ArrayDeque<CompletableFuture<Optional<T>>> reads; // set in read mode

  @ConfinedTo("context")
  private ArrayDeque<T> unread; // in read mode: arrived, left by abandoned reads; null if none yet

  @ConfinedTo("context")
  private long inFlight; // asked of the transport, not yet arrived

  @ConfinedTo("context")
  private boolean terminated; // complete() or fail() was called

  @ConfinedTo("context")
  private Throwable terminalError; // null for a clean end

  @ConfinedTo("context")
  private boolean done; // the terminal signal was delivered, or the consumer cancelled

  @ConfinedTo("context")
  private boolean holding; // a subscriber's onSubscribe waits for releaseSubscriber()

  @ConfinedTo("context")
  private Flow.Subscriber<? super T> held; // the subscriber that waits, if any

  @ConfinedTo("context")
  private boolean requestedInSignal; // the subscriber requested from onSubscribe/onNext

  // The context's thread while it is inside the subscriber's onSubscribe or onNext, else null. A
  // request made there is noted in requestedInSignal and pumped when the signal returns, instead
  // of through a task on the context's queue: a subscriber requesting one message at a time costs
  // no task per message. Only the context's thread writes it, so another thread never reads its
  // own identity here, however stale its view.
  private Thread signalling;

  /**
   * Creates a stream.
   *
   * @param context the RPC's context
   * @param source where to ask for messages
   */
  public InboundStream(Executor context, Source source) {
    this.context = context;
    this.serial = context instanceof SerializingExecutor s ? s : null;
    this.source = source;
  }

  @Override
  public void subscribe(Flow.Subscriber<? super T> s) {
    Objects.requireNonNull(s, "subscriber");
    if (!consumer.compareAndSet(null, s)) {
      // Rule 1.9: a rejected subscriber still gets onSubscribe before onError.
      s.onSubscribe(NoopSubscription.INSTANCE);
      s.onError(
          new UsageError(
              consumer.get() == READ_MODE
                  ? MIXED_STYLES
                  : "Only one subscriber is allowed on a stream of an RPC"));
      return;
    }
    context.execute(
        () -> {
          if (holding) {
            held = s;
          } else {
            deliverSubscribe(s);
          }
        });
  }

  private void deliverSubscribe(Flow.Subscriber<? super T> s) {
    subscriber = s;
    signalling = Thread.currentThread();
    try {
      s.onSubscribe(subscription);
    } catch (Throwable t) {
      subscriberFailed("onSubscribe", t);
      return;
    } finally {
      signalling = null;
    }
    if (requestedInSignal) {
      requestedInSignal = false;
      pump();
    }
    if (terminated) {
      deliverTerminal();
    }
  }

  /**
   * Holds a subscriber's {@code onSubscribe} (and so every later signal) until {@link
   * #releaseSubscriber()}; {@link #read()} is not held. The server uses it so that a handler's
   * request subscriber sees nothing before the handler has returned (and its response publisher was
   * subscribed to), as in grpc-java. Call on the context, before anyone can subscribe.
   */
  public void holdSubscriber() {
    holding = true;
  }

  /** Ends {@link #holdSubscriber()}: a waiting subscriber gets its signals now. On the context. */
  public void releaseSubscriber() {
    holding = false;
    Flow.Subscriber<? super T> s = held;
    if (s != null) {
      held = null;
      deliverSubscribe(s);
    }
  }

  /**
   * Reads the next message.
   *
   * @return a future completing with the next message, empty at a clean end, or exceptionally with
   *     the stream's error
   * @throws UsageError if a subscriber consumes the stream
   */
  public CompletableFuture<Optional<T>> read() {
    CompletableFuture<Optional<T>> result = new CompletableFuture<>();
    readInto(result);
    return result;
  }

  /**
   * Reads the next message into a future made by the caller, as {@link #read()} does into its own:
   * for a read forwarded from another future (an intercepted call's), so that the message goes
   * straight to the future the caller holds, and a caller that gave up on it leaves it to the next
   * read.
   *
   * @param result the future to complete with the next message
   * @throws UsageError if a subscriber consumes the stream
   */
  public void readInto(CompletableFuture<Optional<T>> result) {
    if (consumer.get() != READ_MODE && !consumer.compareAndSet(null, READ_MODE)) {
      throw new UsageError(MIXED_STYLES);
    }
    context.execute(
        () -> {
          if (reads == null) {
            reads = new ArrayDeque<>();
          }
          if (unread != null && !unread.isEmpty()) {
            // Left by an abandoned read, asked of the transport for it: no new demand. If this
            // read was abandoned too, the message waits for the next one.
            if (result.complete(Optional.of(unread.peek()))) {
              unread.poll();
            }
            return;
          }
          if (terminated) {
            resolve(result); // also after abandoned reads: the end stays for every later read
            return;
          }
          if (result.isDone()) {
            return; // abandoned before it was queued: asks the transport for nothing
          }
          reads.add(result);
          demand.add(1);
          pump();
        });
  }

  /**
   * Tells whether messages are no longer wanted (the consumer cancelled, or the stream ended), so
   * that the caller can release them without decoding. Call on the context.
   *
   * @return true if a message would be dropped
   */
  public boolean isClosed() {
    return done || terminated;
  }

  /**
   * Delivers one message. Call on the context.
   *
   * @param message the decoded message
   */
  public void onMessage(T message) {
    if (done || terminated) {
      return;
    }
    inFlight--;
    demand.consumeOne();
    if (reads != null) {
      handToRead(message);
    } else {
      signalling = Thread.currentThread();
      try {
        subscriber.onNext(message);
      } catch (Throwable t) {
        subscriberFailed("onNext", t);
        return;
      } finally {
        signalling = null;
      }
    }
    if (requestedInSignal) {
      requestedInSignal = false;
      pump();
    } else if (inFlight == 0 && demand.get() > 0) {
      pump(); // only when the demand was larger than one transport request could carry
    }
  }

  /**
   * Hands a message to the oldest read that takes it; abandoned reads are skipped. If none takes
   * it, it is kept for the next read (the demand of an abandoned read brought it). On the context.
   */
  private void handToRead(T message) {
    Optional<T> value = Optional.of(message);
    CompletableFuture<Optional<T>> read;
    while ((read = reads.poll()) != null) {
      if (read.complete(value)) {
        return;
      }
    }
    if (unread == null) {
      unread = new ArrayDeque<>();
    }
    unread.add(message);
  }

  /** Ends the stream cleanly. Call on the context. */
  public void complete() {
    terminate(null);
  }

  /**
   * Ends the stream with an error. Call on the context.
   *
   * @param error the error
   */
  public void fail(Throwable error) {
    terminate(error);
  }

  private void terminate(Throwable error) {
    if (terminated) {
      return;
    }
    terminated = true;
    terminalError = error;
    if (subscriber != null || reads != null) {
      deliverTerminal();
    }
  }

  private void deliverTerminal() {
    if (done) {
      return;
    }
    done = true;
    if (reads != null) {
      CompletableFuture<Optional<T>> read;
      while ((read = reads.poll()) != null) {
        resolve(read);
      }
      return;
    }
    try {
      if (terminalError == null) {
        subscriber.onComplete();
      } else {
        subscriber.onError(terminalError);
      }
    } catch (Throwable t) {
      logger.log(Level.WARNING, "Subscriber threw from a terminal signal; ignoring it", t);
    }
  }

  private void resolve(CompletableFuture<Optional<T>> read) {
    if (terminalError == null) {
      read.complete(Optional.empty());
    } else {
      read.completeExceptionally(terminalError);
    }
  }

  private void pump() {
    if (done || terminated) {
      return;
    }
    long want = Math.min(demand.get(), Integer.MAX_VALUE) - inFlight;
    if (want > 0) {
      inFlight += want;
      source.request((int) want);
    }
  }

  /**
   * Forgets a subscriber that cancelled, so that it can be collected while the call lives on (rule
   * 3.13); later subscribers are still refused. Call on the context, after {@code done} was set.
   */
  private void dropSubscriber() {
    if (subscriber != null) {
      consumer.set(CANCELLED);
      subscriber = null;
    }
  }

  private void subscriberFailed(String signal, Throwable t) {
    // Rule 2.13: a subscriber that throws is treated as having cancelled.
    logger.log(Level.WARNING, "Subscriber threw from " + signal + "; cancelling the stream", t);
    if (!done) {
      done = true;
      source.cancel();
    }
  }

  private final class StreamSubscription implements Flow.Subscription {
    @Override
    public void request(long n) {
      if (n <= 0) {
        context.execute(
            () -> {
              if (done) {
                return;
              }
              done = true;
              source.cancel();
              // Rule 3.9.
              subscriber.onError(
                  new IllegalArgumentException(
                      "Reactive Streams rule 3.9: request(n) needs n > 0, got " + n));
            });
        return;
      }
      demand.add(n);
      if (signalling == Thread.currentThread()) {
        requestedInSignal = true; // on the context, in a signal: pumped when it returns
        return;
      }
      if (serial != null && serial.isCurrent()) {
        pump(); // in another task of the context (the RPC's response stream pulling): at once
        return;
      }
      context.execute(InboundStream.this::pump);
    }

    @Override
    public void cancel() {
      context.execute(
          () -> {
            if (!done) {
              done = true;
              source.cancel();
            }
            dropSubscriber();
          });
    }
  }

  /** A subscription for subscribers that were refused. */
  enum NoopSubscription implements Flow.Subscription {
    INSTANCE;

    @Override
    public void request(long n) {}

    @Override
    public void cancel() {}
  }
}
