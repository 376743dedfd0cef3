package io.github.grpcaio.core.server;

import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A grpc-stub response observer for grpc-java clients in tests: keeps every value and completes
 * {@link #done()} with them, or with the error.
 *
 * @param <T> the response type
 */
final class CollectingObserver<T> implements StreamObserver<T> {

  private final List<T> values = new CopyOnWriteArrayList<>();
  private final CompletableFuture<List<T>> done = new CompletableFuture<>();

  /** Completes with every value once the call completed, or with its error. */
  CompletableFuture<List<T>> done() {
    return done;
  }

  @Override
  public void onNext(T value) {
    values.add(value);
  }

  @Override
  public void onError(Throwable t) {
    done.completeExceptionally(t);
  }

  @Override
  public void onCompleted() {
    done.complete(List.copyOf(values));
  }
}
