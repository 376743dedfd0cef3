package io.github.grpcaio.testkit;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.github.grpcaio.HandlerCallDetails;
import io.github.grpcaio.RpcMethodHandler;
import io.github.grpcaio.ServerInterceptor;
import io.github.grpcaio.ServicerContext;
import io.grpc.MethodDescriptor;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * A server interceptor that counts the RPCs whose handler runs and has not ended: each handler is
 * wrapped so that it registers a done callback on its context before the user's code runs.
 * Thread-safe.
 */
final class RpcTracker implements ServerInterceptor {

  // Context -> method name.
  @GuardedBy("this")
  private final IdentityHashMap<ServicerContext<?, ?>, String> open = new IdentityHashMap<>();

  // Open RPCs already reported as leaked, which later checks skip.
  @GuardedBy("this")
  private final IdentityHashMap<ServicerContext<?, ?>, String> reported = new IdentityHashMap<>();

  @Override
  public CompletionStage<RpcMethodHandler<?, ?>> interceptService(
      Function<HandlerCallDetails, CompletionStage<RpcMethodHandler<?, ?>>> continuation,
      HandlerCallDetails details) {
    return continuation
        .apply(details)
        .thenApply(handler -> handler == null ? null : wrap(details.method(), handler));
  }

  /** The methods of the RPCs open now, in no particular order. */
  synchronized List<String> openRpcs() {
    return new ArrayList<>(open.values());
  }

  /** Waits up to {@code millis} until at least {@code count} RPCs are open; tells whether so. */
  synchronized boolean awaitOpen(int count, long millis) throws InterruptedException {
    long deadline = System.nanoTime() + millis * 1_000_000;
    while (open.size() < count) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }

  /**
   * Waits up to {@code millis} for every RPC not reported yet to end; returns those still open and
   * marks them reported.
   */
  synchronized List<String> awaitNoneOpen(long millis) throws InterruptedException {
    long deadline = System.nanoTime() + millis * 1_000_000;
    while (reported.size() < open.size()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    List<String> leaked = new ArrayList<>();
    for (Map.Entry<ServicerContext<?, ?>, String> e : open.entrySet()) {
      if (reported.put(e.getKey(), e.getValue()) == null) {
        leaked.add(e.getValue());
      }
    }
    return leaked;
  }

  private void opened(String method, ServicerContext<?, ?> context) {
    synchronized (this) {
      open.put(context, method);
      notifyAll();
    }
    context.addDoneCallback(
        c -> {
          synchronized (this) {
            open.remove(context);
            reported.remove(context);
            notifyAll();
          }
        });
  }

  private <Req, Resp> RpcMethodHandler<Req, Resp> wrap(
      String method, RpcMethodHandler<Req, Resp> h) {
    MethodDescriptor<Req, Resp> descriptor =
        MethodDescriptor.<Req, Resp>newBuilder()
            .setType(h.type())
            .setFullMethodName(method.startsWith("/") ? method.substring(1) : method)
            .setRequestMarshaller(h.requestMarshaller())
            .setResponseMarshaller(h.responseMarshaller())
            .build();
    if (h.unaryUnary() != null) {
      RpcMethodHandler.UnaryUnaryBehavior<Req, Resp> b = h.unaryUnary();
      return RpcMethodHandler.unaryUnary(
          descriptor,
          (request, context) -> {
            opened(method, context);
            return b.handle(request, context);
          });
    }
    if (h.unaryStream() != null) {
      RpcMethodHandler.UnaryStreamBehavior<Req, Resp> b = h.unaryStream();
      return RpcMethodHandler.unaryStream(
          descriptor,
          (request, context) -> {
            opened(method, context);
            return b.handle(request, context);
          });
    }
    if (h.unaryStreamWriter() != null) {
      RpcMethodHandler.UnaryStreamWriter<Req, Resp> b = h.unaryStreamWriter();
      return RpcMethodHandler.unaryStreamWriter(
          descriptor,
          (request, context) -> {
            opened(method, context);
            return b.handle(request, context);
          });
    }
    if (h.streamUnary() != null) {
      RpcMethodHandler.StreamUnaryBehavior<Req, Resp> b = h.streamUnary();
      return RpcMethodHandler.streamUnary(
          descriptor,
          (requests, context) -> {
            opened(method, context);
            return b.handle(requests, context);
          });
    }
    if (h.streamStream() != null) {
      RpcMethodHandler.StreamStreamBehavior<Req, Resp> b = h.streamStream();
      return RpcMethodHandler.streamStream(
          descriptor,
          (requests, context) -> {
            opened(method, context);
            return b.handle(requests, context);
          });
    }
    if (h.streamStreamWriter() != null) {
      RpcMethodHandler.StreamStreamWriter<Req, Resp> b = h.streamStreamWriter();
      return RpcMethodHandler.streamStreamWriter(
          descriptor,
          (requests, context) -> {
            opened(method, context);
            return b.handle(requests, context);
          });
    }
    if (h.unaryUnaryBlocking() != null) {
      RpcMethodHandler.UnaryUnaryBlocking<Req, Resp> b = h.unaryUnaryBlocking();
      return RpcMethodHandler.unaryUnaryBlocking(
          descriptor,
          (request, context) -> {
            opened(method, context);
            return b.handle(request, context);
          });
    }
    if (h.unaryStreamBlocking() != null) {
      RpcMethodHandler.UnaryStreamBlocking<Req, Resp> b = h.unaryStreamBlocking();
      return RpcMethodHandler.unaryStreamBlocking(
          descriptor,
          (request, context) -> {
            opened(method, context);
            b.handle(request, context);
          });
    }
    if (h.streamUnaryBlocking() != null) {
      RpcMethodHandler.StreamUnaryBlocking<Req, Resp> b = h.streamUnaryBlocking();
      return RpcMethodHandler.streamUnaryBlocking(
          descriptor,
          (requests, context) -> {
            opened(method, context);
            return b.handle(requests, context);
          });
    }
    if (h.streamStreamBlocking() != null) {
      RpcMethodHandler.StreamStreamBlocking<Req, Resp> b = h.streamStreamBlocking();
      return RpcMethodHandler.streamStreamBlocking(
          descriptor,
          (requests, context) -> {
            opened(method, context);
            b.handle(requests, context);
          });
    }
    return h; // An unknown shape: served, but not tracked.
  }
}
