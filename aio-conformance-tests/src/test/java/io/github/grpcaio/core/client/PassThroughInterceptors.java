package io.github.grpcaio.core.client;

import io.github.grpcaio.ChannelOptions;
import io.github.grpcaio.ClientCallDetails;
import io.github.grpcaio.ClientInterceptor;
import io.github.grpcaio.StreamStreamCall;
import io.github.grpcaio.StreamStreamClientInterceptor;
import io.github.grpcaio.StreamUnaryCall;
import io.github.grpcaio.StreamUnaryClientInterceptor;
import io.github.grpcaio.UnaryStreamCall;
import io.github.grpcaio.UnaryStreamClientInterceptor;
import io.github.grpcaio.UnaryUnaryCall;
import io.github.grpcaio.UnaryUnaryClientInterceptor;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.function.UnaryOperator;

/**
 * Client interceptors of all four kinds that only call the continuation: a channel with them gives
 * its callers intercepted calls, which must behave exactly as the plain ones.
 */
final class PassThroughInterceptors {

  /** One pass-through interceptor of each kind. */
  static final List<ClientInterceptor> ALL = rewriting(UnaryOperator.identity());

  /**
   * One interceptor of each kind that calls the continuation with the details {@code rewrite} makes
   * of the call's.
   */
  static List<ClientInterceptor> rewriting(UnaryOperator<ClientCallDetails> rewrite) {
    return List.of(
        new UnaryUnaryClientInterceptor() {
          @Override
          public <Req, Resp> CompletionStage<UnaryUnaryCall<Resp>> interceptUnaryUnary(
              Continuation<Req, Resp> continuation, ClientCallDetails details, Req request) {
            return continuation.invoke(rewrite.apply(details), request);
          }
        },
        new UnaryStreamClientInterceptor() {
          @Override
          public <Req, Resp> CompletionStage<UnaryStreamCall<Resp>> interceptUnaryStream(
              Continuation<Req, Resp> continuation, ClientCallDetails details, Req request) {
            return continuation.invoke(rewrite.apply(details), request);
          }
        },
        new StreamUnaryClientInterceptor() {
          @Override
          public <Req, Resp> CompletionStage<StreamUnaryCall<Req, Resp>> interceptStreamUnary(
              Continuation<Req, Resp> continuation,
              ClientCallDetails details,
              Flow.Publisher<Req> requests) {
            return continuation.invoke(rewrite.apply(details), requests);
          }
        },
        new StreamStreamClientInterceptor() {
          @Override
          public <Req, Resp> CompletionStage<StreamStreamCall<Req, Resp>> interceptStreamStream(
              Continuation<Req, Resp> continuation,
              ClientCallDetails details,
              Flow.Publisher<Req> requests) {
            return continuation.invoke(rewrite.apply(details), requests);
          }
        });
  }

  /** Channel options with {@link #ALL}. */
  static final ChannelOptions OPTIONS = ChannelOptions.builder().interceptors(ALL).build();

  private PassThroughInterceptors() {}
}
