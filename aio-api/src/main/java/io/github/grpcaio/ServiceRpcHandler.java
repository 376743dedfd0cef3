package io.github.grpcaio;

import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link GenericRpcHandler} serving the methods of one service, as Python's {@code
 * grpc.ServiceRpcHandler}; {@link #of} is {@code grpc.method_handlers_generic_handler}.
 *
 * <p>A server knows a {@code ServiceRpcHandler} by its name (for health and reflection), and one
 * that declares its {@link #methodHandlers()} can be exported to a grpc-java server. Generated
 * {@code XxxAio.handler(servicer)} handlers carry their {@link #serviceDescriptor()}, so server
 * reflection describes them with their proto files.
 */
public interface ServiceRpcHandler extends GenericRpcHandler {

  /**
   * Returns the name of the service.
   *
   * @return the fully qualified service name, for example {@code "helloworld.Greeter"}
   */
  String serviceName();

  /**
   * Returns the handlers of this service by method name (without the service). Empty means the
   * methods are not known in advance: such a handler serves on an aio server but cannot be
   * exported.
   *
   * @return an immutable map, empty by default
   */
  default Map<String, RpcMethodHandler<?, ?>> methodHandlers() {
    return Map.of();
  }

  /**
   * Returns grpc-java's descriptor of this service, with its proto schema when generated code made
   * it; reflection uses it to describe the service.
   *
   * @return the descriptor, or empty by default
   */
  default Optional<ServiceDescriptor> serviceDescriptor() {
    return Optional.empty();
  }

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
    ServiceMethodHandlers.checkName("service", service);
    return new ServiceMethodHandlers(service, methodHandlers, null);
  }

  /**
   * Creates a handler for a service described by grpc-java's {@code descriptor} (for example {@code
   * XxxGrpc.getServiceDescriptor()}), serving each of its methods with {@code
   * methodHandlers.get(name)}. The descriptor, with its proto schema, is kept for reflection.
   *
   * @param descriptor the service's descriptor
   * @param methodHandlers handlers by method name (without the service); a method of the descriptor
   *     without a handler is answered UNIMPLEMENTED
   * @return an immutable handler
   * @throws IllegalArgumentException if a name is not a method of the descriptor, or its handler's
   *     {@link RpcMethodHandler#type()} is not the method's type
   */
  static ServiceRpcHandler of(
      ServiceDescriptor descriptor, Map<String, RpcMethodHandler<?, ?>> methodHandlers) {
    Objects.requireNonNull(descriptor, "descriptor");
    Map<String, MethodDescriptor.MethodType> types = new LinkedHashMap<>();
    for (MethodDescriptor<?, ?> m : descriptor.getMethods()) {
      types.put(m.getBareMethodName(), m.getType());
    }
    for (Map.Entry<String, RpcMethodHandler<?, ?>> e : methodHandlers.entrySet()) {
      MethodDescriptor.MethodType type = types.get(e.getKey());
      if (type == null) {
        throw new IllegalArgumentException(
            "'" + e.getKey() + "' is not a method of " + descriptor.getName());
      }
      if (e.getValue() != null && e.getValue().type() != type) {
        throw new IllegalArgumentException(
            descriptor.getName()
                + "/"
                + e.getKey()
                + " is "
                + type
                + ", its handler is "
                + e.getValue().type());
      }
    }
    return new ServiceMethodHandlers(descriptor.getName(), methodHandlers, descriptor);
  }
}
