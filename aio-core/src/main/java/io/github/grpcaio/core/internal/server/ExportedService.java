package io.github.grpcaio.core.internal.server;

import io.github.grpcaio.Compression;
import io.github.grpcaio.ContextPropagator;
import io.github.grpcaio.GenericRpcHandler;
import io.github.grpcaio.RpcMethodHandler;
import io.github.grpcaio.ServerInterceptor;
import io.github.grpcaio.ServerOptions;
import io.github.grpcaio.ServiceRpcHandler;
import io.github.grpcaio.core.internal.AioRuntime;
import io.github.grpcaio.core.internal.FallbackExecutor;
import io.github.grpcaio.core.internal.MessageCodec;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executor;

/**
 * An aio service served by a grpc-java server: the {@link RpcHost} of its RPCs, which run in a
 * {@link ServerRpc} exactly as on the aio server (same handler lookup through the aio interceptors,
 * same streams, servicer context, abort, compression and message limits), on this service's
 * executor.
 *
 * <p>It has no life of its own: the host server starts and stops its calls. A host's {@code
 * shutdownNow()} (or a client's cancellation, or the deadline) cancels the call's stream, which
 * cancels the handler and runs its done callbacks, as a cancelled RPC does on the aio server.
 */
public final class ExportedService implements RpcHost {

  private static final ServerCall.Listener<InputStream> REFUSED = new ServerCall.Listener<>() {};

  private final List<GenericRpcHandler> handlers;
  private final List<ServerInterceptor> interceptors;
  private final List<ContextPropagator<?>> contextPropagators;
  private final Compression compression;
  private final Executor executor;
  private final Executor blockingExecutor; // null: blocking handlers run on executor
  private final ConcurrencyLimit concurrency;
  private final int maxSendMessageLength;
  private final int maxReceiveMessageLength;

  private ExportedService(ServiceRpcHandler service, ServerOptions options) {
    this.handlers = List.of(service);
    this.interceptors = options.interceptors();
    this.contextPropagators = options.contextPropagators();
    this.compression = options.compression().orElse(null);
    this.executor =
        FallbackExecutor.wrap(options.executor().orElseGet(AioRuntime::defaultExecutor));
    this.blockingExecutor = RpcHost.blockingExecutorOf(options);
    this.concurrency = new ConcurrencyLimit(options.maximumConcurrentRpcs());
    this.maxSendMessageLength = options.maxSendMessageLength().orElse(-1);
    this.maxReceiveMessageLength = MessageCodec.receiveLimit(options.maxReceiveMessageLength());
  }

  /**
   * Makes the definition a grpc-java server serves {@code service} by. Its descriptor is the
   * service's own (schema kept) or, without one, is made from its method handlers; every method
   * passes messages through as bytes, which the handler's marshallers read and write.
   *
   * @param service the service; its {@code methodHandlers()} must not be empty
   * @param options the settings of its RPCs: executor, interceptors, compression, message limits,
   *     concurrency limit
   * @return the definition to add to a grpc-java server
   * @throws IllegalArgumentException if the service declares no methods, its default compression is
   *     {@code DEFLATE}, or an option that belongs to a server's ports is set (the message names
   *     them)
   */
  public static ServerServiceDefinition bind(ServiceRpcHandler service, ServerOptions options) {
    Map<String, RpcMethodHandler<?, ?>> methods = service.methodHandlers();
    if (methods.isEmpty()) {
      throw new IllegalArgumentException(
          "Service "
              + service.serviceName()
              + " declares no methodHandlers(), so its methods are not known: make it with"
              + " ServiceRpcHandler.of");
    }
    List<String> portOnly = portOnlyOptions(options);
    if (!portOnly.isEmpty()) {
      throw new IllegalArgumentException(
          "Options "
              + portOnly
              + " belong to a server's ports, not to an exported service: set them on the"
              + " grpc-java server's builder");
    }
    ExportedService host = new ExportedService(service, options);
    if (host.compression != null && !host.canCompressWith(host.compression)) {
      throw new IllegalArgumentException(
          "Compression " + host.compression + ": grpc-java servers have no deflate compressor");
    }
    ServiceDescriptor descriptor = passthrough(service, methods);
    ServerServiceDefinition.Builder definition = ServerServiceDefinition.builder(descriptor);
    for (MethodDescriptor<?, ?> m : descriptor.getMethods()) {
      @SuppressWarnings("unchecked") // passthrough() made every method on InputStream
      MethodDescriptor<InputStream, InputStream> method =
          (MethodDescriptor<InputStream, InputStream>) m;
      definition.addMethod(method, new MethodRoute(host, method.getFullMethodName()));
    }
    return definition.build();
  }

