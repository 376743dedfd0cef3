package io.github.grpcaio.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FallbackExecutorTest {

  private static String runOn(Executor delegate) throws Exception {
    CompletableFuture<String> thread = new CompletableFuture<>();
    FallbackExecutor.wrap(delegate)
        .execute(() -> thread.complete(Thread.currentThread().getName()));
    return thread.get(5, TimeUnit.SECONDS);
  }

  @Test
  void delegateRejects_taskRunsOnANewThread() throws Exception {
    assertThat(
            runOn(
                r -> {
                  throw new RejectedExecutionException("shut down (thrown by the test)");
                }))
        .isEqualTo("grpc-aio-fallback");
  }

  @Test
  void delegateThrowsARuntimeException_taskRunsOnANewThread() throws Exception {
    assertThat(
            runOn(
                r -> {
                  throw new IllegalStateException("non-conforming (thrown by the test)");
                }))
        .isEqualTo("grpc-aio-fallback");
  }

  @Test
  void delegateThrowsAnError_taskRunsOnANewThread() throws Exception {
    assertThat(
            runOn(
                r -> {
                  throw new OutOfMemoryError("unable to create native thread (thrown by the test)");
                }))
        .isEqualTo("grpc-aio-fallback");
  }
}
