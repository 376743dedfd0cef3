package io.github.grpcaio.examples.microservices;

import io.github.grpcaio.ClientCallDetails;
import io.github.grpcaio.UnaryUnaryCall;
import io.github.grpcaio.UnaryUnaryClientInterceptor;
import io.github.grpcaio.examples.interceptors.RequestIdClientInterceptor;
import java.util.concurrent.CompletionStage;
import org.slf4j.MDC;

/**
 * Carries the request id of the caller's logging context across a gRPC hop: it copies {@code
 * request_id} from SLF4J's {@link MDC} into the metadata of each unary call that has none. Service
 * 2's HTTP filter put the id there, so service 1 logs under the id of the HTTP request.
 *
 * <p>grpc-aio runs client interceptors on a task of the channel's executor, not on the thread that
 * makes the call, where the MDC is: give the channel {@code MdcPropagator.INSTANCE} as a context
 * propagator, which carries the caller's MDC into that task (as {@link NameServiceClient} does).
 * Install it before {@link RequestIdClientInterceptor}, which then keeps the id and makes one up
 * only for calls made outside any request: {@code interceptors(List.of(new
 * MdcRequestIdClientInterceptor(), new RequestIdClientInterceptor()))}.
 */
public final class MdcRequestIdClientInterceptor implements UnaryUnaryClientInterceptor {

  /** Creates the interceptor. */
  public MdcRequestIdClientInterceptor() {}

  @Override
  public <Req, Resp> CompletionStage<UnaryUnaryCall<Resp>> interceptUnaryUnary(
      Continuation<Req, Resp> continuation, ClientCallDetails details, Req request) {
    String requestId = MDC.get(MdcRequestIdServerInterceptor.MDC_KEY);
    if (requestId == null || details.metadata().containsKey(RequestIdClientInterceptor.KEY)) {
      return continuation.invoke(details, request);
    }
    return continuation.invoke(
        details.withMetadata(
            details.metadata().copy().add(RequestIdClientInterceptor.KEY, requestId)),
        request);
  }
}
