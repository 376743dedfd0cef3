package io.github.grpcaio.services.health;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.github.grpcaio.RpcMethodHandler;
import io.github.grpcaio.Server;
import io.github.grpcaio.ServerListener;
import io.github.grpcaio.ServiceRpcHandler;
import io.github.grpcaio.ServicerContext;
import io.github.grpcaio.StatusCode;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * The {@code grpc.health.v1.Health} service for an aio server, as Python's {@code
 * grpc_health.v1.health.aio.HealthServicer}: a status per service name, {@code ""} being the whole
 * server's, answered by {@code Check} and streamed by {@code Watch}.
 *
 * <p>{@code Watch} sends the current status, then each change. It is backpressured without a queue:
 * while flow control holds the stream back (a client that reads slowly), only the newest status
 * waits to be sent, never a backlog of old ones; a status set back before it was sent is not sent.
 * A service without a status is reported as {@code SERVICE_UNKNOWN} (and {@code Check} answers
 * {@code NOT_FOUND}).
 *
 * <pre>{@code
 * HealthServicer health = HealthServicer.enable(server); // before server.start()
 * health.set("helloworld.Greeter", ServingStatus.NOT_SERVING);
 * }</pre>
 *
 * <p>Thread-safe: {@link #set} and {@link #enterGracefulShutdown} may be called from any thread;
 * watchers are signalled on the calling thread or on the thread of the server that reads their
 * stream, never under a lock.
 */
public final class HealthServicer {

  /** The service name, {@code "grpc.health.v1.Health"}. */
  public static final String SERVICE_NAME = HealthGrpc.SERVICE_NAME;

  private final Object lock = new Object();

  @GuardedBy("lock")
  private final Map<String, ServingStatus> statuses = new HashMap<>();

  /** The open Watch streams by service name. */
  @GuardedBy("lock")
  private final Map<String, Set<LatestValuePublisher<HealthCheckResponse>>> watchers =
      new HashMap<>();

  @GuardedBy("lock")
  private boolean shuttingDown;

  /**
   * Creates a servicer where the server as a whole ({@code ""}) is {@code SERVING}, as Python's.
   */
  public HealthServicer() {
    synchronized (lock) {
      statuses.put("", ServingStatus.SERVING);
    }
  }

  /**
   * Creates a servicer, adds it to {@code server} and ties it to the server's lifecycle: the whole
   * server ({@code ""}) is {@code SERVING} from the start, and when the server starts, every
   * service in {@link Server#serviceNames()} at that moment whose status was not set yet becomes
   * {@code SERVING} (a status set before {@code start()}, such as {@code NOT_SERVING} while a
   * service warms up, stays until set again); the moment {@link Server#stop} begins, before the
   * ports close, everything becomes {@code NOT_SERVING} for good ({@link #enterGracefulShutdown}),
   * so watchers learn it while in-flight RPCs still run within the grace. Call it before {@code
   * start()}. Open {@code Watch} streams are in-flight RPCs: a stop with a grace waits for them
   * until the grace ends, as Python's server does.
   *
   * @param server the server, not started
   * @return the servicer, to set statuses later
   * @throws NullPointerException if {@code server} is null
   * @throws io.github.grpcaio.UsageError if the server was stopped
   * @throws IllegalArgumentException if the server already serves {@value #SERVICE_NAME}
   */
  public static HealthServicer enable(Server server) {
    Objects.requireNonNull(server, "server");
    HealthServicer servicer = new HealthServicer();
    server.addGenericRpcHandlers(servicer.handler());
    server.addListener(
        new ServerListener() {
          @Override
          public void started(Server s) {
            for (String name : s.serviceNames()) {
              servicer.serveUnlessSet(name);
            }
          }

          @Override
          public void stopping(Server s) {
            servicer.enterGracefulShutdown();
          }
        });
    return servicer;
  }

  /**
   * Returns the handler serving this servicer's {@code Check} and {@code Watch}, with the service's
   * descriptor (so reflection describes it). Each call returns a new handler of the same servicer.
   *
   * @return the handler, to pass to {@code Server.addGenericRpcHandlers}
   */
  public ServiceRpcHandler handler() {
    Map<String, RpcMethodHandler<?, ?>> methods = new LinkedHashMap<>();
    methods.put("Check", RpcMethodHandler.unaryUnary(HealthGrpc.getCheckMethod(), this::check));
    methods.put("Watch", RpcMethodHandler.unaryStream(HealthGrpc.getWatchMethod(), this::watch));
    return ServiceRpcHandler.of(HealthGrpc.getServiceDescriptor(), methods);
  }

  /**
   * Sets the status of {@code service} ({@code ""} for the whole server), as Python's {@code
   * set(service, status)}, and sends it to its watchers. Ignored after {@link
   * #enterGracefulShutdown}. Runs watchers' signals on the calling thread when they have demand.
   *
   * @param service the fully qualified service name, or {@code ""}
   * @param status the status
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code status} is {@code UNRECOGNIZED}
   */
  public void set(String service, ServingStatus status) {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(status, "status");
    if (status == ServingStatus.UNRECOGNIZED) {
      throw new IllegalArgumentException("UNRECOGNIZED is not a status to set");
    }
    put(service, status, false);
  }

  /** Sets {@code service} to {@code SERVING} unless it has a status already. */
  private void serveUnlessSet(String service) {
    put(service, ServingStatus.SERVING, true);
  }

  /**
   * Records {@code status} for {@code service} (unless shutting down, or {@code keepSet} and it has
   * one) and signals its watchers, outside the lock.
   */
  private void put(String service, ServingStatus status, boolean keepSet) {
    List<LatestValuePublisher<HealthCheckResponse>> toSignal;
    synchronized (lock) {
      if (shuttingDown || (keepSet && statuses.containsKey(service))) {
        return;
      }
      statuses.put(service, status);
      toSignal = new ArrayList<>(watchers.getOrDefault(service, Set.of()));
    }
    toSignal.forEach(LatestValuePublisher::changed);
  }

  /**
   * Sets every known service ({@code ""} included) to {@code NOT_SERVING} for good: later {@link
   * #set} calls are ignored, as Python's {@code enter_graceful_shutdown()}. Idempotent.
   */
  public void enterGracefulShutdown() {
    List<LatestValuePublisher<HealthCheckResponse>> toSignal = new ArrayList<>();
    synchronized (lock) {
      if (shuttingDown) {
        return;
      }
      shuttingDown = true;
      statuses.replaceAll((service, status) -> ServingStatus.NOT_SERVING);
      for (String service : statuses.keySet()) {
        toSignal.addAll(watchers.getOrDefault(service, Set.of()));
      }
    }
    toSignal.forEach(LatestValuePublisher::changed);
  }

  private ServingStatus status(String service) {
    synchronized (lock) {
      return statuses.get(service);
    }
  }

  private CompletionStage<HealthCheckResponse> check(
      HealthCheckRequest request,
      ServicerContext<HealthCheckRequest, HealthCheckResponse> context) {
    ServingStatus status = status(request.getService());
    if (status == null) {
      throw context.abort(StatusCode.NOT_FOUND, "unknown service");
    }
    return CompletableFuture.completedFuture(
        HealthCheckResponse.newBuilder().setStatus(status).build());
  }

  private Flow.Publisher<HealthCheckResponse> watch(
      HealthCheckRequest request,
      ServicerContext<HealthCheckRequest, HealthCheckResponse> context) {
    String service = request.getService();
    return new LatestValuePublisher<>(
        last -> {
          ServingStatus status = status(service);
          ServingStatus now = status == null ? ServingStatus.SERVICE_UNKNOWN : status;
          return last != null && last.getStatus() == now
              ? null
              : HealthCheckResponse.newBuilder().setStatus(now).build();
        },
        publisher -> {
          synchronized (lock) {
            watchers.computeIfAbsent(service, s -> new LinkedHashSet<>()).add(publisher);
          }
        },
        publisher -> {
          synchronized (lock) {
            Set<LatestValuePublisher<HealthCheckResponse>> set = watchers.get(service);
            if (set != null && set.remove(publisher) && set.isEmpty()) {
              watchers.remove(service);
            }
          }
        });
  }
}
