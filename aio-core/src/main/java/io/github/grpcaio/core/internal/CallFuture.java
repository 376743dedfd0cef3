package io.github.grpcaio.core.internal;

import io.github.grpcaio.Call;
import java.util.concurrent.CompletableFuture;

/**
 * The response future of a call: cancelling it cancels the RPC. Futures derived from it ({@code
 * thenApply}, ...) are plain {@link CompletableFuture}s, whose cancellation does not reach the RPC,
 * as usual for dependents.
 *
 * @param <T> the response type
 */
final class CallFuture<T> extends CompletableFuture<T> {

  private final Call rpc;

  CallFuture(Call rpc) {
    this.rpc = rpc;
  }

  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    rpc.cancel();
    return super.cancel(mayInterruptIfRunning);
  }

  @Override
  public <U> CompletableFuture<U> newIncompleteFuture() {
    return new CompletableFuture<>();
  }

  void succeed(T value) {
    super.complete(value);
  }

  void fail(Throwable error) {
    super.completeExceptionally(error);
  }
}
