package io.github.grpcaio.examples.interceptors;

import io.github.grpcaio.HandlerCallDetails;
import io.github.grpcaio.Metadata;
import io.github.grpcaio.RpcMethodHandler;
import io.github.grpcaio.ServerInterceptor;
import io.github.grpcaio.ServicerContext;
import io.grpc.Context;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Reads {@code request_id} from the invocation metadata and makes it the logging context of the
 * RPC: {@link #log} prefixes every line of that RPC with it, the interceptor logs the start and end
 * of each RPC, and the id goes back to the client in the trailing metadata. An RPC without an id
 * logs {@code request_id=-}.
 *
 * <p>The id lives in the RPC's {@link io.grpc.Context}: the interceptor calls its continuation in a
 * context carrying it, and grpc-aio goes on in that context wherever it runs code for the RPC (the
 * handler, the stages it chains, done callbacks), whatever the thread. {@link
 * RpcMethodHandler#onStart} adds the start line and the trailer to any kind of handler.
 */
public final class RequestIdServerInterceptor implements ServerInterceptor {

  /** The request id of the RPC being handled, {@code "-"} outside one. */
  public static final Context.Key<String> REQUEST_ID = Context.keyWithDefault("request_id", "-");

  private final Consumer<String> sink;

  /**
   * Creates the interceptor.
   *
   * @param sink where log lines go, e.g. {@code java.util.logging.Logger::info}
   */
  public RequestIdServerInterceptor(Consumer<String> sink) {
    this.sink = sink;
  }

  @Override
  public CompletionStage<RpcMethodHandler<?, ?>> interceptService(
      Function<HandlerCallDetails, CompletionStage<RpcMethodHandler<?, ?>>> continuation,
      HandlerCallDetails details) {
    String sent = details.invocationMetadata().get(RequestIdClientInterceptor.KEY);
    Context withId = Context.current().withValue(REQUEST_ID, sent == null ? "-" : sent);
    Context previous = withId.attach(); // the RPC goes on in the context its continuation sees
    try {
      return continuation
          .apply(details)
          .thenApply(h -> h == null ? null : h.onStart(c -> begin(c, details.method())));
    } finally {
      withId.detach(previous);
    }
  }

  private void begin(ServicerContext<?, ?> context, String method) {
    context.setTrailingMetadata(Metadata.of(RequestIdClientInterceptor.KEY, REQUEST_ID.get()));
    log("start " + method);
    context.addDoneCallback(done -> log("end " + method));
  }

  /**
   * Logs a line of the RPC being handled, prefixed with its request id. Call it from the handler or
   * anything it chains.
   *
   * @param message the line
   */
  public void log(String message) {
    sink.accept("[request_id=" + REQUEST_ID.get() + "] " + message);
  }
}
