package io.github.grpcaio.core.internal.server;

import io.github.grpcaio.RpcMethodHandler;
import io.github.grpcaio.ServicerContext;
import io.github.grpcaio.core.internal.ConfinedTo;
import io.github.grpcaio.core.internal.RpcScope;
import io.github.grpcaio.core.internal.stream.SerializingExecutor;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.function.Consumer;

/**
 * The one run of a server RPC's bound handler: calls it outside the RPC's context, in the RPC's
 * scope (its {@code io.grpc.Context} and propagated values, attached by the context's drainer),
 * then, on the context, waits for what it returned, as its {@link HandlerShape} says (a stage with
 * the response, a publisher of responses, or a stage ending its writes), and reports the result to
 * its {@link ServerRpc}. What the handler returned is cancelled with the RPC. Blocking code (a
 * {@code *Blocking} behavior) runs on the host's blocking executor instead, when it has one.
 *
 * @param <Req> the request type
 * @param <Resp> the response type
 */
final class HandlerInvocation<Req, Resp> implements Runnable {

  private final ServerRpc<Req, Resp> rpc;
  private final SerializingExecutor context;
  private final RpcMethodHandler<Req, Resp> handler;
  private final HandlerShape shape;
  private final ServerStreams<Req, Resp> streams;
  private final ServicerContext<Req, Resp> servicerContext;

  @ConfinedTo("context")
  private CompletionStage<?> returned; // the stage the handler returned, to cancel with the RPC

  // The two steps of run(), which is first the handler's run and then, handed back to the context
  // by executeHere, its return: one object serves both, so a call allocates no task for them. The
  // request is set on the context before the handler's run is handed over; the rest is written by
  // the thread that runs the handler and read on the context after executeHere handed it over.
  private Req request;
  private boolean ran;
  private Object result;
  private Throwable failure;

  HandlerInvocation(
      ServerRpc<Req, Resp> rpc, RpcMethodHandler<Req, Resp> handler, HandlerShape shape) {
    this.rpc = rpc;
    this.handler = handler;
    this.shape = shape;
    this.context = rpc.context();
    this.streams = rpc.streams();
    this.servicerContext = rpc.servicerContext();
  }

  /**
   * Runs the handler outside the context (on the current executor thread, once the current task has
   * returned) and hands what it returned back to the context. The handler may block on its own RPC
   * (wait for a {@code read()} or a {@code write()}) because the context goes on serving transport
   * events meanwhile; were the handler a task of the context, such a wait would never end. A
   * request subscriber, though, gets its first signal only once the handler has returned (see
   * {@link #handlerReturned}). Blocking code goes to the host's blocking executor instead, when it
   * has one, in the RPC's scope; the thread it ran on comes back as any handler's does, so the
   * context's tasks queued by then (the response, done callbacks) may run there. On the context.
   *
   * @param request the one request, or null for a request stream
   */
  void start(Req request) {
    this.request = request;
    Executor blocking = shape.blocking ? rpc.blockingExecutor() : null;
    if (blocking == null) {
      // The handler runs on this thread once it has left the context: no hop unless it blocks.
      context.runDetached(this);
    } else {
      // Blocking code: the one hand-off of the RPC, to a thread that may block for as long as it
      // likes (a virtual thread of its own). It comes back through executeHere, so the response
      // is sent from that thread too unless the context is busy.
      blocking.execute(inScope(context.scope(), this));
    }
  }

  /**
   * First runs the handler (outside the context, see {@link #start}) and hands itself back to the
   * context; run there, reports what the handler returned. Not for other callers.
   */
  @Override
  public void run() {
    if (ran) {
      handlerReturned(result, failure);
      return;
    }
    ran = true;
    try {
      result = shape.call(handler, request, streams.requests, servicerContext);
      if (result instanceof Flow.Publisher<?> publisher) {
        // Subscribe at once, on this thread, as a direct call would: a hot publisher
        // (SubmissionPublisher fed by another thread) drops what it emits before then. The stream
        // hops onto the context itself, and cancels the subscription if the RPC has ended
        // meanwhile.
        @SuppressWarnings("unchecked")
        Flow.Publisher<Resp> responses = (Flow.Publisher<Resp>) publisher;
        responses.subscribe(streams.responses);
      }
    } catch (Throwable t) {
      failure = t;
    }
    request = null; // the handler has it; the RPC need not keep it
    context.executeHere(this);
  }

  /** {@code run} with the RPC's scope attached around it on whatever thread runs it. */
  private static Runnable inScope(RpcScope scope, Runnable run) {
    if (scope == null) {
      return run;
    }
    return () -> {
      RpcScope.Attachment attached = scope.attach();
      try {
        run.run();
      } finally {
        attached.close();
      }
    };
  }

  /** The RPC was cancelled: cancels the future the handler returned, if any. On the context. */
  void cancel() {
    if (returned instanceof CompletableFuture<?> future) {
      future.cancel(false);
    }
  }

  /** The handler returned {@code result} or threw {@code failure}. On the context. */
  @SuppressWarnings("unchecked")
  private void handlerReturned(Object result, Throwable failure) {
    if (streams.requests != null) {
      // Request signals start now: a subscriber that maps requests onto the response publisher
      // finds it subscribed to. (read() was never held: a handler may block on it.)
      streams.requests.releaseSubscriber();
    }
    if (failure != null) {
      rpc.handlerFailed(failure);
      return;
    }
    if (result == null) {
      rpc.handlerFailed(new NullPointerException("Handler returned null"));
      return;
    }
    switch (shape) {
      case UNARY_UNARY, STREAM_UNARY, UNARY_UNARY_BLOCKING, STREAM_UNARY_BLOCKING ->
          respondWith((CompletionStage<Resp>) result);
      case UNARY_STREAM, STREAM_STREAM -> {} // start() subscribed the response stream to it
      case UNARY_STREAM_WRITER,
          STREAM_STREAM_WRITER,
          UNARY_STREAM_BLOCKING,
          STREAM_STREAM_BLOCKING ->
          writeUntil((CompletionStage<?>) result);
    }
  }

  private void respondWith(CompletionStage<Resp> stage) {
    if (!keep(stage)) {
      return;
    }
    if (stage instanceof CompletableFuture<Resp> future && future.isDone()) {
      respondWithCompleted(future); // the common synchronous handler: no extra hop
    } else {
      whenDone(stage, rpc::respond);
    }
  }

  private void respondWithCompleted(CompletableFuture<Resp> done) {
    Resp value;
    try {
      value = done.join();
    } catch (CompletionException | CancellationException e) {
      rpc.handlerFailed(e);
      return;
    }
    rpc.respond(value);
  }

  private void writeUntil(CompletionStage<?> stage) {
    if (keep(stage)) {
      whenDone(stage, ignored -> streams.writes.doneWriting()); // the status follows the last write
    }
  }

  /**
   * Keeps the stage the handler returned, to cancel it with the RPC.
   *
   * @return whether to wait for it: false if the RPC was cancelled while the handler ran
   */
  private boolean keep(CompletionStage<?> stage) {
    returned = stage;
    if (rpc.isCancelled()) {
      cancel();
      return false;
    }
    return true;
  }

  /** Once {@code stage} completes, hands its value to {@code then} on the context. */
  private <T> void whenDone(CompletionStage<T> stage, Consumer<? super T> then) {
    stage.whenComplete(
        (value, error) ->
            context.execute(
                () -> {
                  if (error != null) {
                    rpc.handlerFailed(error);
                  } else {
                    then.accept(value);
                  }
                }));
  }
}
