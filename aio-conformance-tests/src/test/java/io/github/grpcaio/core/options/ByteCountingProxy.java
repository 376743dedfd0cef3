package io.github.grpcaio.core.options;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback TCP proxy that forwards bytes both ways and counts them: what really went over the
 * wire, to see compression.
 */
final class ByteCountingProxy implements AutoCloseable {

  final AtomicLong toServer = new AtomicLong();
  final AtomicLong toClient = new AtomicLong();

  /** While set, bytes from the client are dropped: the server hears nothing, not even acks. */
  volatile boolean dropToServer;

  /** While set, bytes from the server are dropped: the client hears nothing, not even acks. */
  volatile boolean dropToClient;

  private final ServerSocket listener;
  private final int targetPort;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();

  ByteCountingProxy(int targetPort) throws IOException {
    this.targetPort = targetPort;
    this.listener = new ServerSocket();
    listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    Thread accept = new Thread(this::acceptLoop, "proxy-accept");
    accept.setDaemon(true);
    accept.start();
  }

  int port() {
    return listener.getLocalPort();
  }

  private void acceptLoop() {
    try {
      while (true) {
        Socket client = listener.accept();
        Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        sockets.add(client);
        sockets.add(server);
        pump(client, server, toServer, () -> dropToServer);
        pump(server, client, toClient, () -> dropToClient);
      }
    } catch (IOException e) {
      // closed
    }
  }

  private static void pump(
      Socket from, Socket to, AtomicLong count, java.util.function.BooleanSupplier drop) {
    Thread t =
        new Thread(
            () -> {
              byte[] buf = new byte[16 * 1024];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                  count.addAndGet(n);
                  if (!drop.getAsBoolean()) {
                    out.write(buf, 0, n);
                    out.flush();
                  }
                }
              } catch (IOException e) {
                // one side closed
              } finally {
                try {
                  to.close();
                  from.close();
                } catch (IOException ignored) {
                  // closing anyway
                }
              }
            },
            "proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() throws IOException {
    listener.close();
    for (Socket s : sockets) {
      s.close();
    }
  }
}
