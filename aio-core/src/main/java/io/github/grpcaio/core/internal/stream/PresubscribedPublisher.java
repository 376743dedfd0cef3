package io.github.grpcaio.core.internal.stream;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A caller's request publisher, subscribed to when an intercepted call is made, and handed to the
 * interceptor chain in its place: the real call, made when the chain reaches its end (perhaps much
 * later), subscribes to this one and gets the subscription taken at call time. So a hot publisher
 * (a {@link java.util.concurrent.SubmissionPublisher} fed right after {@code call()} returns) keeps
 * what it is fed meanwhile, as it does for a call without interceptors.
 *
 * <p>Nothing is buffered here and nothing is requested before the first subscriber does: a hot
 * publisher holds its items in its own bounded buffer (and a {@code SubmissionPublisher} blocks or
 * drops as its owner chose when it is full), a cold one emits nothing. Only a terminal signal that
 * comes before the first subscriber is kept, to be delivered after its {@code onSubscribe}.
 *
 * <p>The first subscriber gets the early subscription; any later one (an interceptor retrying the
 * call with the same publisher) subscribes to the caller's publisher itself, as it would have
 * without this relay. If the call ends and nobody subscribed, {@link #abandon()} cancels the early
 * subscription, so the caller's publisher is not held forever.
 *
 * <p>Threading: every method may be called from any thread; a lock orders the hand-over and is
 * never held while a signal is delivered or the caller's publisher is called.
 *
 * @param <T> the request type
 */
public final class PresubscribedPublisher<T> implements Flow.Publisher<T> {

  private static final Logger logger = Logger.getLogger(PresubscribedPublisher.class.getName());

  private final Flow.Publisher<? extends T> source;
  private final Relay relay = new Relay();

  @GuardedBy("relay")
  private Flow.Subscription upstream; // the early subscription, once the source gave it

  @GuardedBy("relay")
  private boolean taken; // the first subscriber came

  @GuardedBy("relay")
  private Flow.Subscriber<? super T> downstream; // the first subscriber; null again once it cancels

  @GuardedBy("relay")
  private boolean connected; // downstream got onSubscribe: signals now go straight to it

  @GuardedBy("relay")
  private boolean abandoned; // the call ended with nobody subscribed: cancel what comes

  @GuardedBy("relay")
  private Object terminal; // a terminal signal that came before connected: COMPLETE or an error

  @GuardedBy("relay")
  private Throwable subscribeFailure; // the source threw from subscribe()

  private static final Object COMPLETE = new Object();

  /**
   * Wraps the caller's publisher; {@link #subscribeNow()} subscribes to it.
   *
   * @param source the caller's request publisher
   */
  public PresubscribedPublisher(Flow.Publisher<? extends T> source) {
    this.source = Objects.requireNonNull(source, "requests");
  }

  /**
   * Subscribes to the caller's publisher now, on the calling thread. A publisher that throws from
   * {@code subscribe} is not rethrown: the first subscriber gets the exception through {@code
   * onError}, so that the call it starts fails as a call without interceptors does.
   */
  public void subscribeNow() {
    try {
      source.subscribe(relay);
    } catch (Throwable t) {
      boolean given;
      Flow.Subscriber<? super T> waiting;
      synchronized (relay) {
        given = upstream != null;
        waiting = null;
        if (!given) {
          subscribeFailure = t; // a subscription that comes later is cancelled
          waiting = downstream; // not connected: that needs the subscription
        }
      }
      if (given) {
        relay.onError(t); // as if signalled: fails the call that takes the subscription
      } else if (waiting != null) {
        FailedSubscription.signal(waiting, t);
      }
    }
  }

  @Override
  public void subscribe(Flow.Subscriber<? super T> subscriber) {
    Objects.requireNonNull(subscriber, "subscriber");
    boolean first;
    boolean ready;
    Throwable failed;
    synchronized (relay) {
      first = !taken && !abandoned;
      if (first) {
        taken = true;
        downstream = subscriber;
      }
      failed = subscribeFailure;
      ready = failed == null && upstream != null;
    }
    if (!first) {
      source.subscribe(subscriber); // a retry, or after the call ended: as without this relay
      return;
    }
    if (failed != null) {
      FailedSubscription.signal(subscriber, failed);
    } else if (ready) {
      connect();
    } // else the source's onSubscribe connects
  }

  /**
   * The call ended: if nobody subscribed, cancels the early subscription (now or when it comes).
   */
  public void abandon() {
    Flow.Subscription toCancel;
    synchronized (relay) {
      if (taken || abandoned) {
        return; // the subscriber owns the subscription (its call cancels it when it ends)
      }
      abandoned = true;
      toCancel = upstream;
    }
    if (toCancel != null) {
      cancelQuietly(toCancel);
    }
  }

  /** Hands the early subscription to the first subscriber, then a terminal signal kept for it. */
  private void connect() {
    Flow.Subscriber<? super T> subscriber;
    Flow.Subscription subscription;
    synchronized (relay) {
      subscriber = downstream;
      subscription = upstream;
    }
    subscriber.onSubscribe(new Handover(subscription));
    Object kept;
    synchronized (relay) {
      connected = true;
      kept = terminal;
      terminal = null;
      if (kept != null) {
        downstream = null; // rule 3.13
      }
    }
    if (kept != null) {
      deliverTerminal(subscriber, kept);
    }
  }

  private void deliverTerminal(Flow.Subscriber<? super T> subscriber, Object signal) {
    if (signal == COMPLETE) {
      subscriber.onComplete();
    } else {
      subscriber.onError((Throwable) signal);
    }
  }

  private static void cancelQuietly(Flow.Subscription s) {
    try {
      s.cancel();
    } catch (Throwable t) {
      logger.log(Level.WARNING, "Subscription.cancel threw; ignoring it", t);
    }
  }

  /**
   * The early subscription as the first subscriber sees it: forgets the subscriber when it cancels
   * (rule 3.13).
   */
  private final class Handover implements Flow.Subscription {
    private final Flow.Subscription upstream;

    Handover(Flow.Subscription upstream) {
      this.upstream = upstream;
    }

    @Override
    public void request(long n) {
      upstream.request(n);
    }

    @Override
    public void cancel() {
      synchronized (relay) {
        downstream = null;
      }
      upstream.cancel();
    }
  }

  /** The early subscriber to the caller's publisher. */
  private final class Relay implements Flow.Subscriber<T> {
    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      Objects.requireNonNull(subscription, "subscription");
      boolean cancel;
      boolean ready;
      synchronized (relay) { // relay is this Relay: the lock the fields name
        // Rule 2.5; or the call ended meanwhile; or subscribe() threw and the call was failed.
        cancel = upstream != null || abandoned || subscribeFailure != null;
        if (!cancel) {
          upstream = subscription;
        }
        ready = !cancel && downstream != null;
      }
      if (cancel) {
        cancelQuietly(subscription);
      } else if (ready) {
        connect();
      }
    }

    @Override
    public void onNext(T item) {
      // Only after the subscriber requested, so it is connected (or inside its onSubscribe).
      Flow.Subscriber<? super T> subscriber;
      synchronized (relay) { // relay is this Relay: the lock the fields name
        subscriber = downstream;
      }
      if (subscriber != null) {
        subscriber.onNext(item);
      } // else a publisher that broke rule 1.1 with nobody to tell; the call cancels it later
    }

    @Override
    public void onError(Throwable error) {
      terminate(Objects.requireNonNull(error, "error"));
    }

    @Override
    public void onComplete() {
      terminate(COMPLETE);
    }

    private void terminate(Object signal) {
      Flow.Subscriber<? super T> subscriber;
      synchronized (relay) { // relay is this Relay: the lock the fields name
        if (!connected) {
          if (terminal == null) {
            terminal = signal; // delivered by connect(), after the subscriber's onSubscribe
          }
          return;
        }
        subscriber = downstream;
        downstream = null; // rule 3.13: nothing more to say to it
      }
      if (subscriber != null) {
        deliverTerminal(subscriber, signal);
      }
    }
  }
}
