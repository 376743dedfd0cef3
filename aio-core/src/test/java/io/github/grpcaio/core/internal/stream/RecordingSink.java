package io.github.grpcaio.core.internal.stream;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Stands in for the transport behind an {@link OutboundStream}: records what the stream hands over,
 * and is ready while {@link #ready} says so. Called on the context; read from any thread.
 *
 * @param <T> the message type
 */
final class RecordingSink<T> implements OutboundStream.Sink<T> {
  volatile boolean ready;
  private final boolean byteWindow;
  // Appended on the context, up to 100 000 times: synchronized, as copy-on-write costs O(n^2).
  final List<T> sent = Collections.synchronizedList(new ArrayList<>());
  final CompletableFuture<Void> completed = new CompletableFuture<>();
  final CompletableFuture<Throwable> failed = new CompletableFuture<>();

  RecordingSink(boolean ready) {
    this(ready, true);
  }

  /**
   * A sink whose readiness is a byte window (as over HTTP/2) or, if not, counts messages (as
   * in-process).
   */
  RecordingSink(boolean ready, boolean byteWindow) {
    this.ready = ready;
    this.byteWindow = byteWindow;
  }

  @Override
  public boolean byteWindow() {
    return byteWindow;
  }

  @Override
  public boolean isReady() {
    return ready;
  }

  @Override
  public void send(T message) {
    sent.add(message);
  }

  @Override
  public void complete() {
    completed.complete(null);
  }

  @Override
  public void fail(Throwable error) {
    failed.complete(error);
  }
}
