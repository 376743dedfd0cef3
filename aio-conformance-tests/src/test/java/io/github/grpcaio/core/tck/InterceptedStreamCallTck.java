package io.github.grpcaio.core.tck;

import io.github.grpcaio.ChannelOptions;
import io.github.grpcaio.ClientCallDetails;
import io.github.grpcaio.StreamStreamCall;
import io.github.grpcaio.StreamStreamClientInterceptor;
import io.github.grpcaio.testkit.Transport;
import io.github.grpcaio.testkit.Utf8;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import org.reactivestreams.tck.flow.FlowPublisherVerification;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;

/**
 * The TCK on the response stream of a StreamStream call behind a client interceptor (the {@code
 * InterceptedStreamStreamCall} view): the server echoes exactly {@code elements} requests. The
 * failed publisher is a call whose interceptor fails it, so the view signals through {@code
 * FailedSubscription}. Run on every transport by its subclasses.
 */
abstract class InterceptedStreamCallTck extends FlowPublisherVerification<String> {

  private static final String REFUSED = "/tck.Streams/Refused";

  private final Transport transport;
  private TckService service;

  InterceptedStreamCallTck(Transport transport) {
    super(TckEnvironment.create());
    this.transport = transport;
  }

  @BeforeClass
  void startServer() {
    StreamStreamClientInterceptor interceptor =
        new StreamStreamClientInterceptor() {
          @Override
          public <Req, Resp> CompletionStage<StreamStreamCall<Req, Resp>> interceptStreamStream(
              Continuation<Req, Resp> continuation,
              ClientCallDetails details,
              Flow.Publisher<Req> requests) {
            if (details.method().equals(REFUSED)) {
              return CompletableFuture.failedFuture(new IllegalStateException("refused"));
            }
            return continuation.invoke(details, requests);
          }
        };
    service =
        new TckService(
            transport, ChannelOptions.builder().interceptors(List.of(interceptor)).build());
  }

  @AfterClass(alwaysRun = true)
  void stopServer() throws Exception {
    service.close();
  }

  @Override
  public Flow.Publisher<String> createFlowPublisher(long elements) {
    return service
        .channel()
        .streamStream("/tck.Streams/Echo", Utf8.SERIALIZER, Utf8.DESERIALIZER)
        .call(TckService.counting(elements));
  }

  @Override
  public Flow.Publisher<String> createFailedFlowPublisher() {
    return service
        .channel()
        .streamStream(REFUSED, Utf8.SERIALIZER, Utf8.DESERIALIZER)
        .call(TckService.counting(1));
  }

  @Override
  public long maxElementsFromPublisher() {
    return TckEnvironment.MAX_RPC_ELEMENTS;
  }
}
