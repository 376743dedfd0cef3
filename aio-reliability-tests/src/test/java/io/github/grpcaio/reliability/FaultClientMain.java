package io.github.grpcaio.reliability;

import io.github.grpcaio.Channel;
import io.github.grpcaio.core.GrpcAio;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;

/**
 * A client in a JVM of its own, for {@link ClientProcessKilledTest} to kill (with {@link
 * ForkedJvm}): calls {@code Stream endless} or {@code Chat} (argument 1) on {@code
 * 127.0.0.1:<port>} (argument 0), prints {@code READY} once 100 responses arrived, and goes on
 * reading until killed.
 */
public final class FaultClientMain {

  private FaultClientMain() {}

  /**
   * Runs the client.
   *
   * @param args the server's port and the method
   * @throws InterruptedException never: the process is killed
   */
  public static void main(String[] args) throws InterruptedException {
    Channel channel = GrpcAio.insecureChannel("127.0.0.1:" + args[0]);
    Flow.Publisher<String> responses =
        args[1].equals("Chat")
            ? FaultService.chat(channel).call(new Sequence(Sequence.ENDLESS, 10))
            : FaultService.stream(channel).call("endless:10");
    CountDownLatch ready = new CountDownLatch(100);
    responses.subscribe(
        new Flow.Subscriber<String>() {
          @Override
          public void onSubscribe(Flow.Subscription s) {
            s.request(Long.MAX_VALUE);
          }

          @Override
          public void onNext(String item) {
            ready.countDown();
          }

          @Override
          public void onError(Throwable t) {
            t.printStackTrace();
          }

          @Override
          public void onComplete() {}
        });
    ready.await();
    System.out.println("READY");
    System.out.flush();
    new CountDownLatch(1).await(); // until killed
  }
}