  /** The names of the options set that only a server's ports can honour. */
  private static List<String> portOnlyOptions(ServerOptions options) {
    List<String> names = new ArrayList<>();
    if (!options.handlers().isEmpty()) {
      names.add("handlers");
    }
    if (!options.grpcInterceptors().isEmpty()) {
      names.add("grpcInterceptors"); // ServerInterceptors.intercept(definition, ...) does this
    }
    addIfSet(names, "maxMetadataSize", options.maxMetadataSize());
    addIfSet(names, "maxConcurrentStreams", options.maxConcurrentStreams());
    addIfSet(names, "keepaliveTime", options.keepaliveTime());
    addIfSet(names, "keepaliveTimeout", options.keepaliveTimeout());
    addIfSet(names, "permitKeepaliveWithoutCalls", options.permitKeepaliveWithoutCalls());
    addIfSet(names, "permitKeepaliveTime", options.permitKeepaliveTime());
    addIfSet(names, "maxConnectionIdle", options.maxConnectionIdle());
    addIfSet(names, "maxConnectionAge", options.maxConnectionAge());
    addIfSet(names, "maxConnectionAgeGrace", options.maxConnectionAgeGrace());
    return names;
  }

  private static void addIfSet(List<String> names, String name, Optional<?> value) {
    if (value.isPresent()) {
      names.add(name);
    }
  }

  /**
   * The service's descriptor with every method on {@link MessageCodec#PASSTHROUGH}: its own methods
   * (types and schemas kept, so a grpc-java server's reflection describes them), or, without a
   * descriptor, one method per handler, of the handler's type, in name order. Every method is
   * marked {@linkplain MethodDescriptor#isSampledToLocalTracing() sampled to local tracing}, as
   * grpc-java's generated ones are: grpc-java's metrics then record its real name as {@code
   * grpc.method}, where an unregistered method is recorded as {@code "other"}.
   */
  static ServiceDescriptor passthrough(
      ServiceRpcHandler service, Map<String, RpcMethodHandler<?, ?>> methods) {
    Optional<ServiceDescriptor> declared = service.serviceDescriptor();
    ServiceDescriptor.Builder builder;
    List<MethodDescriptor<InputStream, InputStream>> passthrough = new ArrayList<>();
    if (declared.isPresent()) {
      ServiceDescriptor d = declared.get();
      builder =
          ServiceDescriptor.newBuilder(d.getName()).setSchemaDescriptor(d.getSchemaDescriptor());
      for (MethodDescriptor<?, ?> m : d.getMethods()) {
        passthrough.add(
            m.toBuilder(MessageCodec.PASSTHROUGH, MessageCodec.PASSTHROUGH)
                .setSampledToLocalTracing(true)
                .build());
      }
    } else {
      String name = service.serviceName();
      builder = ServiceDescriptor.newBuilder(name);
      for (Map.Entry<String, RpcMethodHandler<?, ?>> e : new TreeMap<>(methods).entrySet()) {
        if (e.getValue() == null) {
          throw new IllegalArgumentException(
              "Service " + name + " has no handler for method " + e.getKey());
        }
        passthrough.add(
            MethodDescriptor.<InputStream, InputStream>newBuilder()
                .setType(e.getValue().type())
                .setFullMethodName(MethodDescriptor.generateFullMethodName(name, e.getKey()))
                .setRequestMarshaller(MessageCodec.PASSTHROUGH)
                .setResponseMarshaller(MessageCodec.PASSTHROUGH)
                .setSampledToLocalTracing(true)
                .build());
      }
    }
    passthrough.forEach(builder::addMethod);
    return builder.build();
  }

  // ---- calls: on the host's threads ----

  /**
   * Starts one RPC, on the host server's thread: refuses it if the concurrency limit is reached,
   * else hands it to a {@link ServerRpc}, which hops onto this service's executor before running
   * anything of the user's.
   */
  @Override
  public ServerCall.Listener<InputStream> startCall(
      MethodRoute route, ServerCall<InputStream, InputStream> call, io.grpc.Metadata headers) {
    if (!concurrency.admit(call)) {
      return REFUSED;
    }
    ServerRpc<Object, Object> rpc = new ServerRpc<>(this, route, call, headers, executor);
    rpc.start();
    return rpc;
  }

  @Override
  public List<GenericRpcHandler> handlers() {
    return handlers;
  }

  @Override
  public List<ServerInterceptor> interceptors() {
    return interceptors;
  }

  @Override
  public List<ContextPropagator<?>> contextPropagators() {
    return contextPropagators;
  }

  @Override
  public Compression defaultCompression() {
    return compression;
  }

  /** grpc-java servers have identity and gzip compressors, not deflate. */
  @Override
  public boolean canCompressWith(Compression compression) {
    return compression != Compression.DEFLATE;
  }

  @Override
  public Executor blockingExecutor() {
    return blockingExecutor;
  }

  @Override
  public int maxSendMessageLength() {
    return maxSendMessageLength;
  }

  @Override
  public int maxReceiveMessageLength() {
    return maxReceiveMessageLength;
  }

  @Override
  public void releaseSlot() {
    concurrency.release();
  }

  /** Nothing to forget: the host server keeps track of its calls. */
  @Override
  public void release(ServerRpc<?, ?> rpc) {}

  @Override
  public String toString() {
    return "ExportedService[" + handlers.get(0) + "]";
  }
}
