package io.github.grpcaio.examples.interop;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.MethodDescriptor;

/**
 * The grpc-java client interceptor {@code client_compressed_streaming} needs: on a compressed
 * {@code StreamingInputCall}, every request after the first goes out uncompressed, as the case asks
 * of its second request. The aio client API, like Python's {@code grpc.aio}, has no per-message
 * compression switch; grpc-java's {@link ClientCall#setMessageCompression} is one, below the aio
 * call, and {@code ChannelOptions.grpcInterceptors} is how an aio channel reaches it. Other methods
 * and uncompressed calls pass through untouched.
 */
final class SecondRequestUncompressed implements ClientInterceptor {

  private static final String STREAMING_INPUT_CALL = "grpc.testing.TestService/StreamingInputCall";

  @Override
  public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(
      MethodDescriptor<ReqT, RespT> method, CallOptions callOptions, Channel next) {
    ClientCall<ReqT, RespT> call = next.newCall(method, callOptions);
    if (!method.getFullMethodName().equals(STREAMING_INPUT_CALL)
        || callOptions.getCompressor() == null) {
      return call;
    }
    return new ForwardingClientCall.SimpleForwardingClientCall<>(call) {
      private int sent; // a ClientCall's methods are called one at a time

      @Override
      public void sendMessage(ReqT message) {
        if (sent++ == 1) {
          delegate().setMessageCompression(false);
        }
        super.sendMessage(message);
      }
    };
  }
}
