package io.github.grpcaio.core.tck;

import io.github.grpcaio.ChannelOptions;
import io.github.grpcaio.StreamUnaryCall;
import io.github.grpcaio.testkit.Transport;
import io.github.grpcaio.testkit.Utf8;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Flow;
import org.reactivestreams.tck.flow.FlowPublisherVerification;
import org.testng.annotations.AfterClass;
import org.testng.annotations.AfterMethod;
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
  // The RPCs of the running test; the TCK calls its hooks and @AfterMethod on one thread.
  private final List<StreamUnaryCall<String, String>> calls = new ArrayList<>();

  RequestStreamTck(Transport transport) {
    super(TckEnvironment.create());
    this.transport = transport;
  }

  @BeforeClass
  void startServer() {
    service = new TckService(transport, ChannelOptions.DEFAULT);
  }

  /**
   * Ends the test's RPCs: a {@code Collect} handler never answers, and a stream the TCK stopped
   * reading keeps its unread requests, which hold HTTP/2 connection window. Left open, they starved
   * every later test on the connection (the stochastic test took minutes, not seconds). The
   * cancelled request streams signal {@code onError} to the finished test's subscriber: waiting for
   * the RPCs to end keeps that signal out of the next test, whose set-up clears the TCK's errors.
   */
  @AfterMethod(alwaysRun = true)
  void cancelCalls() {
    calls.forEach(StreamUnaryCall::cancel);
    calls.clear();
    service.awaitNoOpenRpcs();
  }

  @AfterClass(alwaysRun = true)
  void stopServer() throws Exception {
    service.close();
  }

  // createFlowPublisher is called on the test's thread, one RPC at a time, so the next handler to
  // run is this RPC's.
  @Override
  public Flow.Publisher<String> createFlowPublisher(long elements) {
    calls.add(
        service
            .channel()
            .streamUnary("/tck.Streams/Collect", Utf8.SERIALIZER, Utf8.DESERIALIZER)
            .call(TckService.counting(elements)));
    return nextRequestStream();
  }

  @Override
  public Flow.Publisher<String> createFailedFlowPublisher() {
    StreamUnaryCall<String, String> call =
        service
            .channel()
            .streamUnary("/tck.Streams/Collect", Utf8.SERIALIZER, Utf8.DESERIALIZER)
            .call();
    calls.add(call);
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
