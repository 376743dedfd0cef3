package io.github.grpcaio.core.internal.server;

import io.github.grpcaio.core.internal.MessageCodec;
import io.grpc.HandlerRegistry;
import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fallback registry of every port: a hosted grpc-java method goes to its {@link HostedCall};
 * every other RPC, whatever its method, to the aio server: grpc-java's registry is asked only for a
 * method name, while aio's {@code GenericRpcHandler}s also see the invocation metadata, so the real
 * lookup happens later, when {@link ServerRpc} starts ({@link ServerInterceptorChain#findHandler}).
 */
final class HandlerDispatcher extends HandlerRegistry {

  private final AioServer server;
  private final ServiceRegistry registry;

  // The definitions of the methods a known service declares, by full name, made on first call.
  private final Map<String, ServerMethodDefinition<?, ?>> declared = new ConcurrentHashMap<>();

  HandlerDispatcher(AioServer server, ServiceRegistry registry) {
    this.server = server;
    this.registry = registry;
  }

  /**
   * Returns the services the server knows by name, for grpc-java's reflection, which lists what a
   * port's fallback registry returns here.
   */
  @Override
  public List<ServerServiceDefinition> getServices() {
    return registry.services();
  }

  @Override
  public ServerMethodDefinition<?, ?> lookupMethod(String methodName, String authority) {
    ServerMethodDefinition<?, ?> hosted = registry.hosted(methodName);
    if (hosted != null) {
      return hosted; // a hosted grpc-java method: a HostedCall, not a ServerRpc
    }
    ServerMethodDefinition<?, ?> known = declared.get(methodName);
    return known != null ? known : dispatched(methodName);
  }

  /**
   * The definition dispatching {@code methodName} to a {@code ServerRpc}. grpc-java's metrics name
   * a method in grpc.method only if its descriptor is marked sampled (generated ones are), "other"
   * otherwise: mark those a known service declares, not names that only a generic handler may
   * answer, which any client can make up. The former are kept (services are only ever added, so a
   * declared method stays declared), so that a call allocates no descriptor; the latter are not, so
   * that made-up names cannot grow the map.
   */
  private ServerMethodDefinition<?, ?> dispatched(String methodName) {
    boolean declares = registry.declares(methodName);
    MethodDescriptor<InputStream, InputStream> descriptor =
        MethodDescriptor.<InputStream, InputStream>newBuilder()
            .setType(MethodDescriptor.MethodType.UNKNOWN)
            .setFullMethodName(methodName)
            .setRequestMarshaller(MessageCodec.PASSTHROUGH)
            .setResponseMarshaller(MessageCodec.PASSTHROUGH)
            .setSampledToLocalTracing(declares)
            .build();
    ServerMethodDefinition<?, ?> definition =
        ServerMethodDefinition.create(descriptor, new MethodRoute(server, methodName));
    if (declares) {
      declared.putIfAbsent(methodName, definition);
    }
    return definition;
  }
}
