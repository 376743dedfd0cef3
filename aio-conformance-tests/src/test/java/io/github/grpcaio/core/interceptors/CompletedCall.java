package io.github.grpcaio.core.interceptors;

import io.github.grpcaio.Call;
import io.github.grpcaio.Metadata;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.UnaryUnaryCall;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** A call that ended with OK and a response without an RPC: what a short-circuit returns. */
final class CompletedCall<Resp> implements UnaryUnaryCall<Resp> {

  private final Resp value;

  CompletedCall(Resp value) {
    this.value = value;
  }

  @Override
  public CompletableFuture<Resp> response() {
    return CompletableFuture.completedFuture(value);
  }

  @Override
  public CompletableFuture<Metadata> initialMetadata() {
    return CompletableFuture.completedFuture(new Metadata().readOnly());
  }

  @Override
  public CompletableFuture<Metadata> trailingMetadata() {
    return CompletableFuture.completedFuture(new Metadata().readOnly());
  }

  @Override
  public CompletableFuture<StatusCode> code() {
    return CompletableFuture.completedFuture(StatusCode.OK);
  }

  @Override
  public CompletableFuture<String> details() {
    return CompletableFuture.completedFuture("");
  }

  @Override
  public CompletableFuture<String> debugErrorString() {
    return CompletableFuture.completedFuture("");
  }

  @Override
  public boolean cancel() {
    return false;
  }

  @Override
  public boolean cancelled() {
    return false;
  }

  @Override
  public boolean done() {
    return true;
  }

  @Override
  public Optional<Duration> timeRemaining() {
    return Optional.empty();
  }

  @Override
  public void addDoneCallback(Consumer<? super Call> callback) {
    callback.accept(this);
  }
}
