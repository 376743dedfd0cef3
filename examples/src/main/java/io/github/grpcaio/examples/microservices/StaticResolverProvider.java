package io.github.grpcaio.examples.microservices;

import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;
import io.grpc.NameResolverProvider;
import io.grpc.NameResolverRegistry;
import io.grpc.StatusOr;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A fixed list of addresses as a channel target: {@code static:///127.0.0.1:50051,127.0.0.1:50052}.
 * grpc-java resolves {@code dns:///host:port} to every address of one host on one port, but has no
 * built-in scheme for several ports; this resolver hands all the listed addresses to the load
 * balancer, so that {@code round_robin} spreads calls over several service-1 instances on one
 * machine. Hosts are names or IPv4 addresses; the channel's authority (what TLS checks the server's
 * certificate against) is {@code localhost}.
 *
 * <p>Register it once per JVM with {@link #register()}; grpc-java then asks it for every target
 * with the scheme {@code static}.
 */
public final class StaticResolverProvider extends NameResolverProvider {

  /** The target scheme. */
  public static final String SCHEME = "static";

  private static final StaticResolverProvider INSTANCE = new StaticResolverProvider();

  private StaticResolverProvider() {}

  /**
   * Registers the provider in grpc-java's default registry; calling again does nothing.
   *
   * @return the target prefix, {@code "static:///"}
   */
  public static synchronized String register() {
    if (NameResolverRegistry.getDefaultRegistry().getProviderForScheme(SCHEME) == null) {
      NameResolverRegistry.getDefaultRegistry().register(INSTANCE);
    }
    return SCHEME + ":///";
  }

  /**
   * Returns the target for several ports of {@code 127.0.0.1}, registering the provider first.
   *
   * @param ports the ports
   * @return {@code static:///127.0.0.1:P1,127.0.0.1:P2,...}
   */
  public static String loopbackTarget(Collection<Integer> ports) {
    return register()
        + ports.stream().map(port -> "127.0.0.1:" + port).collect(Collectors.joining(","));
  }

  @Override
  protected boolean isAvailable() {
    return true;
  }

  @Override
  protected int priority() {
    return 5; // the middle of grpc-java's 0-10; only this provider has the scheme anyway
  }

  @Override
  public String getDefaultScheme() {
    return SCHEME;
  }

  @Override
  public Collection<Class<? extends SocketAddress>> getProducedSocketAddressTypes() {
    return Set.of(InetSocketAddress.class);
  }

  @Override
  public NameResolver newNameResolver(URI targetUri, NameResolver.Args args) {
    if (!SCHEME.equals(targetUri.getScheme())) {
      return null; // not ours
    }
    String path = targetUri.getPath();
    if (path == null || path.length() < 2) {
      throw new IllegalArgumentException("No addresses in " + targetUri);
    }
    List<EquivalentAddressGroup> groups = new ArrayList<>();
    for (String hostPort : path.substring(1).split(",")) {
      int colon = hostPort.lastIndexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException("Not host:port: '" + hostPort + "' in " + targetUri);
      }
      int port = Integer.parseInt(hostPort.substring(colon + 1));
      groups.add(
          new EquivalentAddressGroup(new InetSocketAddress(hostPort.substring(0, colon), port)));
    }
    return new FixedResolver(List.copyOf(groups));
  }

  /** Reports the same addresses once; nothing to refresh. */
  private static final class FixedResolver extends NameResolver {
    private final List<EquivalentAddressGroup> addresses;

    FixedResolver(List<EquivalentAddressGroup> addresses) {
      this.addresses = addresses;
    }

    @Override
    public String getServiceAuthority() {
      return "localhost";
    }

    @Override
    public void start(Listener2 listener) {
      listener.onResult(
          ResolutionResult.newBuilder().setAddressesOrError(StatusOr.fromValue(addresses)).build());
    }

    @Override
    public void shutdown() {}
  }
}
