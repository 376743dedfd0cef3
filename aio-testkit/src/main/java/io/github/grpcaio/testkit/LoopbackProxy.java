package io.github.grpcaio.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on {@code 127.0.0.1} in front of a server on the same host, to put network faults
 * between a channel and a server: connect the channel to {@link #target()} instead of the server.
 *
 * <pre>{@code
 * try (LoopbackProxy proxy = LoopbackProxy.start(serverPort)) {
 *   Channel channel = GrpcAio.insecureChannel(proxy.target());
 *   ...
 *   proxy.stall();             // a black hole: nothing gets through, nothing is closed
 *   proxy.resume();            // what was held back flows again
 *   proxy.dropConnections();   // every connection reset now, as by a crashed middlebox
 *   proxy.stopListening();     // connections reset and new ones refused: the server is "down"
 *   proxy.startListening();    // back, on the same port
 * }
 * }</pre>
 *
 * <p>Each accepted connection opens one to the server and gets two threads ({@code
 * loopback-proxy-...}) copying bytes each way; while {@link #stall() stalled} they hold what they
 * read (and any end of stream) until {@link #resume()}, so the peers see silence, not an error.
 *
 * <p>Thread-safe; no method blocks for long. {@link #close()} ends every thread of the proxy before
 * it returns (within a bound).
 */
public final class LoopbackProxy implements AutoCloseable {

  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  private static final long JOIN_MILLIS = 5000;

  private final int targetPort;
  private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
  private final List<Thread> threads = new ArrayList<>(); // guarded by this
  private final AtomicInteger accepted = new AtomicInteger();
  private final AtomicLong toServer = new AtomicLong();
  private final AtomicLong toClient = new AtomicLong();
  private final Object gate = new Object();
  private boolean stalled; // guarded by gate
  private boolean closed; // guarded by gate

  // Guarded by this.
  private ServerSocket listener;
  private Thread acceptor; // the thread accepting on listener
  private int port;

  private LoopbackProxy(int targetPort) {
    this.targetPort = targetPort;
  }

  /**
   * Starts a proxy listening on a free port of {@code 127.0.0.1}, forwarding to {@code
   * 127.0.0.1:targetPort}.
   *
   * @param targetPort the server's port
   * @throws UncheckedIOException if no port can be bound
   * @throws IllegalArgumentException if {@code targetPort} is not a valid port
   */
  public static LoopbackProxy start(int targetPort) {
    if (targetPort <= 0 || targetPort > 65535) {
      throw new IllegalArgumentException("Not a port: " + targetPort);
    }
    LoopbackProxy proxy = new LoopbackProxy(targetPort);
    proxy.listen(0);
    return proxy;
  }

  /** Returns the port the proxy listens on; the same after {@link #startListening()}. */
  public synchronized int port() {
    return port;
  }

  /** Returns the target for channels: {@code 127.0.0.1:<port>}. */
  public String target() {
    return "127.0.0.1:" + port();
  }

  /**
   * Returns how many connections the proxy has accepted since it started, for example to see a
   * channel reconnect.
   */
  public int acceptedConnections() {
    return accepted.get();
  }

  /**
   * Returns how many bytes went from clients to the server so far (what really crossed the wire,
   * for example to see compression).
   */
  public long bytesToServer() {
    return toServer.get();
  }

  /** Returns how many bytes went from the server to clients so far. */
  public long bytesToClient() {
    return toClient.get();
  }

  /** Returns how many connections are open now. */
  public int openConnections() {
    return connections.size();
  }

  /** Stops forwarding: bytes (and ends of stream) are held until {@link #resume()}. Idempotent. */
  public void stall() {
    synchronized (gate) {
      stalled = true;
    }
  }

  /** Forwards again, what was held back first. Idempotent. */
  public void resume() {
    synchronized (gate) {
      stalled = false;
      gate.notifyAll();
    }
  }

  /**
   * Resets every open connection (both sides get a TCP reset); new connections are accepted as
   * before.
   */
  public void dropConnections() {
    for (Connection c : connections) {
      c.reset();
    }
  }

  /**
   * Stops accepting (connecting to the proxy is refused) and resets every open connection. Does
   * nothing if not listening.
   */
  public void stopListening() {
    Thread accepting;
    synchronized (this) {
      if (listener != null) {
        closeQuietly(listener);
        listener = null;
      }
      accepting = acceptor;
      acceptor = null;
    }
    // The kernel keeps a socket listening while a thread is still inside accept() on it, even
    // after close() returned: the port is only refused once that thread has left accept().
    join(accepting);
    dropConnections();
  }

  /**
   * Listens again on the same port after {@link #stopListening()}. Does nothing if listening.
   *
   * @throws UncheckedIOException if the port cannot be bound again
   * @throws IllegalStateException if the proxy was closed
   */
  public void startListening() {
    synchronized (gate) {
      if (closed) {
        throw new IllegalStateException("The proxy is closed");
      }
    }
    synchronized (this) {
      if (listener == null) {
        listen(port);
      }
    }
  }

  /**
   * Stops listening, resets every connection and waits (at most 5 seconds per thread) for the
   * proxy's threads to end. Idempotent.
   */
  @Override
  public void close() {
    synchronized (gate) {
      closed = true;
      gate.notifyAll();
    }
    stopListening();
    List<Thread> all;
    synchronized (this) {
      all = new ArrayList<>(threads);
    }
    for (Thread t : all) {
      join(t);
    }
  }

  @Override
  public String toString() {
    return "LoopbackProxy[" + target() + " -> 127.0.0.1:" + targetPort + "]";
  }

  private synchronized void listen(int onPort) {
    ServerSocket socket;
    try {
      socket = new ServerSocket();
      socket.setReuseAddress(true); // the port comes back at once after stopListening()
      socket.bind(new InetSocketAddress(LOOPBACK, onPort));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot listen on 127.0.0.1:" + onPort, e);
    }
    listener = socket;
    port = socket.getLocalPort();
    acceptor = spawn("loopback-proxy-accept-" + port, () -> acceptLoop(socket));
  }

  private void acceptLoop(ServerSocket socket) {
    while (true) {
      Socket client;
      try {
        client = socket.accept();
      } catch (IOException e) {
        return; // stopListening() or close()
      }
      Socket server;
      try {
        server = new Socket(LOOPBACK, targetPort);
      } catch (IOException e) {
        closeQuietly(client); // the server is down: so is the connection
        continue;
      }
      accepted.incrementAndGet();
      Connection c = new Connection(client, server);
      connections.add(c);
      // stopListening() may have run its reset pass while this connection was being made; it
      // clears the listener before that pass, so either it saw this connection or we see it here.
      boolean stillListening;
      synchronized (this) {
        stillListening = listener == socket;
      }
      synchronized (gate) {
        if (closed || !stillListening) {
          c.reset();
          connections.remove(c); // its pumps never start, so they cannot remove it
          return; // this listener is closed: nothing more to accept on it
        }
      }
      c.start();
    }
  }

  private synchronized Thread spawn(String name, Runnable task) {
    threads.removeIf(t -> !t.isAlive());
    Thread t = new Thread(task, name);
    t.setDaemon(true);
    threads.add(t);
    t.start();
    return t;
  }

  /** Waits (at most 5 seconds) for a thread of the proxy to end. Call without holding a lock. */
  private static void join(Thread thread) {
    if (thread == null || thread == Thread.currentThread()) {
      return;
    }
    try {
      thread.join(JOIN_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Blocks while stalled; returns false once the proxy is closed or the connection was reset. */
  private boolean awaitOpen(Connection c) throws InterruptedException {
    synchronized (gate) {
      while (stalled && !closed && !c.wasReset) {
        gate.wait();
      }
      return !closed && !c.wasReset;
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception ignored) {
      // closing anyway
    }
  }

  /** One proxied connection: the client's socket, the server's, and a pump each way. */
  private final class Connection {
    private final Socket client;
    private final Socket server;
    private final AtomicInteger pumps = new AtomicInteger(2);
    private boolean wasReset; // guarded by gate

    Connection(Socket client, Socket server) {
      this.client = client;
      this.server = server;
    }

    void start() {
      String name = "loopback-proxy-" + client.getPort();
      spawn(name + "-up", () -> pump(client, server, toServer));
      spawn(name + "-down", () -> pump(server, client, toClient));
    }

    private void pump(Socket from, Socket to, AtomicLong count) {
      byte[] buffer = new byte[16 * 1024];
      try {
        InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream();
        int n;
        while ((n = in.read(buffer)) >= 0) {
          if (!awaitOpen(this)) {
            return;
          }
          out.write(buffer, 0, n);
          out.flush();
          count.addAndGet(n);
        }
        if (awaitOpen(this)) {
          to.shutdownOutput(); // pass the end of stream on
        }
      } catch (IOException | InterruptedException e) {
        reset(); // a reset on one side is a reset on both
      } finally {
        if (pumps.decrementAndGet() == 0) {
          closeQuietly(client);
          closeQuietly(server);
          connections.remove(this);
        }
      }
    }

    void reset() {
      synchronized (gate) {
        wasReset = true;
        gate.notifyAll(); // a pump held by a stall lets go
      }
      for (Socket s : new Socket[] {client, server}) {
        try {
          s.setSoLinger(true, 0); // close with RST, not FIN
        } catch (SocketException ignored) {
          // already closed
        }
        closeQuietly(s);
      }
    }
  }
}
