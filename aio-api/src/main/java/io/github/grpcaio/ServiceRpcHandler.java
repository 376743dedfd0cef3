package io.github.grpcaio;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link GenericRpcHandler} serving the methods of one service, as Python's {@code
 * grpc.ServiceRpcHandler}; {@link #of} is {@code grpc.method_handlers_generic_handler}.
 */
public interface ServiceRpcHandler extends GenericRpcHandler {

  /**
   * Returns the name of the service.
   *
   * @return the fully qualified service name, for example {@code "helloworld.Greeter"}
   */
  String serviceName();

  /**
   * Creates a handler that serves {@code "/" + service + "/" + name} with {@code
   * methodHandlers.get(name)}.
   *
   * @param service the fully qualified service name
   * @param methodHandlers handlers by method name (without the service)
   * @return an immutable handler
   * @throws IllegalArgumentException if the service name or a method name is empty or holds a slash
   */
  static ServiceRpcHandler of(String service, Map<String, RpcMethodHandler<?, ?>> methodHandlers) {
    Objects.requireNonNull(service, "service");
    if (service.isEmpty() || service.contains("/")) {
      throw new IllegalArgumentException("Illegal service name '" + service + "'");
    }
    Map<String, RpcMethodHandler<?, ?>> byFullName = new HashMap<>();
    for (Map.Entry<String, RpcMethodHandler<?, ?>> e : methodHandlers.entrySet()) {
      String name = Objects.requireNonNull(e.getKey(), "method name");
      if (name.isEmpty() || name.contains("/")) {
        throw new IllegalArgumentException("Illegal method name '" + name + "'");
      }
      byFullName.put("/" + service + "/" + name, Objects.requireNonNull(e.getValue(), name));
    }
    Map<String, RpcMethodHandler<?, ?>> handlers = Map.copyOf(byFullName);
    return new ServiceRpcHandler() {
      @Override
      public String serviceName() {
        return service;
      }

      @Override
      public RpcMethodHandler<?, ?> service(HandlerCallDetails details) {
        return handlers.get(details.method());
      }

      @Override
      public String toString() {
        return "ServiceRpcHandler[" + service + ", methods=" + handlers.keySet() + "]";
      }
    };
  }
}
