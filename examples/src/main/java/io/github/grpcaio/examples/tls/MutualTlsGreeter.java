package io.github.grpcaio.examples.tls;

import static java.util.concurrent.TimeUnit.SECONDS;

import io.github.grpcaio.AioRpcError;
import io.github.grpcaio.Channel;
import io.github.grpcaio.ChannelCredentials;
import io.github.grpcaio.Server;
import io.github.grpcaio.ServerCredentials;
import io.github.grpcaio.ServicerContext;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.core.GrpcAio;
import io.github.grpcaio.examples.hello.GreeterAio;
import io.github.grpcaio.examples.hello.HelloReply;
import io.github.grpcaio.examples.hello.HelloRequest;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * Two services talking over mutual TLS, as Python's {@code grpc.ssl_server_credentials(...,
 * require_client_auth=True)} and {@code grpc.ssl_channel_credentials(root, key, chain)}: a
 * certificate authority, made at start-up, issues a certificate to the {@code helloworld.Greeter}
 * server and one to its client. The server accepts only clients with a certificate of that
 * authority, and greets each by the identity in it ({@code context.peerIdentities()}). A client
 * without a certificate is refused during the handshake, before any handler runs.
 *
 * <pre>
 * mvn -B -q -pl examples -am compile exec:java -Dexec.mainClass=io.github.grpcaio.examples.tls.MutualTlsGreeter
 * </pre>
 */
public final class MutualTlsGreeter {

  /**
   * What happened.
   *
   * @param reply the reply the client with a certificate received
   * @param refused the status of the client without a certificate
   */
  public record Result(String reply, StatusCode refused) {}

  private MutualTlsGreeter() {}

  /**
   * Runs the example.
   *
   * @param args ignored
   * @throws Exception if an RPC fails or takes too long
   */
  public static void main(String[] args) throws Exception {
    try {
      run(System.out);
    } finally {
      GrpcAio.shutdown();
    }
  }

  /** Greets the caller by the identity its certificate proves. */
  static final class IdentifyingGreeter implements GreeterAio.Servicer {
    @Override
    public CompletionStage<HelloReply> sayHello(
        HelloRequest request, ServicerContext<HelloRequest, HelloReply> context) {
      List<String> identities =
          context.peerIdentities().stream()
              .map(b -> new String(b, StandardCharsets.UTF_8))
              .toList();
      String key = context.peerIdentityKey().orElse("none");
      return CompletableFuture.completedFuture(
          HelloReply.newBuilder()
              .setMessage(
                  "Hello, "
                      + request.getName()
                      + "! Your certificate says "
                      + identities
                      + " ("
                      + key
                      + ")")
              .build());
    }
  }

  /**
   * Makes the certificates, runs the server and two clients.
   *
   * @param out where to print what happens
   * @return what the clients saw
   * @throws Exception if an RPC fails unexpectedly or takes too long
   */
  public static Result run(PrintStream out) throws Exception {
    Certificates ca = Certificates.authority("greeter example CA");
    Certificates serverCertificate = ca.issue("greeter server", "localhost", "127.0.0.1");
    Certificates clientCertificate = ca.issue("greeter client", "client.greeter.example");

    Server server = GrpcAio.server();
    GreeterAio.addGreeterServicerToServer(new IdentifyingGreeter(), server);
    int port =
        server.addSecurePort(
            "127.0.0.1:0",
            ServerCredentials.ssl(
                List.of(
                    new ServerCredentials.KeyCertificatePair(
                        serverCertificate.privateKeyPem(), serverCertificate.certificatePem())),
                ca.certificatePem(), // client certificates must chain to this authority
                true)); // require one
    server.start().get(5, SECONDS);
    out.println("server: listening with mutual TLS on localhost:" + port);
    try {
      // The client trusts the authority (not the JDK's roots) and presents its own certificate.
      ChannelCredentials mutual =
          ChannelCredentials.ssl(
              ca.certificatePem(),
              clientCertificate.privateKeyPem(),
              clientCertificate.certificatePem());
      String reply;
      try (Channel channel = GrpcAio.secureChannel("localhost:" + port, mutual)) {
        reply =
            GreeterAio.newStub(channel)
                .sayHello(HelloRequest.newBuilder().setName("world").build())
                .response()
                .get(5, SECONDS)
                .getMessage();
      }
      out.println("client with a certificate: " + reply);

      // Same authority, no client certificate: the server ends the handshake.
      StatusCode refused;
      ChannelCredentials serverOnly = ChannelCredentials.ssl(ca.certificatePem(), null, null);
      try (Channel channel = GrpcAio.secureChannel("localhost:" + port, serverOnly)) {
        GreeterAio.newStub(channel)
            .sayHello(HelloRequest.newBuilder().setName("stranger").build())
            .response()
            .get(5, SECONDS);
        throw new IllegalStateException("a client without a certificate was served");
      } catch (ExecutionException e) {
        refused = ((AioRpcError) e.getCause()).code();
      }
      out.println("client without a certificate: " + refused);
      return new Result(reply, refused);
    } finally {
      server.stop(Duration.ofSeconds(1)).get(10, SECONDS);
      out.println("server: stopped");
    }
  }
}
