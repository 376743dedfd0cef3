package io.github.grpcaio.services.reflection;

import io.github.grpcaio.Server;
import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Completes the {@code list_services} answers of grpc-java's reflection services with the names of
 * the server's services that have no proto schema (which grpc-java's index skips), so that they are
 * listed by name. Runs on the thread grpc-java sends the answer on.
 */
final class ListByName implements ServerInterceptor {

  private final Server server;

  ListByName(Server server) {
    this.server = server;
  }

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
      ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    return next.startCall(
        new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
          @Override
          public void sendMessage(RespT message) {
            super.sendMessage(complete(message));
          }
        },
        headers);
  }

  /** Returns {@code message} with the missing names added if it lists services, else as is. */
  // The answer built is of the message's own class, so the cast holds.
  @SuppressWarnings("unchecked")
  private <T> T complete(T message) {
    if (message instanceof io.grpc.reflection.v1.ServerReflectionResponse r
        && r.hasListServicesResponse()) {
      var list = r.getListServicesResponse().toBuilder();
      for (String name : missing(list.getServiceList().stream().map(s -> s.getName()).toList())) {
        list.addService(io.grpc.reflection.v1.ServiceResponse.newBuilder().setName(name));
      }
      return (T) r.toBuilder().setListServicesResponse(list).build();
    }
    if (message instanceof io.grpc.reflection.v1alpha.ServerReflectionResponse r
        && r.hasListServicesResponse()) {
      var list = r.getListServicesResponse().toBuilder();
      for (String name : missing(list.getServiceList().stream().map(s -> s.getName()).toList())) {
        list.addService(io.grpc.reflection.v1alpha.ServiceResponse.newBuilder().setName(name));
      }
      return (T) r.toBuilder().setListServicesResponse(list).build();
    }
    return message;
  }

  /** The server's service names not in {@code listed}, in the server's order. */
  private Set<String> missing(List<String> listed) {
    Set<String> names = new LinkedHashSet<>(server.serviceNames());
    listed.forEach(names::remove);
    return names;
  }
}
