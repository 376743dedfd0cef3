package io.github.grpcaio.xds.it;

import com.google.protobuf.Any;
import com.google.protobuf.Duration;
import com.google.protobuf.UInt32Value;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.AggregatedConfigSource;
import io.envoyproxy.envoy.config.core.v3.ApiVersion;
import io.envoyproxy.envoy.config.core.v3.ConfigSource;
import io.envoyproxy.envoy.config.core.v3.Locality;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.Endpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import io.envoyproxy.envoy.config.listener.v3.ApiListener;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.NonForwardingAction;
import io.envoyproxy.envoy.config.route.v3.RetryPolicy;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.config.route.v3.WeightedCluster;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The xDS resources of the test's mesh, as a control plane would serve them: client listeners
 * ({@code xds:///name}) with their routes, EDS clusters on 127.0.0.1 ports, and the listener of the
 * xDS-managed server. Not thread-safe: the test thread builds it, then hands it to {@link
 * ControlPlane#update}.
 */
final class MeshConfig {

  /** The bootstrap's template of server listener names; {@code %s} is {@code 0.0.0.0:port}. */
  static final String SERVER_LISTENER_TEMPLATE = "grpc/server?xds.resource.listening_address=%s";

  private final Map<String, Listener> listeners = new LinkedHashMap<>();
  private final Map<String, Cluster> clusters = new LinkedHashMap<>();
  private final Map<String, ClusterLoadAssignment> endpoints = new LinkedHashMap<>();

  List<Listener> listeners() {
    return List.copyOf(listeners.values());
  }

  List<Cluster> clusters() {
    return List.copyOf(clusters.values());
  }

  List<ClusterLoadAssignment> endpoints() {
    return List.copyOf(endpoints.values());
  }

  /** Adds (or replaces) a round-robin cluster whose endpoints are 127.0.0.1 and {@code ports}. */
  MeshConfig cluster(String name, int... ports) {
    clusters.put(
        name,
        Cluster.newBuilder()
            .setName(name)
            .setType(Cluster.DiscoveryType.EDS)
            .setEdsClusterConfig(
                Cluster.EdsClusterConfig.newBuilder()
                    .setEdsConfig(
                        ConfigSource.newBuilder()
                            .setAds(AggregatedConfigSource.getDefaultInstance())
                            .setResourceApiVersion(ApiVersion.V3)))
            .setLbPolicy(Cluster.LbPolicy.ROUND_ROBIN)
            .build());
    LocalityLbEndpoints.Builder locality =
        LocalityLbEndpoints.newBuilder()
            .setLocality(Locality.newBuilder().setRegion("test").setZone("loopback"))
            .setLoadBalancingWeight(UInt32Value.of(1)); // grpc ignores a locality without one
    for (int port : ports) {
      locality.addLbEndpoints(
          LbEndpoint.newBuilder()
              .setEndpoint(Endpoint.newBuilder().setAddress(address("127.0.0.1", port))));
    }
    endpoints.put(
        name,
        ClusterLoadAssignment.newBuilder().setClusterName(name).addEndpoints(locality).build());
    return this;
  }

  /** Adds (or replaces) the client listener of {@code xds:///name}, its routes inline. */
  MeshConfig clientListener(String name, Route... routes) {
    RouteConfiguration routeConfig =
        RouteConfiguration.newBuilder()
            .setName(name + "-routes")
            .addVirtualHosts(
                VirtualHost.newBuilder()
                    .setName(name)
                    .addDomains("*")
                    .addAllRoutes(List.of(routes)))
            .build();
    listeners.put(
        name,
        Listener.newBuilder()
            .setName(name)
            .setApiListener(
                ApiListener.newBuilder().setApiListener(Any.pack(connectionManager(routeConfig))))
            .build());
    return this;
  }

  /**
   * Adds the listener of every xDS-managed server: grpc-java names a server's listener {@code
   * 0.0.0.0:port} whatever address it binds, and port 0 here stands for any port. Its one route
   * serves every RPC locally (a server's routes do not forward).
   */
  MeshConfig serverListener() {
    RouteConfiguration routeConfig =
        RouteConfiguration.newBuilder()
            .setName("server-routes")
            .addVirtualHosts(
                VirtualHost.newBuilder()
                    .setName("server")
                    .addDomains("*")
                    .addRoutes(
                        Route.newBuilder()
                            .setMatch(RouteMatch.newBuilder().setPrefix(""))
                            .setNonForwardingAction(NonForwardingAction.getDefaultInstance())))
            .build();
    String name = SERVER_LISTENER_TEMPLATE.replace("%s", "0.0.0.0:0");
    listeners.put(
        name,
        Listener.newBuilder()
            .setName(name)
            .setAddress(address("0.0.0.0", 0)) // a name to match, never bound
            .addFilterChains(
                FilterChain.newBuilder()
                    .setName("server-chain")
                    .addFilters(
                        Filter.newBuilder()
                            .setName("envoy.filters.network.http_connection_manager")
                            .setTypedConfig(Any.pack(connectionManager(routeConfig)))))
            .build());
    return this;
  }

  /** A route of the RPCs whose path starts with {@code prefix}. */
  static Route route(String prefix, RouteAction.Builder action) {
    return Route.newBuilder()
        .setMatch(RouteMatch.newBuilder().setPrefix(prefix))
        .setRoute(action)
        .build();
  }

  /** Sends every RPC to {@code cluster}. */
  static RouteAction.Builder toCluster(String cluster) {
    return RouteAction.newBuilder().setCluster(cluster);
  }

  /** Splits the RPCs between clusters by weight: name, weight, name, weight... */
  static RouteAction.Builder split(Object... namesAndWeights) {
    List<WeightedCluster.ClusterWeight> weights = new ArrayList<>();
    for (int i = 0; i < namesAndWeights.length; i += 2) {
      weights.add(
          WeightedCluster.ClusterWeight.newBuilder()
              .setName((String) namesAndWeights[i])
              .setWeight(UInt32Value.of((Integer) namesAndWeights[i + 1]))
              .build());
    }
    return RouteAction.newBuilder()
        .setWeightedClusters(WeightedCluster.newBuilder().addAllClusters(weights));
  }

  /** Ends every RPC of the route that has no earlier deadline after {@code millis}. */
  static RouteAction.Builder withTimeout(RouteAction.Builder action, long millis) {
    return action.setMaxStreamDuration(
        RouteAction.MaxStreamDuration.newBuilder().setMaxStreamDuration(millis(millis)));
  }

  /** Retries an RPC that fails with UNAVAILABLE, up to {@code retries} times. */
  static RouteAction.Builder withRetries(RouteAction.Builder action, int retries) {
    return action.setRetryPolicy(
        RetryPolicy.newBuilder()
            .setRetryOn("unavailable")
            .setNumRetries(UInt32Value.of(retries))
            .setRetryBackOff(
                RetryPolicy.RetryBackOff.newBuilder()
                    .setBaseInterval(millis(10))
                    .setMaxInterval(millis(50))));
  }

  private static HttpConnectionManager connectionManager(RouteConfiguration routes) {
    return HttpConnectionManager.newBuilder()
        .setRouteConfig(routes)
        .addHttpFilters(
            HttpFilter.newBuilder()
                .setName("envoy.filters.http.router")
                .setTypedConfig(Any.pack(Router.getDefaultInstance())))
        .build();
  }

  private static Address address(String host, int port) {
    return Address.newBuilder()
        .setSocketAddress(SocketAddress.newBuilder().setAddress(host).setPortValue(port))
        .build();
  }

  private static Duration millis(long millis) {
    return Duration.newBuilder()
        .setSeconds(millis / 1000)
        .setNanos((int) (millis % 1000) * 1_000_000)
        .build();
  }
}
