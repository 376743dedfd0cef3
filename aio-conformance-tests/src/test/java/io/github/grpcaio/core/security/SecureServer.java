package io.github.grpcaio.core.security;

import static io.github.grpcaio.testkit.Utf8.DESERIALIZER;
import static io.github.grpcaio.testkit.Utf8.SERIALIZER;

import io.github.grpcaio.Channel;
import io.github.grpcaio.ChannelCredentials;
import io.github.grpcaio.ChannelOptions;
import io.github.grpcaio.Metadata;
import io.github.grpcaio.RpcMethodHandler;
import io.github.grpcaio.Server;
import io.github.grpcaio.ServerCredentials;
import io.github.grpcaio.ServerOptions;
import io.github.grpcaio.ServiceRpcHandler;
import io.github.grpcaio.UnaryUnaryMultiCallable;
import io.github.grpcaio.core.GrpcAio;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.TestCertificates;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A started Netty server on 127.0.0.1 with one secure port and an echo method that records what its
 * {@code ServicerContext} says about the caller; closing it closes the channels opened through it
 * and stops the server, every wait bounded.
 */
final class SecureServer implements AutoCloseable {

  static final String ECHO = "/test.Secure/Echo";

  /** What the handler saw of one call. */
  record Seen(
      List<byte[]> identities,
      Optional<String> identityKey,
      Map<String, List<byte[]>> authContext,
      Metadata metadata) {

    List<String> identityStrings() {
      return strings(identities);
    }

    List<String> auth(String key) {
      return strings(authContext.getOrDefault(key, List.of()));
    }
  }

  final Server server;
  final int port;
  final BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
  private final List<Channel> channels = new ArrayList<>();

  private SecureServer(ServerCredentials credentials, String address, ServerOptions options) {
    server = GrpcAio.server(options);
    server.addGenericRpcHandlers(
        ServiceRpcHandler.of(
            "test.Secure",
            Map.of(
                "Echo",
                RpcMethodHandler.<String, String>unaryUnary(
                    (request, context) -> {
                      seen.add(
                          new Seen(
                              context.peerIdentities(),
                              context.peerIdentityKey(),
                              context.authContext(),
                              context.invocationMetadata()));
                      return CompletableFuture.completedFuture(request);
                    },
                    DESERIALIZER,
                    SERIALIZER))));
    port = server.addSecurePort(address, credentials);
    Await.result(server.start());
  }

  static SecureServer start(ServerCredentials credentials) {
    return start(credentials, ServerOptions.DEFAULT);
  }

  static SecureServer start(ServerCredentials credentials, ServerOptions options) {
    return new SecureServer(credentials, "127.0.0.1:0", options);
  }

  /** A TLS server presenting {@code identity}, not asking for client certificates. */
  static SecureServer tls(TestCertificates identity) {
    return tls(identity, ServerOptions.DEFAULT);
  }

  /** A TLS server presenting {@code identity}, with {@code options}. */
  static SecureServer tls(TestCertificates identity, ServerOptions options) {
    return start(
        ServerCredentials.ssl(
            List.of(
                new ServerCredentials.KeyCertificatePair(
                    identity.privateKeyPem(), identity.certificatePem())),
            null,
            false),
        options);
  }

  /** A TLS server presenting {@code identity} and requiring a client certificate of {@code ca}. */
  static SecureServer mutualTls(TestCertificates identity, TestCertificates ca) {
    return start(
        ServerCredentials.ssl(
            List.of(
                new ServerCredentials.KeyCertificatePair(
                    identity.privateKeyPem(), identity.certificatePem())),
            ca.certificatePem(),
            true));
  }

  Channel channel(String host, ChannelCredentials credentials) {
    return channel(host, credentials, ChannelOptions.DEFAULT);
  }

  Channel channel(String host, ChannelCredentials credentials, ChannelOptions options) {
    Channel channel = GrpcAio.secureChannel(host + ":" + port, credentials, options);
    channels.add(channel);
    return channel;
  }

  static UnaryUnaryMultiCallable<String, String> echo(Channel channel) {
    return channel.unaryUnary(ECHO, SERIALIZER, DESERIALIZER);
  }

  /** The next call the handler saw. */
  Seen nextSeen() throws InterruptedException {
    return Await.next(seen, "the handler's call");
  }

  /** The first exception of {@code type} in the cause chain of {@code error}, or null. */
  static <T extends Throwable> T causeOf(Throwable error, Class<T> type) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  static List<String> strings(List<byte[]> values) {
    return values.stream().map(v -> new String(v, StandardCharsets.UTF_8)).toList();
  }

  @Override
  public void close() {
    try {
      for (Channel c : channels) {
        c.closeAsync(Duration.ZERO).get(Await.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
      server.stop(null).get(Await.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new AssertionError("Closing did not complete within " + Await.TIMEOUT, e);
    }
  }
}
