package io.github.grpcaio.examples.interceptors;

import io.github.grpcaio.ClientCallDetails;
import io.github.grpcaio.StreamStreamCall;
import io.github.grpcaio.StreamStreamClientInterceptor;
import io.github.grpcaio.StreamUnaryCall;
import io.github.grpcaio.StreamUnaryClientInterceptor;
import io.github.grpcaio.UnaryStreamCall;
import io.github.grpcaio.UnaryStreamClientInterceptor;
import io.github.grpcaio.UnaryUnaryCall;
import io.github.grpcaio.UnaryUnaryClientInterceptor;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Adds {@code request_id} (a random UUID) to the metadata of every call that has none. One object
 * serves the four call kinds: install it once with {@code
 * ChannelOptions.builder().interceptors(List.of(new RequestIdClientInterceptor()))}.
 */
public final class RequestIdClientInterceptor
    implements UnaryUnaryClientInterceptor,
        UnaryStreamClientInterceptor,
        StreamUnaryClientInterceptor,
        StreamStreamClientInterceptor {

  /** The metadata key of the request id. */
  public static final String KEY = "request_id";

  /** Creates the interceptor. */
  public RequestIdClientInterceptor() {}

  private static ClientCallDetails withRequestId(ClientCallDetails details) {
    if (details.metadata().containsKey(KEY)) {
      return details; // the caller chose the id
    }
    return details.withMetadata(details.metadata().copy().add(KEY, UUID.randomUUID().toString()));
  }

  @Override
  public <Req, Resp> CompletionStage<UnaryUnaryCall<Resp>> interceptUnaryUnary(
      UnaryUnaryClientInterceptor.Continuation<Req, Resp> continuation,
      ClientCallDetails details,
      Req request) {
    return continuation.invoke(withRequestId(details), request);
  }

  @Override
  public <Req, Resp> CompletionStage<UnaryStreamCall<Resp>> interceptUnaryStream(
      UnaryStreamClientInterceptor.Continuation<Req, Resp> continuation,
      ClientCallDetails details,
      Req request) {
    return continuation.invoke(withRequestId(details), request);
  }

  @Override
  public <Req, Resp> CompletionStage<StreamUnaryCall<Req, Resp>> interceptStreamUnary(
      StreamUnaryClientInterceptor.Continuation<Req, Resp> continuation,
      ClientCallDetails details,
      Flow.Publisher<Req> requests) {
    return continuation.invoke(withRequestId(details), requests);
  }

  @Override
  public <Req, Resp> CompletionStage<StreamStreamCall<Req, Resp>> interceptStreamStream(
      StreamStreamClientInterceptor.Continuation<Req, Resp> continuation,
      ClientCallDetails details,
      Flow.Publisher<Req> requests) {
    return continuation.invoke(withRequestId(details), requests);
  }
}
