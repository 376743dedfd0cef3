package io.github.grpcaio.core;

import io.github.grpcaio.Channel;
import io.github.grpcaio.ChannelCredentials;
import io.github.grpcaio.ChannelOptions;
import io.github.grpcaio.ContextPropagator;
import io.github.grpcaio.Server;
import io.github.grpcaio.ServerOptions;
import io.github.grpcaio.ServiceRpcHandler;
import io.github.grpcaio.core.internal.AioRuntime;
import io.github.grpcaio.core.internal.RpcScope;
import io.github.grpcaio.core.internal.VirtualThreads;
import io.github.grpcaio.core.internal.client.ChannelFactory;
import io.github.grpcaio.core.internal.server.AioServer;
import io.github.grpcaio.core.internal.server.ExportedService;
import io.grpc.ServerServiceDefinition;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * The entry point of grpc-aio, as the {@code grpc.aio} module is in Python: channels, servers and
 * the shared runtime.
 *
 * <pre>{@code
 * try (Channel channel = GrpcAio.insecureChannel("localhost:50051")) {
 *   ...
 * }
 * Server server = GrpcAio.server();
 * }</pre>
 *
 * <p>Channels and servers run user code (handlers, callbacks, subscribers, dependent futures) on
 * their executor: the one given in their options, or a shared cached pool of daemon threads. User
 * code never runs on a transport (Netty event loop) thread unless a direct executor is configured.
 */
public final class GrpcAio {

  private GrpcAio() {}

  /**
   * Opens a plaintext channel, as {@code grpc.aio.insecure_channel(target)}. It connects lazily.
   *
   * @param target a target as grpc-java accepts it: {@code localhost:50051}, {@code
   *     127.0.0.1:50051}, {@code [::1]:50051}, {@code dns:///host:port}, ...; or a Unix socket:
   *     {@code unix:path}, {@code unix:///absolute/path}, {@code unix-abstract:name} (Linux; needs
   *     {@code io.netty:netty-transport-native-epoll} on the class path)
   * @return the channel
   * @throws NullPointerException if {@code target} is null
   * @throws IllegalArgumentException if the target is empty or malformed, or names a Unix socket
   *     and the native epoll transport is not available (the message names the cause)
   */
  public static Channel insecureChannel(String target) {
    return insecureChannel(target, ChannelOptions.DEFAULT);
  }

  /**
   * Opens a plaintext channel with options.
   *
   * @param options the channel's options
   * @return the channel
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the target is empty or malformed, the service config is not
   *     valid JSON or not a valid service config, or the load-balancing policy is unknown
   * @throws IllegalArgumentException if an interceptor is of no interceptor kind
   */
  public static Channel insecureChannel(String target, ChannelOptions options) {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(options, "options");
    return ChannelFactory.insecure(target, options);
  }

  /**
   * Opens a secure channel, as {@code grpc.aio.secure_channel(target, credentials)}. It connects
   * lazily, so a failed handshake (an untrusted or expired certificate, a name mismatch, a refused
   * client certificate) fails the calls with {@code UNAVAILABLE}, the TLS exception as the error's
   * cause.
   *
   * @param credentials TLS, local or composite credentials
   * @return the channel
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the target is malformed, a PEM is malformed (the message
   *     names which), or local credentials are given a target their type does not cover
   */
  public static Channel secureChannel(String target, ChannelCredentials credentials) {
    return secureChannel(target, credentials, ChannelOptions.DEFAULT);
  }

  /**
   * Opens a secure channel with options.
   *
   * <p>TLS: the server's certificate must chain to the given roots (the JDK's when none are given)
   * and name the channel's authority: the target's host, or {@link
   * ChannelOptions#defaultAuthority()} when set. Local credentials: plaintext restricted to a
   * loopback target ({@code LOCAL_TCP}) or a Unix socket one ({@code UDS}). Either way the channel
   * counts as secure, so call credentials are allowed; those of a composite are applied to every
   * call, before the call's own.
   *
   * @param credentials TLS, local, grpc-java ({@link ChannelCredentials#fromGrpc}) or composite
   *     credentials
   * @param options the channel's options
   * @return the channel
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the target is malformed, a PEM is malformed (the message
   *     names which), local credentials are given a target their type does not cover, or
   *     grpc-java's Netty channel does not support the grpc-java credentials
   */
  public static Channel secureChannel(
      String target, ChannelCredentials credentials, ChannelOptions options) {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(credentials, "credentials");
    Objects.requireNonNull(options, "options");
    return ChannelFactory.secure(target, credentials, options);
  }

