package io.github.grpcaio.reactor.tck;

import io.github.grpcaio.GenericRpcHandler;
import io.github.grpcaio.reactor.ReactorEcho;
import io.github.grpcaio.reactor.proto.EchoAio;
import io.github.grpcaio.testkit.AioTestServer;
import io.github.grpcaio.testkit.Transport;
import org.reactivestreams.tck.TestEnvironment;

/** The in-process Reactor echo service and its stub, shared by the TCK classes' set-ups. */
final class EchoBed implements AutoCloseable {

  /**
   * The TCK's waits: 2 s for an expected signal (paid only until it comes), 200 ms watching for one
   * that must not come (paid in full by each passing test of that kind), and 20 ms between looks
   * for an expected error (the TCK's default is the whole 2 s, which the rule 3.9 tests then pay in
   * full). In-process signals come within a few thread hops.
   */
  static TestEnvironment environment() {
    return new TestEnvironment(2000, 200, 20);
  }

  final AioTestServer server;
  final EchoAio.Stub stub;

  /** Serves the test service through the handler factories. */
  EchoBed() {
    this(new ReactorEcho().handler(ReactorEcho.Style.HANDLERS));
  }

  /** Serves {@code service}, an {@code aio.reactive.Echo} of the test's own. */
  EchoBed(GenericRpcHandler service) {
    server =
        AioTestServer.builder()
            .transport(Transport.IN_PROCESS)
            .addService(service)
            .failOnOpenRpcs(false)
            .start();
    stub = server.stub(EchoAio::newStub);
  }

  @Override
  public void close() {
    server.close();
  }
}
