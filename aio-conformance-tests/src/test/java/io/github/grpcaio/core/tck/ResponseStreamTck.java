package io.github.grpcaio.core.tck;

import io.github.grpcaio.ChannelOptions;
import io.github.grpcaio.testkit.Transport;
import io.github.grpcaio.testkit.Utf8;
import java.util.concurrent.Flow;
import org.reactivestreams.tck.flow.FlowPublisherVerification;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;

/**
 * The TCK on a client response stream ({@code UnaryStreamCall}, an {@code InboundStream}) of a real
 * RPC: the server streams exactly {@code elements} messages and completes; the failed publisher is
 * an RPC whose handler throws at once.
 */
abstract class ResponseStreamTck extends FlowPublisherVerification<String> {

  private final Transport transport;
  private TckService service;

  ResponseStreamTck(Transport transport) {
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

  @Override
  public Flow.Publisher<String> createFlowPublisher(long elements) {
    return service
        .channel()
        .unaryStream("/tck.Streams/Count", Utf8.SERIALIZER, Utf8.DESERIALIZER)
        .call(Long.toString(elements));
  }

  @Override
  public Flow.Publisher<String> createFailedFlowPublisher() {
    return service
        .channel()
        .unaryStream("/tck.Streams/Fail", Utf8.SERIALIZER, Utf8.DESERIALIZER)
        .call("0");
  }

  @Override
  public long maxElementsFromPublisher() {
    return TckEnvironment.MAX_RPC_ELEMENTS;
  }
}
