package io.github.grpcaio.services.reflection;

import io.github.grpcaio.Server;
import io.grpc.ServerInterceptors;
import io.grpc.protobuf.services.ProtoReflectionService;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import java.util.Objects;

/**
 * Server reflection for an aio server, as Python's {@code
 * grpc_reflection.v1alpha.reflection.enable_server_reflection}.
 */
public final class Reflection {

  private Reflection() {}

  /**
   * Hosts grpc-java's reflection services on {@code server}: {@code
   * grpc.reflection.v1.ServerReflection} and the older {@code
   * grpc.reflection.v1alpha.ServerReflection} (still the one many tools ask first). They list and
   * describe, with their proto files, every service the server knows with its schema: generated
   * {@code XxxAio.handler(servicer)}s, {@code ServiceRpcHandler.of(descriptor, ...)} and hosted
   * grpc-java services. A {@code ServiceRpcHandler} without a descriptor is listed by name only; a
   * plain {@code GenericRpcHandler} has no name and is not listed. Services added later, even after
   * {@code start()}, are seen by later requests.
   *
   * <p>Unlike Python's, it takes no list of names: the server knows them ({@link
   * Server#serviceNames()}).
   *
   * @param server the server
   * @throws NullPointerException if {@code server} is null
   * @throws io.github.grpcaio.UsageError if the server was stopped
   * @throws IllegalArgumentException if reflection is already enabled on the server
   */
  public static void enableServerReflection(Server server) {
    Objects.requireNonNull(server, "server");
    ListByName listByName = new ListByName(server);
    server.addService(
        ServerInterceptors.intercept(ProtoReflectionServiceV1.newInstance(), listByName));
    server.addService(ServerInterceptors.intercept(v1alpha(), listByName));
  }

  // grpc-java deprecates v1alpha in favour of v1, but grpcurl and older clients still ask for it.
  @SuppressWarnings("deprecation")
  private static io.grpc.BindableService v1alpha() {
    return ProtoReflectionService.newInstance();
  }
}
