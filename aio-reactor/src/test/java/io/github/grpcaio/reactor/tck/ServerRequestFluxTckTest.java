package io.github.grpcaio.reactor.tck;

import static io.github.grpcaio.reactor.ReactorEcho.text;

import io.github.grpcaio.ServiceRpcHandler;
import io.github.grpcaio.reactor.ReactorCalls;
import io.github.grpcaio.reactor.ReactorHandlers;
import io.github.grpcaio.reactor.proto.EchoAio;
import io.github.grpcaio.reactor.proto.EchoGrpc;
import io.github.grpcaio.reactor.proto.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.reactivestreams.Publisher;
import org.reactivestreams.tck.PublisherVerification;
import org.testng.annotations.AfterClass;
import org.testng.annotations.AfterMethod;
import org.testng.annotations.BeforeClass;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The TCK on the request Flux a {@link ReactorHandlers#streamUnary} handler gets, over a real RPC
 * (in-process): a client streams exactly {@code elements} requests to a {@code Join} handler that
 * hands its request Flux to the TCK and never answers. The failed publisher is the request Flux of
 * an RPC the client cancels.
 */
public class ServerRequestFluxTckTest extends PublisherVerification<Text> {

  private final BlockingQueue<Flux<Text>> requestStreams = new LinkedBlockingQueue<>();
  // The running test's RPCs; the TCK calls its hooks and @AfterMethod on one thread.
  private final List<Disposable> calls = new ArrayList<>();
  private EchoBed bed;

  /** Creates the verification. */
  public ServerRequestFluxTckTest() {
    super(EchoBed.environment());
  }

  @BeforeClass
  void start() {
    bed =
        new EchoBed(
            ServiceRpcHandler.of(
                EchoAio.getServiceDescriptor(),
                Map.of(
                    "Join",
                    ReactorHandlers.streamUnary(
                        EchoGrpc.getJoinMethod(),
                        (requests, context) -> {
                          requestStreams.add(requests);
                          return Mono.<Text>never();
                        }))));
  }

  /** Ends the test's RPCs, whose handlers never answer, before the next test starts. */
  @AfterMethod(alwaysRun = true)
  void cancelCalls() {
    calls.forEach(Disposable::dispose);
    calls.clear();
    bed.server.assertNoOpenRpcs();
  }

  @AfterClass(alwaysRun = true)
  void stop() {
    bed.close();
  }

  @Override
  public Publisher<Text> createPublisher(long elements) {
    Flux<Text> requests = Flux.range(0, (int) elements).map(i -> text(Integer.toString(i)));
    calls.add(ReactorCalls.streamUnary(bed.stub::join, requests).subscribe(r -> {}, e -> {}));
    return nextRequestStream();
  }

  @Override
  public Publisher<Text> createFailedPublisher() {
    Disposable call = ReactorCalls.streamUnary(bed.stub::join, Flux.<Text>never()).subscribe();
    Flux<Text> requests = nextRequestStream();
    call.dispose();
    bed.server.assertNoOpenRpcs();
    return requests;
  }

  private Flux<Text> nextRequestStream() {
    try {
      Flux<Text> requests = requestStreams.poll(10, TimeUnit.SECONDS);
      if (requests == null) {
        throw new IllegalStateException("No Join RPC reached the handler");
      }
      return requests;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The client's requests are made on demand: a bound this large lets rule 3.17's test run. */
  @Override
  public long maxElementsFromPublisher() {
    return Integer.MAX_VALUE;
  }
}
