package io.github.grpcaio.core.internal.client;

import io.github.grpcaio.ClientCallDetails;
import io.github.grpcaio.core.internal.Statuses;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Runs client interceptors of one kind around a call, outermost first. The kinds differ only in how
 * an interceptor is invoked ({@link Link}), the request argument {@code A} (a message or a request
 * publisher) and the call type {@code C}; this one class chains all four.
 *
 * <p>Each step turns what the interceptor does wrong into a failed stage, so that the caller's call
 * ends with it: a thrown exception, a null stage ({@link NullPointerException} naming the
 * interceptor), a stage completing with a null call (likewise). Immutable.
 *
 * @param <I> the interceptor type
 * @param <A> the request argument type
 * @param <C> the call type
 */
final class InterceptorChain<I, A, C> {

  /**
   * The rest of the chain, as seen by an interceptor.
   *
   * @param <A> the request argument type
   * @param <C> the call type
   */
  @FunctionalInterface
  interface Step<A, C> {
    CompletionStage<C> invoke(ClientCallDetails details, A request);
  }

  /**
   * Invokes one interceptor of a kind: {@code interceptor.interceptXxx(next, details, request)}.
   *
   * @param <I> the interceptor type
   * @param <A> the request argument type
   * @param <C> the call type
   */
  @FunctionalInterface
  interface Link<I, A, C> {
    CompletionStage<C> intercept(
        I interceptor, Step<A, C> next, ClientCallDetails details, A request);
  }

  private final List<I> interceptors;
  private final Link<I, A, C> link;

  InterceptorChain(List<I> interceptors, Link<I, A, C> link) {
    this.interceptors = List.copyOf(interceptors);
    this.link = link;
  }

  /**
   * Runs the chain on the calling thread until the first interceptor returns.
   *
   * @param details the details the outermost interceptor sees
   * @param request the request argument
   * @param terminal starts the real call; it may be invoked any number of times, or never
   * @return a stage completing with the call the outermost interceptor returned, or with why not
   */
  CompletionStage<C> run(ClientCallDetails details, A request, Step<A, C> terminal) {
    Step<A, C> step = guarded(terminal);
    for (int i = interceptors.size() - 1; i >= 0; i--) {
      step = around(interceptors.get(i), step);
    }
    return step.invoke(details, request);
  }

  private Step<A, C> around(I interceptor, Step<A, C> next) {
    return (details, request) -> {
      if (details == null) {
        return CompletableFuture.failedFuture(
            new NullPointerException("A continuation was called with null details"));
      }
      CompletionStage<C> stage;
      try {
        stage = link.intercept(interceptor, next, details, request);
      } catch (Throwable t) {
        return CompletableFuture.failedFuture(t);
      }
      if (stage == null) {
        return CompletableFuture.failedFuture(
            new NullPointerException(
                "Client interceptor " + interceptor.getClass().getName() + " returned null"));
      }
      CompletionStage<C> returned = stage;
      CompletableFuture<C> checked =
          new CompletableFuture<>() {
            @Override
            public boolean cancel(boolean mayInterruptIfRunning) {
              boolean cancelled = super.cancel(mayInterruptIfRunning);
              cancelQuietly(returned); // tell the interceptor
              return cancelled;
            }
          };
      stage.whenComplete(
          (call, error) -> {
            if (error != null) {
              checked.completeExceptionally(Statuses.unwrap(error));
            } else if (call == null) {
              checked.completeExceptionally(
                  new NullPointerException(
                      "Client interceptor "
                          + interceptor.getClass().getName()
                          + " completed with a null call"));
            } else {
              checked.complete(call);
            }
          });
      return checked;
    };
  }

  /** Cancels a stage if it can be; some cannot ({@code toCompletableFuture} may throw). */
  static void cancelQuietly(CompletionStage<?> stage) {
    try {
      stage.toCompletableFuture().cancel(false);
    } catch (RuntimeException e) {
      // not cancellable: whatever it completes with is cancelled when it arrives
    }
  }

  private static <A, C> Step<A, C> guarded(Step<A, C> terminal) {
    return (details, request) -> {
      if (details == null) {
        return CompletableFuture.failedFuture(
            new NullPointerException("A continuation was called with null details"));
      }
      try {
        return terminal.invoke(details, request);
      } catch (Throwable t) {
        return CompletableFuture.failedFuture(t);
      }
    };
  }
}
