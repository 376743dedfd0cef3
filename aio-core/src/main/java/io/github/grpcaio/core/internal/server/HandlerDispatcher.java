package io.github.grpcaio.core.internal.server;

import io.github.grpcaio.core.internal.MessageCodec;
import io.grpc.HandlerRegistry;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import java.io.InputStream;

/**
 * Sends every incoming RPC, whatever its method, to the aio server: grpc-java's registry is asked
 * only for a method name, while aio's {@code GenericRpcHandler}s also see the invocation metadata,
 * so the real lookup happens later, when {@link ServerRpc} starts ({@link
 * ServerInterceptorChain#findHandler}).
 */
final class HandlerDispatcher extends HandlerRegistry
    implements ServerCallHandler<InputStream, InputStream> {

  private final AioServer server;

  HandlerDispatcher(AioServer server) {
    this.server = server;
  }

  @Override
  public ServerMethodDefinition<?, ?> lookupMethod(String methodName, String authority) {
    MethodDescriptor<InputStream, InputStream> descriptor =
        MethodDescriptor.<InputStream, InputStream>newBuilder()
            .setType(MethodDescriptor.MethodType.UNKNOWN)
            .setFullMethodName(methodName)
            .setRequestMarshaller(MessageCodec.PASSTHROUGH)
            .setResponseMarshaller(MessageCodec.PASSTHROUGH)
            .build();
    return ServerMethodDefinition.create(descriptor, this);
  }

  @Override
  public ServerCall.Listener<InputStream> startCall(
      ServerCall<InputStream, InputStream> call, Metadata headers) {
    return server.startCall(call, headers);
  }
}
