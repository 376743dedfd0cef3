package io.github.grpcaio.reactor.tck;

import static io.github.grpcaio.reactor.ReactorEcho.text;

import io.github.grpcaio.reactor.ReactorCalls;
import io.github.grpcaio.reactor.proto.Text;
import org.reactivestreams.Publisher;
import org.reactivestreams.tck.PublisherVerification;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;

/**
 * The TCK on {@link ReactorCalls#unaryUnary}'s Mono over a real RPC (in-process): one element; the
 * TCK's empty stream is that Mono with its element filtered out; the failed publisher is an RPC the
 * server aborts.
 */
public class ResponseMonoTckTest extends PublisherVerification<Text> {

  private EchoBed bed;

  /** Creates the verification. */
  public ResponseMonoTckTest() {
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
    return ReactorCalls.unaryUnary(bed.stub::unary, text("hi")).filter(reply -> elements > 0);
  }

  @Override
  public Publisher<Text> createFailedPublisher() {
    return ReactorCalls.unaryUnary(bed.stub::unary, text("abort:NOT_FOUND:gone"));
  }

  @Override
  public long maxElementsFromPublisher() {
    return 1;
  }
}
