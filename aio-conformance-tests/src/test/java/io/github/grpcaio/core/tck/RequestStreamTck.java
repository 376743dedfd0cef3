package io.github.grpcaio.core.tck;

import io.github.grpcaio.ChannelOptions;
import io.github.grpcaio.StreamUnaryCall;
import io.github.grpcaio.testkit.Transport;
import io.github.grpcaio.testkit.Utf8;
import java.util.concurrent.Flow;
import org.reactivestreams.tck.flow.FlowPublisherVerification;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;

/**
 * The TCK on a server request stream (the {@code Flow.Publisher<Req>} a stream-request handler
 * gets, an {@code InboundStream}): a client streams exactly {@code elements} requests to a handler
 * that hands its request publisher to the TCK. The failed publisher is the request stream of an RPC
 * the client cancels. Run on every transport by its subclasses.
 */
abstract class RequestStreamTck extends FlowPublisherVerification<String> {

  private final Transport transport;
  private TckService service;

  RequestStreamTck(Transport transport) {
    super(TckEnvironment.create());
    this.transport = transport;
  }

  @BeforeClass
  void startServer() {
    service = new TckService(transport, ChannelOptions.DEFAULT);
  }

  @AfterClass(alwaysRun = true)
  void stopServer() throws Exception {
    service.close();
  }

  // createFlowPublisher is called on the test's thread, one RPC at a time, so the next handler to
  // run is this RPC's.
  @Override
  public Flow.Publisher<String> createFlowPublisher(long elements) {
    service
        .channel()
        .streamUnary("/tck.Streams/Collect", Utf8.SERIALIZER, Utf8.DESERIALIZER)
        .call(TckService.counting(elements));
    return nextRequestStream();
  }

  @Override
  public Flow.Publisher<String> createFailedFlowPublisher() {
    StreamUnaryCall<String, String> call =
        service
            .channel()
            .streamUnary("/tck.Streams/Collect", Utf8.SERIALIZER, Utf8.DESERIALIZER)
            .call();
    Flow.Publisher<String> requests = nextRequestStream();
    call.cancel();
    return requests;
  }

  private Flow.Publisher<String> nextRequestStream() {
    try {
      return service.nextRequestStream();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public long maxElementsFromPublisher() {
    return TckEnvironment.MAX_RPC_ELEMENTS;
  }
}
