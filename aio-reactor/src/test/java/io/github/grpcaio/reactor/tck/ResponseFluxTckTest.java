package io.github.grpcaio.reactor.tck;

import static io.github.grpcaio.reactor.ReactorEcho.text;

import io.github.grpcaio.reactor.ReactorCalls;
import io.github.grpcaio.reactor.proto.Text;
import org.reactivestreams.Publisher;
import org.reactivestreams.tck.PublisherVerification;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;

/**
 * The TCK on {@link ReactorCalls#unaryStream}'s Flux over a real RPC (in-process): the server
 * streams exactly {@code elements} messages, produced on demand; the failed publisher is an RPC the
 * server aborts before its first message.
 */
public class ResponseFluxTckTest extends PublisherVerification<Text> {

  private EchoBed bed;

  /** Creates the verification. */
  public ResponseFluxTckTest() {
    super(EchoBed.environment());
  }

  @BeforeClass
  void start() {
    bed = new EchoBed();
  }

  @AfterClass(alwaysRun = true)
  void stop() {
    bed.close();
  }

  @Override
  public Publisher<Text> createPublisher(long elements) {
    return ReactorCalls.unaryStream(bed.stub::count, text(Long.toString(elements)));
  }

  @Override
  public Publisher<Text> createFailedPublisher() {
    return ReactorCalls.unaryStream(bed.stub::count, text("abort"));
  }

  /** The stream is made on demand: a bound this large lets rule 3.17's test run. */
  @Override
  public long maxElementsFromPublisher() {
    return Integer.MAX_VALUE;
  }
}
