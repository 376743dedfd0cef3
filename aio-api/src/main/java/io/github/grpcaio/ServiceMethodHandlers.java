package io.github.grpcaio;

import io.grpc.ServiceDescriptor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The handler {@link ServiceRpcHandler#of} makes: a map lookup by full method name. */
final class ServiceMethodHandlers implements ServiceRpcHandler {
  private final String service;
  private final Map<String, RpcMethodHandler<?, ?>> byMethod;
  private final Map<String, RpcMethodHandler<?, ?>> byFullName;
  private final ServiceDescriptor descriptor;

  /** Refuses an empty name or one holding a slash. */
  static void checkName(String what, String name) {
    if (name.isEmpty() || name.contains("/")) {
      throw new IllegalArgumentException("Illegal " + what + " name '" + name + "'");
    }
  }

  ServiceMethodHandlers(
      String service,
      Map<String, RpcMethodHandler<?, ?>> methodHandlers,
      ServiceDescriptor descriptor) {
    Map<String, RpcMethodHandler<?, ?>> byName = new LinkedHashMap<>();
    Map<String, RpcMethodHandler<?, ?>> full = new LinkedHashMap<>();
    for (Map.Entry<String, RpcMethodHandler<?, ?>> e : methodHandlers.entrySet()) {
      String name = Objects.requireNonNull(e.getKey(), "method name");
      checkName("method", name);
      RpcMethodHandler<?, ?> handler = Objects.requireNonNull(e.getValue(), name);
      byName.put(name, handler);
      full.put("/" + service + "/" + name, handler);
    }
    this.service = service;
    this.byMethod = Map.copyOf(byName);
    this.byFullName = Map.copyOf(full);
    this.descriptor = descriptor;
  }

  @Override
  public String serviceName() {
    return service;
  }

  @Override
  public Map<String, RpcMethodHandler<?, ?>> methodHandlers() {
    return byMethod;
  }

  @Override
  public Optional<ServiceDescriptor> serviceDescriptor() {
    return Optional.ofNullable(descriptor);
  }

  @Override
  public RpcMethodHandler<?, ?> service(HandlerCallDetails details) {
    return byFullName.get(details.method());
  }

  @Override
  public String toString() {
    return "ServiceRpcHandler[" + service + ", methods=" + byMethod.keySet() + "]";
  }
}
