package io.github.grpcaio.core.internal;

import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.util.Version;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * gRPC's Unix domain socket addresses, as channel targets and as listen addresses: {@code
 * unix:path} (relative or absolute), {@code unix:///absolute/path} and {@code unix-abstract:name}
 * (Linux's abstract namespace: no file, no permissions). They run on Netty's native epoll
 * transport, as grpc-java runs them; it is an optional dependency ({@code
 * io.netty:netty-transport-native-epoll} with the platform's classifier), so every use first checks
 * that it is there and refuses with a message naming it when it is not.
 *
 * <p>Paths are read as grpc-java's {@code unix:} name resolver reads them (a URI: {@code %20} for a
 * space), so a server and a channel given the same text meet at the same socket.
 */
public final class UnixSockets {

  private static final String UNIX = "unix:";
  private static final String UNIX_ABSTRACT = "unix-abstract:";

  /** The file-type bits of {@code st_mode}, and their value for a socket. */
  private static final int S_IFMT = 0170000;

  private static final int S_IFSOCK = 0140000;

  /** The room for a path in {@code sockaddr_un}, its terminating NUL excluded. */
  private static final int MAX_PATH_BYTES = 107;

  private UnixSockets() {}

  /**
   * Returns whether a target or listen address has the {@code unix:} or {@code unix-abstract:}
   * scheme.
   *
   * @param text a channel target or a listen address
   */
  public static boolean handles(String text) {
    return startsWith(text, UNIX) || startsWith(text, UNIX_ABSTRACT);
  }

  /**
   * Returns whether a target or listen address has the {@code unix-abstract:} scheme, which
   * grpc-java has no name resolver for.
   *
   * @param text a channel target or a listen address
   */
  public static boolean isAbstract(String text) {
    return startsWith(text, UNIX_ABSTRACT);
  }

  /**
   * Parses a {@code unix:} or {@code unix-abstract:} target or address, and checks that the native
   * transport it needs is available.
   *
   * @param text a text that {@link #handles}
   * @param kind "target" or "address", for the messages
   * @return the socket address; an abstract name starts with a NUL, as Netty expects
   * @throws IllegalArgumentException if the text is malformed (the message says how) or the epoll
   *     transport is not available (the message names the cause and the artifact to add)
   */
  public static DomainSocketAddress parse(String text, String kind) {
    boolean isAbstract = isAbstract(text);
    String scheme = isAbstract ? UNIX_ABSTRACT : UNIX;
    String path;
    try {
      URI uri = new URI(text);
      if (uri.getAuthority() != null) {
        throw invalid(
            text,
            kind,
            "a "
                + scheme
                + " "
                + kind
                + " takes no authority; an absolute path is written "
                + scheme
                + "/path or "
                + scheme
                + "///path");
      }
      path = uri.getPath() != null ? uri.getPath() : uri.getSchemeSpecificPart();
    } catch (URISyntaxException e) {
      throw invalid(
          text,
          kind,
          "not a valid URI (" + e.getReason() + "); percent-encode it, %20 for a space");
    }
    if (path == null || path.isEmpty()) {
      throw invalid(text, kind, "no " + (isAbstract ? "name" : "path") + " after '" + scheme + "'");
    }
    int bytes = path.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_PATH_BYTES) {
      throw invalid(
          text,
          kind,
          (isAbstract ? "the name" : "the path")
              + " has "
              + bytes
              + " bytes; a Unix socket address holds at most "
              + MAX_PATH_BYTES);
    }
    checkAvailable(text);
    return new DomainSocketAddress(isAbstract ? "\0" + path : path);
  }

  /**
   * The URI gRPC gives a Unix socket peer: {@code unix:path}, {@code unix-abstract:name}, or {@code
   * unix:} for an unnamed socket (a client's, seen by the server).
   *
   * @param address a socket address, or null for an unnamed one
   */
  public static String uri(DomainSocketAddress address) {
    String path = address == null ? "" : address.path();
    return path.startsWith("\0") ? UNIX_ABSTRACT + path.substring(1) : UNIX + path;
  }

  /**
   * Puts a Netty channel builder on the epoll domain-socket transport.
   *
   * @param builder a builder for a target that {@link #parse} accepted
   * @return {@code builder}
   */
  public static NettyChannelBuilder forChannel(NettyChannelBuilder builder) {
    return builder
        .channelType(EpollDomainSocketChannel.class, DomainSocketAddress.class)
        .eventLoopGroup(EpollTransport.GROUP);
  }

  /**
   * Puts a Netty server builder that listens on a Unix socket on the epoll domain-socket transport;
   * a builder for a TCP address is left alone. Netty's bind removes whatever file is at the path;
   * as gRPC, which removes only a socket (one left by a process that ended without closing it),
   * this refuses a path where another kind of file is.
   *
   * @param builder a builder for {@code address}, about to be bound
   * @param address the address it listens on, one {@link #parse} returned or a TCP one
   * @param text the address as given, for the message
   * @return {@code builder}
   * @throws UncheckedIOException ("Failed to bind to address ...") if a file that is not a socket
   *     is at the path
   */
  public static NettyServerBuilder forServer(
      NettyServerBuilder builder, SocketAddress address, String text) {
    if (!(address instanceof DomainSocketAddress unix)) {
      return builder;
    }
    if (!unix.path().startsWith("\0") && isOtherThanSocket(Path.of(unix.path()))) {
      throw new UncheckedIOException(
          "Failed to bind to address " + text,
          new FileAlreadyExistsException(unix.path(), null, "a file that is not a socket"));
    }
    return builder
        .channelType(EpollServerDomainSocketChannel.class)
        .bossEventLoopGroup(EpollTransport.GROUP)
        .workerEventLoopGroup(EpollTransport.GROUP);
  }

  /** Whether a file that is not a socket is at {@code path} (following links, as gRPC does). */
  private static boolean isOtherThanSocket(Path path) {
    try {
      return Files.getAttribute(path, "unix:mode") instanceof Integer mode
          && (mode & S_IFMT) != S_IFSOCK;
    } catch (IOException | UnsupportedOperationException e) {
      return false; // nothing there, or no way to tell: leave it to the bind
    }
  }

  /**
   * Checks that the epoll transport is available.
   *
   * @throws IllegalArgumentException naming the cause and the artifact to add, if it is not
   */
  private static void checkAvailable(String text) {
    String problem = Availability.PROBLEM;
    if (problem != null) {
      throw new IllegalArgumentException(
          "Cannot use '"
              + text
              + "': Unix domain sockets need Netty's native epoll transport (Linux), which is not"
              + " available: "
              + problem
              + ". Add io.netty:netty-transport-native-epoll:"
              + nettyVersion()
              + " with the classifier of this platform (linux-x86_64 or linux-aarch_64)");
    }
  }

  private static String nettyVersion() {
    Version transport = Version.identify().get("netty-transport");
    return transport == null ? "<the version of Netty>" : transport.artifactVersion();
  }

  private static boolean startsWith(String text, String prefix) {
    return text.regionMatches(true, 0, prefix, 0, prefix.length());
  }

  private static IllegalArgumentException invalid(String text, String kind, String why) {
    return new IllegalArgumentException(
        "Invalid " + kind.toLowerCase(Locale.ROOT) + " '" + text + "': " + why);
  }

  /** Whether the epoll transport can be used, found out once. */
  private static final class Availability {

    /** Why it cannot, or null when it can. Immutable once the class is initialized. */
    static final String PROBLEM = probe();

    private static String probe() {
      try {
        Class.forName("io.netty.channel.epoll.Epoll", false, UnixSockets.class.getClassLoader());
      } catch (ClassNotFoundException | LinkageError e) {
        return "io.netty.channel.epoll.Epoll is not on the class path";
      }
      if (Epoll.isAvailable()) { // Epoll is there: loading it now is safe
        return null;
      }
      Throwable cause = Epoll.unavailabilityCause();
      return cause == null ? "Epoll.isAvailable() is false" : String.valueOf(cause);
    }
  }

  /** The epoll event loops, initialized only once {@link Availability} found epoll usable. */
  private static final class EpollTransport {

    /**
     * Every Unix socket channel's and server's event loops (Netty's default count), created on
     * first use and kept for the JVM's life: grpc-java shares its own epoll group only inside its
     * package. Daemon threads, so it never keeps a JVM alive; thread-safe, as every Netty group.
     */
    static final EventLoopGroup GROUP =
        new MultiThreadIoEventLoopGroup(
            0, new DefaultThreadFactory("grpc-aio-uds", true), EpollIoHandler.newFactory());
  }
}
