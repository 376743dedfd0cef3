package io.github.grpcaio.core.internal.server;

import io.github.grpcaio.GenericRpcHandler;
import io.github.grpcaio.HandlerCallDetails;
import io.github.grpcaio.RpcMethodHandler;
import io.github.grpcaio.ServiceRpcHandler;
import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The services a server knows by name, in the order added: hosted grpc-java services, registered
 * method handlers and the {@link ServiceRpcHandler}s among its generic handlers. It refuses a
 * second service of one name, answers the exact-name lookups that come before the generic handlers
 * ({@link #hosted}, {@link #service}) and tells grpc-java's reflection which services there are
 * ({@link #services}).
 *
 * <p>Copy-on-write: additions are serialized by this object's lock and publish a new immutable
 * {@link Snapshot}; lookups, on transport threads and RPC contexts, read the volatile snapshot
 * without locking.
 */
final class ServiceRegistry implements GenericRpcHandler {

  /** Everything known at one point; never changed once published. */
  private record Snapshot(
      Map<String, ServerServiceDefinition> services, // by service name, in the order added
      Map<String, ServerMethodDefinition<?, ?>> hosted, // by full method name, without the slash
      Map<String, RpcMethodHandler<?, ?>> registered) { // by "/service/method"

    static final Snapshot EMPTY = new Snapshot(Map.of(), Map.of(), Map.of());
  }

  private volatile Snapshot snapshot = Snapshot.EMPTY; // replaced under this

  /**
   * Hosts a grpc-java service.
   *
   * @param definition the service, kept as given for {@link #services}
   * @param dispatched what the transports dispatch for each of its methods
   * @throws IllegalArgumentException if a service of its name is known
   */
  synchronized void addHosted(
      ServerServiceDefinition definition,
      Function<ServerMethodDefinition<?, ?>, ServerMethodDefinition<?, ?>> dispatched) {
    Snapshot s = snapshot;
    String name = definition.getServiceDescriptor().getName();
    checkNew(s, name);
    Map<String, ServerMethodDefinition<?, ?>> hosted = new HashMap<>(s.hosted);
    for (ServerMethodDefinition<?, ?> m : definition.getMethods()) {
      hosted.put(m.getMethodDescriptor().getFullMethodName(), dispatched.apply(m));
    }
    snapshot = new Snapshot(with(s.services, name, definition), Map.copyOf(hosted), s.registered);
  }

  /**
   * Registers method handlers of one service, matched by exact name.
   *
   * @throws IllegalArgumentException if a service of that name is known, or a name is illegal
   */
  synchronized void addRegistered(String service, Map<String, RpcMethodHandler<?, ?>> handlers) {
    ServiceRpcHandler checked = ServiceRpcHandler.of(service, handlers); // checks the names
    Snapshot s = snapshot;
    checkNew(s, service);
    Map<String, RpcMethodHandler<?, ?>> registered = new HashMap<>(s.registered);
    checked
        .methodHandlers()
        .forEach((method, handler) -> registered.put("/" + service + "/" + method, handler));
    snapshot =
        new Snapshot(
            with(s.services, service, definitionOf(checked)), s.hosted, Map.copyOf(registered));
  }

  /**
   * Records the {@link ServiceRpcHandler}s among generic handlers being added, all or none: they
   * stay in the server's ordered list of generic handlers, this only knows their names.
   *
   * @throws IllegalArgumentException if a service of one of their names is known, or two of them
   *     share a name
   */
  synchronized void addGeneric(List<? extends GenericRpcHandler> handlers) {
    Snapshot s = snapshot;
    Map<String, ServerServiceDefinition> services = new LinkedHashMap<>(s.services);
    for (GenericRpcHandler h : handlers) {
      if (h instanceof ServiceRpcHandler service) {
        String name = Objects.requireNonNull(service.serviceName(), "serviceName()");
        if (services.containsKey(name)) {
          throw alreadyRegistered(name);
        }
        services.put(name, definitionOf(service));
      }
    }
    snapshot = new Snapshot(services, s.hosted, s.registered);
  }

  /**
   * What to dispatch for a hosted grpc-java method of that full name (no leading slash), or null.
   */
  ServerMethodDefinition<?, ?> hosted(String fullMethodName) {
    return snapshot.hosted.get(fullMethodName);
  }

  /** The registered handler of the method, matched exactly; null lets the generic handlers try. */
  @Override
  public RpcMethodHandler<?, ?> service(HandlerCallDetails details) {
    return snapshot.registered.get(details.method());
  }

  /**
   * Whether a known service declares the method: a hosted one, a registered one or a {@link
   * ServiceRpcHandler} with its {@code methodHandlers()}. A method only a generic handler answers
   * is not known here.
   *
   * @param fullMethodName the name without the leading slash
   */
  boolean declares(String fullMethodName) {
    String service = MethodDescriptor.extractFullServiceName(fullMethodName);
    ServerServiceDefinition definition = service == null ? null : snapshot.services.get(service);
    return definition != null && definition.getMethod(fullMethodName) != null;
  }

  /** The names of the known services, in the order added. */
  List<String> names() {
    return List.copyOf(snapshot.services.keySet());
  }

  /**
   * The known services as grpc-java definitions, for grpc-java's reflection: hosted ones as given,
   * the others with their proto schema if they have one. Only hosted methods are ever dispatched
   * through these; the others are served by {@code ServerRpc}.
   */
  List<ServerServiceDefinition> services() {
    return List.copyOf(snapshot.services.values());
  }

  private static void checkNew(Snapshot s, String name) {
    if (s.services.containsKey(name)) {
      throw alreadyRegistered(name);
    }
  }

  private static IllegalArgumentException alreadyRegistered(String name) {
    return new IllegalArgumentException("Service '" + name + "' is already registered");
  }

  private static Map<String, ServerServiceDefinition> with(
      Map<String, ServerServiceDefinition> services, String name, ServerServiceDefinition added) {
    Map<String, ServerServiceDefinition> copy = new LinkedHashMap<>(services);
    copy.put(name, added);
    return copy;
  }

  /**
   * Describes an aio service to grpc-java as an export does ({@link ExportedService#passthrough}):
   * with its descriptor (and proto schema) if it has one, else with a method per handler. The
   * methods' handlers are never called (lookup sends aio methods to {@code ServerRpc}); should one
   * be, it answers {@code INTERNAL}.
   */
  private static ServerServiceDefinition definitionOf(ServiceRpcHandler service) {
    ServiceDescriptor descriptor = ExportedService.passthrough(service, service.methodHandlers());
    ServerServiceDefinition.Builder builder = ServerServiceDefinition.builder(descriptor);
    for (MethodDescriptor<?, ?> m : descriptor.getMethods()) {
      addUnreachable(builder, m);
    }
    return builder.build();
  }

  private static <Req, Resp> void addUnreachable(
      ServerServiceDefinition.Builder builder, MethodDescriptor<Req, Resp> method) {
    builder.addMethod(
        method,
        (call, headers) -> {
          call.close(
              Status.INTERNAL.withDescription("An aio method reached grpc-java's dispatch"),
              new io.grpc.Metadata());
          return new io.grpc.ServerCall.Listener<Req>() {};
        });
  }
}