  /**
   * Opens an in-process channel to a server that called {@code addInProcessPort(name)}. Meant for
   * tests: no sockets, same semantics.
   *
   * @param name the in-process port's name
   * @return the channel
   */
  public static Channel inProcessChannel(String name) {
    return inProcessChannel(name, ChannelOptions.DEFAULT);
  }

  /**
   * Opens an in-process channel with options.
   *
   * @param name the in-process port's name
   * @param options the channel's options
   * @return the channel
   * @throws IllegalArgumentException if the service config is not valid JSON or not a valid service
   *     config, or the load-balancing policy is unknown
   * @throws IllegalArgumentException if an interceptor is of no interceptor kind
   */
  public static Channel inProcessChannel(String name, ChannelOptions options) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(options, "options");
    return ChannelFactory.inProcess(name, options);
  }

  /**
   * Makes aio calls on a channel built with grpc-java, which stays the caller's: closing the aio
   * channel cancels its calls but leaves {@code channel} open. Same as {@link #wrapChannel(
   * io.grpc.Channel, ChannelOptions, boolean) wrapChannel(channel, ChannelOptions.DEFAULT, false)}.
   *
   * @param channel any grpc-java channel: a {@code ManagedChannel} (Netty, in-process, OkHttp,
   *     xDS...) or a channel with interceptors
   * @return the aio channel
   * @throws NullPointerException if {@code channel} is null
   * @throws IllegalArgumentException if {@code channel} is a shut-down {@code ManagedChannel}
   */
  public static Channel wrapChannel(io.grpc.Channel channel) {
    return wrapChannel(channel, ChannelOptions.DEFAULT, false);
  }

  /**
   * Makes aio calls on a channel built with grpc-java: every call kind and call object feature,
   * interceptors, call credentials, and the options that apply per call.
   *
   * <p>Options taken: {@code executor}, {@code interceptors}, {@code grpcInterceptors}, {@code
   * compression}, {@code maxSendMessageLength}, {@code maxReceiveMessageLength} (set per call in
   * grpc-java's {@code CallOptions}). The others ({@code grpc.max_metadata_size}, {@code
   * grpc.primary_user_agent}, {@code grpc.default_authority}, keepalive, {@code
   * grpc.enable_retries}, {@code grpc.service_config}, {@code grpc.lb_policy_name}) belong to the
   * grpc-java channel's builder and are refused. Compression uses the grpc-java channel's
   * compressor registry: grpc-java's default has {@code gzip} but not {@code deflate}, so there a
   * {@link io.github.grpcaio.Compression#DEFLATE} call fails with {@code INTERNAL} "Unable to find
   * compressor by name deflate".
   *
   * <p>Connectivity ({@code getState}, {@code waitForStateChange}, {@code channelReady}) is the
   * {@code ManagedChannel}'s; on a plain {@code io.grpc.Channel} they throw {@link
   * io.github.grpcaio.UsageError}. Call credentials are allowed, and applied only over a connection
   * grpc-java reports private ({@code PRIVACY_AND_INTEGRITY}: TLS, in-process); over plaintext the
   * call fails with {@code UNAUTHENTICATED}, as with grpc-java's own credentials. Events reach the
   * aio executor through the grpc-java channel's executor.
   *
   * @param channel any grpc-java channel
   * @param options the options that apply per call
   * @param owned whether closing the aio channel (after its calls end or are cancelled) shuts
   *     {@code channel} down, as {@code shutdownNow}
   * @return the aio channel
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code channel} is a shut-down {@code ManagedChannel},
   *     {@code owned} is true for a channel that is not a {@code ManagedChannel}, an option that
   *     belongs to a channel builder is set (the message names it), or an interceptor is of no
   *     interceptor kind
   */
  public static Channel wrapChannel(
      io.grpc.Channel channel, ChannelOptions options, boolean owned) {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(options, "options");
    return ChannelFactory.wrap(channel, options, owned);
  }

  /**
   * Creates a server with default options, as {@code grpc.aio.server()}.
   *
   * @return a server that is not started
   */
  public static Server server() {
    return server(ServerOptions.DEFAULT);
  }

  /**
   * Creates a server, as {@code grpc.aio.server(...)}.
   *
   * @param options handlers, executor, limits, ...
   * @return a server that is not started
   * @throws IllegalArgumentException if two of the options' handlers are {@code ServiceRpcHandler}s
   *     of one service name
   */
  public static Server server(ServerOptions options) {
    Objects.requireNonNull(options, "options");
    return new AioServer(options);
  }

  /**
   * Exports an aio service to grpc-java: returns the definition by which any grpc-java server
   * ({@code ServerBuilder.addService}, Netty or in-process, whatever its executor) serves it. Same
   * as {@link #bindService(ServiceRpcHandler, ServerOptions) bindService(service,
   * ServerOptions.DEFAULT)}.
   *
   * @param service the service; it must declare its {@link ServiceRpcHandler#methodHandlers()}, as
   *     {@code ServiceRpcHandler.of} and generated {@code XxxAio.handler(servicer)} handlers do
   * @return a new definition to add to a grpc-java server
   * @throws NullPointerException if {@code service} is null
   * @throws IllegalArgumentException if the service declares no methods
   */
  public static ServerServiceDefinition bindService(ServiceRpcHandler service) {
    return bindService(service, ServerOptions.DEFAULT);
  }

  /**
   * Exports an aio service to grpc-java with options: returns the definition by which any grpc-java
   * server ({@code ServerBuilder.addService}, Netty or in-process, whatever its executor) serves
   * it, with the semantics it has on an aio server: the four kinds of RPC with flow control (a
   * handler that does not read, or a slow client, holds the other side back), the {@code
   * ServicerContext} (metadata, {@code abort}, the deadline's time remaining, done callbacks,
   * compression), the aio {@link ServerOptions#interceptors() interceptors} around the handler
   * lookup, the default {@link ServerOptions#compression() compression}, the message limits and
   * {@link ServerOptions#maximumConcurrentRpcs() maximumConcurrentRpcs} (counted per definition; an
   * RPC over it ends with {@code RESOURCE_EXHAUSTED "Concurrent RPC limit exceeded!"}).
   *
   * <p>Threads: handlers, interceptors and every callback run on the options' {@link
   * ServerOptions#executor() executor} (the shared default without one), never on the host server's
   * transport threads, whatever executor the host has; a host with {@code directExecutor()} is
   * fine.
   *
   * <p>The host server owns the calls: its {@code shutdown()} lets them finish, its {@code
   * shutdownNow()} cancels them (as a client's cancellation or the deadline does): the handler sees
   * the cancellation and the done callbacks run. The host's own limits apply too: a request larger
   * than its {@code maxInboundMessageSize} (4 MiB by default) is refused by grpc-java before the
   * handler's limit is checked. grpc-java interceptors are added on the host as for any definition
   * ({@code ServerInterceptors.intercept(definition, ...)}).
   *
   * <p>The definition's descriptor is the service's {@link ServiceRpcHandler#serviceDescriptor()},
   * with its proto schema, so that the host's own server reflection describes the service; without
   * one it is made from the method handlers (by name, of each handler's type, without schema).
   * Methods of the descriptor that have no handler are answered {@code UNIMPLEMENTED}.
   *
   * @param service the service; it must declare its {@link ServiceRpcHandler#methodHandlers()}, as
   *     {@code ServiceRpcHandler.of} and generated {@code XxxAio.handler(servicer)} handlers do
   * @param options the settings of the service's RPCs: {@code executor}, {@code interceptors},
   *     {@code compression}, {@code maxSendMessageLength}, {@code maxReceiveMessageLength} and
   *     {@code maximumConcurrentRpcs}
   * @return a new definition to add to a grpc-java server
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the service declares no methods or a method without a
   *     handler; if the options set what belongs to a server's ports ({@code handlers}, {@code
   *     maxMetadataSize}, {@code maxConcurrentStreams}, keepalive, connection idle time and age:
   *     set those on the grpc-java server's builder; {@code grpcInterceptors}: wrap the returned
   *     definition with {@code io.grpc.ServerInterceptors.intercept}), the message names them; if
   *     the default compression is {@code DEFLATE}, which grpc-java servers cannot send
   */
  public static ServerServiceDefinition bindService(
      ServiceRpcHandler service, ServerOptions options) {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(options, "options");
    return ExportedService.bind(service, options);
  }

  /**
   * Returns an executor that starts a new virtual thread (named {@code grpc-aio-virtual-N}) for
   * each task, where the JVM has virtual threads (Java 21 and later). The library targets Java 17
   * and looks {@code Thread.ofVirtual()} up once at run time, so this is empty on Java 17 to 20.
   * The executor has no lifecycle (nothing to shut down) and never rejects a task. Use it for
   * client code that blocks ({@code call.await()}, {@code blockingIterator()}): waiting there parks
   * a virtual thread without pinning its carrier. For servers, {@link
   * ServerOptions.Builder#virtualThreads()} is the one-line switch.
   *
   * <pre>{@code
   * Executor perTask = GrpcAio.virtualThreadExecutor().orElse(myPool); // a pool on Java 17
   * }</pre>
   *
   * @return the executor, or empty if the JVM has no virtual threads
   */
  public static Optional<Executor> virtualThreadExecutor() {
    return VirtualThreads.executor();
  }

  /**
   * Returns an executor that runs each task in the context of the code that submitted it: its
   * {@code io.grpc.Context} (so that a call made in the task inherits the deadline and cancellation
   * of the server RPC it was submitted from) and the values of the {@linkplain
   * ContextPropagator#registerGlobal global} propagators. What Python's {@code asyncio.create_task}
   * does with {@code contextvars}, for work you hand to an executor of your own inside a handler:
   * {@code supplyAsync(work, GrpcAio.contextExecutor(pool))}. The thread gets its own context back
   * after each task.
   *
   * @param delegate where the tasks run
   * @return the executor
   * @throws NullPointerException if {@code delegate} is null
   */
  public static Executor contextExecutor(Executor delegate) {
    return contextExecutor(delegate, ContextPropagator.globals());
  }

  /**
   * As {@link #contextExecutor(Executor)}, carrying the values of {@code propagators} instead of
   * the global ones.
   *
   * @param delegate where the tasks run
   * @param propagators the propagators whose values to carry, beside the {@code io.grpc.Context}
   * @return the executor
   * @throws NullPointerException if an argument or element is null
   */
  public static Executor contextExecutor(
      Executor delegate, List<? extends ContextPropagator<?>> propagators) {
    return RpcScope.propagating(delegate, List.copyOf(propagators));
  }

  /**
   * Creates the shared runtime (the default executor and timer) now rather than on first use, as
   * {@code init_grpc_aio()}. Idempotent.
   */
  public static void init() {
    AioRuntime.init();
  }

  /**
   * Shuts the shared runtime down, as {@code shutdown_grpc_aio()}. It does not wait, and what is
   * under way still ends as it would have: a close or stop in progress keeps its grace period,
   * which ends on time (the calls still running are then cancelled and the close or stop
   * completes), and a client interceptor chain still running keeps its deadline; the runtime's
   * timer thread ends once the last of these is over. Close channels and servers first: those still
   * using the default executor then run their work on a new thread per task (slow, but nothing is
   * lost and closing them still completes). Idempotent; a later channel or server re-creates the
   * runtime.
   */
  public static void shutdown() {
    AioRuntime.shutdown();
  }
}
