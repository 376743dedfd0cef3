package io.github.grpcaio.testkit;

import static io.github.grpcaio.testkit.AioAssertions.assertThatRpc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.github.grpcaio.Channel;
import io.github.grpcaio.StatusCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

@Timeout(30)
class AioServerExtensionTest {

  @RegisterExtension
  final AioServerExtension grpc =
      AioServerExtension.builder().addService(EchoService.handler()).build();

  @Test
  void channel_reachesTheServicer() {
    assertThatRpc(EchoService.echo(grpc.channel()).call("hi")).succeedsWith("hi");
  }

  @Test
  void channelParameter_isTheSharedChannel(Channel channel, AioTestServer server) {
    assertThat(channel).isSameAs(grpc.channel());
    assertThat(server).isSameAs(grpc.server());
    assertThatRpc(EchoService.echo(channel).call("injected")).succeedsWith("injected");
  }

  @Test
  void stub_isMadeOnTheSharedChannel() {
    assertThatRpc(grpc.stub(EchoService::echo).call("fail"))
        .failsWith(StatusCode.INVALID_ARGUMENT)
        .hasDetails("bad request");
  }

  @Nested
  class OnNetty {
    @RegisterExtension
    final AioServerExtension netty =
        AioServerExtension.builder()
            .transport(Transport.NETTY)
            .addService(EchoService.handler())
            .build();

    @Test
    void channel_reachesTheServicerOverASocket() {
      assertThat(netty.target()).startsWith("127.0.0.1:");
      assertThatRpc(EchoService.echo(netty.channel()).call("tcp")).succeedsWith("tcp");
    }
  }

  @Test
  void perTest_rpcLeftOpen_failsThatTest() {
    TestExecutionSummary summary = run(LeakingPerMethod.class);

    assertThat(summary.getTestsSucceededCount()).isEqualTo(1);
    assertThat(summary.getFailures()).hasSize(1);
    TestExecutionSummary.Failure failure = summary.getFailures().get(0);
    assertThat(failure.getTestIdentifier().getDisplayName()).isEqualTo("leaks()");
    assertThat(failure.getException())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("1 RPC(s) still open")
        .hasMessageContaining("/testkit.Echo/Hang");
  }

  @Test
  void perClass_serverSharedAndTheLeakingTestFails() {
    LeakingPerClass.targets.clear();

    TestExecutionSummary summary = run(LeakingPerClass.class);

    // One server for both tests.
    assertThat(LeakingPerClass.targets).hasSize(2);
    assertThat(LeakingPerClass.targets.get(0)).isEqualTo(LeakingPerClass.targets.get(1));
    // The leak is blamed on the test that left it, once; closing the class then passes.
    assertThat(summary.getTestsSucceededCount()).isEqualTo(1);
    assertThat(summary.getFailures()).hasSize(1);
    assertThat(summary.getFailures().get(0).getTestIdentifier().getDisplayName())
        .isEqualTo("a_leaks()");
    assertThat(summary.getContainersFailedCount()).isZero();
  }

  /** True while {@link #run} runs a fixture class: they are skipped when discovered otherwise. */
  private static volatile boolean runningFixture;

  static boolean runningFixture() {
    return runningFixture;
  }

  private static synchronized TestExecutionSummary run(Class<?> testClass) {
    runningFixture = true;
    try {
      return launch(testClass);
    } finally {
      runningFixture = false;
    }
  }

  private static TestExecutionSummary launch(Class<?> testClass) {
    Launcher launcher = LauncherFactory.create();
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    launcher.execute(
        LauncherDiscoveryRequestBuilder.request()
            .selectors(selectClass(testClass))
            // The suite-wide leak checks belong to the outer test class, whose server is running.
            .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "false")
            .build(),
        listener);
    return listener.getSummary();
  }

  /** Run by {@link #perTest_rpcLeftOpen_failsThatTest} only (surefire skips nested classes). */
  @EnabledIf("io.github.grpcaio.testkit.AioServerExtensionTest#runningFixture")
  static class LeakingPerMethod {
    @RegisterExtension
    final AioServerExtension grpc =
        AioServerExtension.builder()
            .addService(EchoService.handler())
            .leakGrace(Duration.ofMillis(100))
            .build();

    @Test
    void leaks() {
      EchoService.hang(grpc.channel()).call("x");
      AioTestServerTest.awaitOpen(grpc.server());
    }

    @Test
    void closesCleanly() {
      assertThatRpc(EchoService.echo(grpc.channel()).call("ok")).succeedsWith("ok");
    }
  }

  /** Run by {@link #perClass_serverSharedAndTheLeakingTestFails} only. */
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  @EnabledIf("io.github.grpcaio.testkit.AioServerExtensionTest#runningFixture")
  static class LeakingPerClass {
    static final List<String> targets = new ArrayList<>();

    @RegisterExtension
    static final AioServerExtension grpc =
        AioServerExtension.builder()
            .addService(EchoService.handler())
            .leakGrace(Duration.ofMillis(100))
            .build();

    @Test
    @Order(1)
    void a_leaks() {
      targets.add(grpc.target());
      EchoService.hang(grpc.channel()).call("x");
      AioTestServerTest.awaitOpen(grpc.server());
    }

    @Test
    @Order(2)
    void b_passes() {
      targets.add(grpc.target());
      assertThatRpc(EchoService.echo(grpc.channel()).call("ok")).succeedsWith("ok");
    }
  }
}
