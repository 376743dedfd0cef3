package io.github.grpcaio.testkit;

import io.github.grpcaio.Call;
import io.github.grpcaio.StreamUnaryCall;
import io.github.grpcaio.UnaryUnaryCall;
import java.util.concurrent.CompletionStage;

/**
 * Entry points of the testkit's AssertJ assertions for RPCs:
 *
 * <pre>{@code
 * assertThatRpc(stub.sayHello(request)).succeedsWith(reply);
 * assertThatRpc(stub.sayHello(bad)).failsWith(StatusCode.INVALID_ARGUMENT).hasDetails("no name");
 * }</pre>
 *
 * <p>Every wait is bounded (5 seconds unless {@link RpcAssert#within} says otherwise). Static
 * methods only; callable from any thread.
 */
public final class AioAssertions {

  private AioAssertions() {}

  /**
   * Starts assertions on a call with one response: its response future and its status.
   *
   * @param call the call, as a unary-unary multi-callable or stub returns it
   * @param <T> the response type
   */
  public static <T> RpcAssert<T> assertThatRpc(UnaryUnaryCall<T> call) {
    return new RpcAssert<>(call, call == null ? null : call.response().toCompletableFuture(), call);
  }

  /**
   * Starts assertions on a client-streaming call: its response future and its status.
   *
   * @param <T> the response type
   */
  public static <T> RpcAssert<T> assertThatRpc(StreamUnaryCall<?, T> call) {
    return new RpcAssert<>(call, call == null ? null : call.response().toCompletableFuture(), call);
  }

  /**
   * Starts assertions on any call, by its status only (for response streams, whose items a {@link
   * TestSubscriber} checks). {@link RpcAssert#succeedsWith} then expects a null value.
   */
  public static RpcAssert<Void> assertThatRpc(Call call) {
    return new RpcAssert<>(call, null, call);
  }

  /**
   * Starts assertions on a response future (for example {@code call.response()} or a future derived
   * from it). A failure is read from its {@link io.github.grpcaio.AioRpcError}; a {@link
   * java.util.concurrent.CancellationException} counts as {@code CANCELLED}.
   *
   * @param response the future
   * @param <T> the response type
   */
  public static <T> RpcAssert<T> assertThatRpc(CompletionStage<T> response) {
    return new RpcAssert<>(
        response, response == null ? null : response.toCompletableFuture(), null);
  }
}
