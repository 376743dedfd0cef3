package io.github.grpcaio.mutiny.tck;

import static io.github.grpcaio.mutiny.MutinyEcho.text;

import io.github.grpcaio.mutiny.MutinyCalls;
import io.github.grpcaio.mutiny.MutinyEcho;
import io.github.grpcaio.mutiny.proto.EchoAio;
import io.github.grpcaio.mutiny.proto.Text;
import io.github.grpcaio.testkit.AioTestServer;
import io.github.grpcaio.testkit.Transport;
import java.util.concurrent.Flow;
import org.reactivestreams.tck.TestEnvironment;
import org.reactivestreams.tck.flow.FlowPublisherVerification;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;

/**
 * The TCK on {@link MutinyCalls#unaryStream}'s Multi over a real RPC (in-process): the server
 * streams exactly {@code elements} messages, produced on demand; the failed publisher is an RPC the
 * server aborts at once. (The request Multi a handler gets wraps the library's request stream the
 * same way; a {@code Uni} is not a Reactive Streams publisher.)
 */
public class ResponseMultiTckTest extends FlowPublisherVerification<Text> {

  private AioTestServer server;
  private EchoAio.Stub stub;

  /**
   * Creates the verification. Its waits: 2 s for an expected signal (paid only until it comes), 200
   * ms watching for one that must not come (paid in full by each passing test of that kind), and 20
   * ms between looks for an expected error (the TCK's default is the whole 2 s, which the rule 3.9
   * tests then pay in full). In-process signals come within a few thread hops.
   */
  public ResponseMultiTckTest() {
    super(new TestEnvironment(2000, 200, 20));
  }

  @BeforeClass
  void start() {
    server =
        AioTestServer.builder()
            .transport(Transport.IN_PROCESS)
            .addService(new MutinyEcho().handler(MutinyEcho.Style.HANDLERS))
            .failOnOpenRpcs(false)
            .start();
    stub = server.stub(EchoAio::newStub);
  }

  @AfterClass(alwaysRun = true)
  void stop() {
    server.close();
  }

  @Override
  public Flow.Publisher<Text> createFlowPublisher(long elements) {
    return MutinyCalls.unaryStream(stub::count, text(Long.toString(elements)));
  }

  @Override
  public Flow.Publisher<Text> createFailedFlowPublisher() {
    return MutinyCalls.unaryStream(stub::count, text("abort"));
  }

  /** The stream is made on demand: a bound this large lets rule 3.17's test run. */
  @Override
  public long maxElementsFromPublisher() {
    return Integer.MAX_VALUE;
  }
}
