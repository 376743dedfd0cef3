package io.github.grpcaio.services.health;

import io.github.grpcaio.testkit.Await;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A grpc-java {@code Watch} client that records each status with its arrival time. It asks for the
 * next message as soon as one arrives, or only when the test says ({@link #request}), to play a
 * slow reader.
 */
final class Watcher extends ClientCall.Listener<HealthCheckResponse> {

  /** One message: the status and {@link System#nanoTime()} when it arrived. */
  record Seen(ServingStatus status, long nanos) {}

  final LinkedBlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
  final CompletableFuture<Status> closed = new CompletableFuture<>();

  private final ClientCall<HealthCheckRequest, HealthCheckResponse> call;
  private final boolean eager;

  private Watcher(ManagedChannel channel, boolean eager) {
    this.call = channel.newCall(HealthGrpc.getWatchMethod(), CallOptions.DEFAULT);
    this.eager = eager;
  }

  /** Starts a Watch of {@code service} that reads each message as it comes. */
  static Watcher eager(ManagedChannel channel, String service) {
    return start(new Watcher(channel, true), service, 1);
  }

  /** Starts a Watch of {@code service} that reads only what {@link #request} asks (none yet). */
  static Watcher slow(ManagedChannel channel, String service) {
    return start(new Watcher(channel, false), service, 0);
  }

  private static Watcher start(Watcher watcher, String service, int initial) {
    synchronized (watcher) {
      watcher.call.start(watcher, new Metadata());
      watcher.call.sendMessage(HealthCheckRequest.newBuilder().setService(service).build());
      watcher.call.halfClose();
      if (initial > 0) {
        watcher.call.request(initial);
      }
    }
    return watcher;
  }

  /** Asks for {@code n} more messages. */
  synchronized void request(int n) {
    call.request(n);
  }

  /** Cancels the Watch. */
  synchronized void cancel() {
    call.cancel("the test is done watching", null);
  }

  /** Waits (bounded) for the next status. */
  Seen next() {
    return Await.next(seen, "a Watch message");
  }

  @Override
  public void onMessage(HealthCheckResponse message) {
    seen.add(new Seen(message.getStatus(), System.nanoTime()));
    if (eager) {
      request(1);
    }
  }

  @Override
  public void onClose(Status status, Metadata trailers) {
    closed.complete(status);
  }
}
