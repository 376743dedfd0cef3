package io.github.grpcaio.reactor.tck;

import io.github.grpcaio.reactor.ReactorEcho;
import io.github.grpcaio.reactor.proto.EchoAio;
import io.github.grpcaio.testkit.AioTestServer;
import io.github.grpcaio.testkit.Transport;
import org.reactivestreams.tck.TestEnvironment;

/** The in-process Reactor echo service and its stub, shared by the TCK classes' set-ups. */
final class EchoBed implements AutoCloseable {

  /**
   * The TCK's waits: 2 s for an expected signal (paid only until it comes, but in full by the three
   * rule 3.9 tests), 200 ms watching for one that must not come (paid in full by each passing test
   * of that kind). In-process signals come within a few thread hops.
   */
  static TestEnvironment environment() {
    return new TestEnvironment(2000, 200);
  }

  final AioTestServer server;
  final EchoAio.Stub stub;

  EchoBed() {
    server =
        AioTestServer.builder()
            .transport(Transport.IN_PROCESS)
            .addService(new ReactorEcho().handler(ReactorEcho.Style.HANDLERS))
            .failOnOpenRpcs(false)
            .start();
    stub = server.stub(EchoAio::newStub);
  }

  @Override
  public void close() {
    server.close();
  }
}
