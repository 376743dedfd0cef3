package io.github.grpcaio.core.security;

import static io.github.grpcaio.core.security.SecureServer.echo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.grpcaio.AioRpcError;
import io.github.grpcaio.CallCredentials;
import io.github.grpcaio.CallOptions;
import io.github.grpcaio.Channel;
import io.github.grpcaio.ChannelCredentials;
import io.github.grpcaio.ServerCredentials;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.UsageError;
import io.github.grpcaio.core.GrpcAio;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.TestCertificates;
import io.grpc.InsecureChannelCredentials;
import io.grpc.Metadata;
import io.grpc.SecurityLevel;
import io.grpc.Status;
import io.grpc.TlsChannelCredentials;
import io.grpc.TlsServerCredentials;
import io.grpc.auth.MoreCallCredentials;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Credentials built with grpc-java, bridged by {@code fromGrpc}: TLS channel and server
 * credentials, hand-written {@link io.grpc.CallCredentials} and grpc-auth's {@link
 * MoreCallCredentials}, alone, in a channel composite and composed with aio call credentials; and
 * their refusal over plaintext, as grpc-java refuses them.
 */
class GrpcJavaCredentialsTest {

  private static TestCertificates ca;
  private static TestCertificates serverIdentity;
  private static TestCertificates clientIdentity;

  private SecureServer server;

  @BeforeAll
  static void makeCertificates() {
    ca = TestCertificates.authority("test CA");
    serverIdentity = ca.issue("server", "localhost", "127.0.0.1");
    clientIdentity = ca.issue("client", "client.example");
  }

  @AfterEach
  void tearDown() {
    if (server != null) {
      server.close();
    }
  }

  private static ChannelCredentials grpcJavaTls() {
    try {
      return ChannelCredentials.fromGrpc(
          TlsChannelCredentials.newBuilder()
              .trustManager(new ByteArrayInputStream(ca.certificatePem()))
              .keyManager(
                  new ByteArrayInputStream(clientIdentity.certificatePem()),
                  new ByteArrayInputStream(clientIdentity.privateKeyPem()))
              .build());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static SecureServer grpcJavaMutualTlsServer() throws IOException {
    return SecureServer.start(
        ServerCredentials.fromGrpc(
            TlsServerCredentials.newBuilder()
                .keyManager(
                    new ByteArrayInputStream(serverIdentity.certificatePem()),
                    new ByteArrayInputStream(serverIdentity.privateKeyPem()))
                .trustManager(new ByteArrayInputStream(ca.certificatePem()))
                .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE)
                .build()));
  }

  /** grpc-java call credentials that add {@code authorization: <value>}, or fail if null. */
  private static io.grpc.CallCredentials handWritten(String value) {
    return new io.grpc.CallCredentials() {
      @Override
      public void applyRequestMetadata(
          RequestInfo requestInfo, Executor appExecutor, MetadataApplier applier) {
        if (value == null) {
          applier.fail(Status.PERMISSION_DENIED.withDescription("no ticket"));
          return;
        }
        appExecutor.execute(
            () -> {
              Metadata headers = new Metadata();
              headers.put(
                  Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), value);
              applier.apply(headers);
            });
      }
    };
  }

  /** A google-auth {@code Credentials} with a fixed bearer token and no network. */
  private static final class FixedToken extends com.google.auth.Credentials {
    private static final long serialVersionUID = 1L;

    @Override
    public String getAuthenticationType() {
      return "fixed";
    }

    @Override
    public Map<String, List<String>> getRequestMetadata(URI uri) {
      return Map.of("authorization", List.of("Bearer google-auth"));
    }

    @Override
    public boolean hasRequestMetadata() {
      return true;
    }

    @Override
    public boolean hasRequestMetadataOnly() {
      return true;
    }

    @Override
    public void refresh() {}
  }

  @Test
  void grpcJavaTlsOnBothSidesCarriesTheClientIdentityToTheHandler() throws Exception {
    server = grpcJavaMutualTlsServer();
    Channel channel = server.channel("localhost", grpcJavaTls());

    assertThat(Await.result(echo(channel).call("hello").response())).isEqualTo("hello");

    SecureServer.Seen seen = server.nextSeen();
    assertThat(seen.auth("transport_security_type")).containsExactly("ssl");
    assertThat(seen.auth("security_level")).containsExactly("TSI_PRIVACY_AND_INTEGRITY");
    assertThat(seen.identityKey()).contains("x509_subject_alternative_name");
    assertThat(seen.identityStrings()).containsExactly("client.example");
    assertThat(seen.auth("x509_common_name")).containsExactly("client");
  }

  @Test
  void grpcJavaAndAioTlsInteroperate() throws Exception {
    server = grpcJavaMutualTlsServer();
    Channel aioTls =
        server.channel(
            "localhost",
            ChannelCredentials.ssl(
                ca.certificatePem(),
                clientIdentity.privateKeyPem(),
                clientIdentity.certificatePem()));
    assertThat(Await.result(echo(aioTls).call("a").response())).isEqualTo("a");
    server.close();

    server = SecureServer.tls(serverIdentity);
    Channel grpcTls = server.channel("localhost", grpcJavaTls());
    assertThat(Await.result(echo(grpcTls).call("b").response())).isEqualTo("b");
  }

  @Test
  void handWrittenAndGoogleAuthCallCredentialsReachTheHandler() throws Exception {
    server = SecureServer.tls(serverIdentity);
    Channel channel = server.channel("localhost", grpcJavaTls());

    Await.result(
        echo(channel)
            .call(
                "a",
                CallOptions.DEFAULT.withCredentials(
                    CallCredentials.fromGrpc(handWritten("hand-written"))))
            .response());
    assertThat(server.nextSeen().metadata().getAll("authorization"))
        .containsExactly("hand-written");

    Await.result(
        echo(channel)
            .call(
                "b",
                CallOptions.DEFAULT.withCredentials(
                    CallCredentials.fromGrpc(MoreCallCredentials.from(new FixedToken()))))
            .response());
    assertThat(server.nextSeen().metadata().getAll("authorization"))
        .containsExactly("Bearer google-auth");

    Await.result(
        echo(channel)
            .call(
                "c",
                CallOptions.DEFAULT.withCredentials(
                    CallCredentials.fromGrpc(privateOnly("private"))))
            .response());
    assertThat(server.nextSeen().metadata().getAll("authorization")).containsExactly("private");
  }

  @Test
  void aioAndGrpcJavaPartsApplyInListOrder() throws Exception {
    server = SecureServer.tls(serverIdentity);
    ChannelCredentials composite =
        ChannelCredentials.composite(
            grpcJavaTls(), CallCredentials.fromGrpc(MoreCallCredentials.from(new FixedToken())));
    Channel channel = server.channel("localhost", composite);

    Await.result(
        echo(channel)
            .call(
                "a",
                CallOptions.DEFAULT.withCredentials(
                    CallCredentials.composite(
                        CallCredentials.fromGrpc(handWritten("grpc-java")),
                        CallCredentials.accessToken("aio"))))
            .response());
    assertThat(server.nextSeen().metadata().getAll("authorization"))
        .containsExactly("Bearer google-auth", "grpc-java", "Bearer aio");

    Await.result(
        echo(channel)
            .call(
                "b",
                CallOptions.DEFAULT.withCredentials(
                    CallCredentials.composite(
                        CallCredentials.accessToken("aio"),
                        CallCredentials.fromGrpc(handWritten("grpc-java")))))
            .response());
    assertThat(server.nextSeen().metadata().getAll("authorization"))
        .containsExactly("Bearer google-auth", "Bearer aio", "grpc-java");
  }

  @Test
  void aGrpcJavaPartsFailureFailsTheCallWithItsStatus() {
    server = SecureServer.tls(serverIdentity);
    Channel channel = server.channel("localhost", grpcJavaTls());

    AioRpcError error =
        Await.rpcError(
            echo(channel)
                .call(
                    "a",
                    CallOptions.DEFAULT.withCredentials(
                        CallCredentials.composite(
                            CallCredentials.accessToken("aio"),
                            CallCredentials.fromGrpc(handWritten(null)))))
                .response());

    assertThat(error.code()).isEqualTo(StatusCode.PERMISSION_DENIED);
    assertThat(error.details()).isEqualTo("no ticket");
    assertThat(server.seen).isEmpty();
  }

  @Test
  void overPlaintextCallCredentialsAreRefusedAsGrpcJavaRefusesThem() {
    server = SecureServer.start(ServerCredentials.insecure());
    Channel channel =
        server.channel(
            "127.0.0.1", ChannelCredentials.fromGrpc(InsecureChannelCredentials.create()));

    // grpc-java credentials see the real security level and refuse by themselves.
    AioRpcError grpcJava =
        Await.rpcError(
            echo(channel)
                .call(
                    "a",
                    CallOptions.DEFAULT.withCredentials(
                        CallCredentials.fromGrpc(privateOnly("secret"))))
                .response());
    assertThat(grpcJava.code()).isEqualTo(StatusCode.UNAUTHENTICATED);
    assertThat(grpcJava.details()).isEqualTo("needs privacy, got NONE");

    // aio credentials are refused the same way on a channel whose security grpc-java decides.
    AioRpcError aioToken =
        Await.rpcError(
            echo(channel)
                .call("b", CallOptions.DEFAULT.withCredentials(CallCredentials.accessToken("t")))
                .response());
    assertThat(aioToken.code()).isEqualTo(StatusCode.UNAUTHENTICATED);
    assertThat(aioToken.details()).contains("PRIVACY_AND_INTEGRITY").contains("NONE");
    assertThat(server.seen).isEmpty();

    // grpc-auth requires privacy only for GoogleCredentials: a plain Credentials goes through,
    // exactly as on a grpc-java channel.
    Await.result(
        echo(channel)
            .call(
                "c",
                CallOptions.DEFAULT.withCredentials(
                    CallCredentials.fromGrpc(MoreCallCredentials.from(new FixedToken()))))
            .response());
    assertThat(server.seen.poll().metadata().getAll("authorization"))
        .containsExactly("Bearer google-auth");
  }

  /** grpc-java call credentials that, like grpc-auth's for Google credentials, need privacy. */
  private static io.grpc.CallCredentials privateOnly(String value) {
    io.grpc.CallCredentials delegate = handWritten(value);
    return new io.grpc.CallCredentials() {
      @Override
      public void applyRequestMetadata(
          RequestInfo requestInfo, Executor appExecutor, MetadataApplier applier) {
        if (requestInfo.getSecurityLevel() != SecurityLevel.PRIVACY_AND_INTEGRITY) {
          applier.fail(
              Status.UNAUTHENTICATED.withDescription(
                  "needs privacy, got " + requestInfo.getSecurityLevel()));
          return;
        }
        delegate.applyRequestMetadata(requestInfo, appExecutor, applier);
      }
    };
  }

  @Test
  void credentialsGrpcJavasNettyBuildersDoNotSupportAreRefusedBeforeAnythingIsBound() {
    io.github.grpcaio.Server aioServer = GrpcAio.server();
    try {
      assertThatThrownBy(
              () ->
                  aioServer.addSecurePort(
                      "127.0.0.1:0", ServerCredentials.fromGrpc(unknownServer())))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("Unsupported credential type");
    } finally {
      Await.result(aioServer.stop(null));
    }
    assertThatThrownBy(
            () ->
                GrpcAio.secureChannel("127.0.0.1:1", ChannelCredentials.fromGrpc(unknownChannel())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Unsupported credential type");
  }

  private static io.grpc.ServerCredentials unknownServer() {
    return new io.grpc.ServerCredentials() {};
  }

  private static io.grpc.ChannelCredentials unknownChannel() {
    return new io.grpc.ChannelCredentials() {
      @Override
      public io.grpc.ChannelCredentials withoutBearerTokens() {
        return this;
      }
    };
  }

  @Test
  void onTheLibrarysInsecureChannelGrpcJavaCallCredentialsAreAUsageError() {
    server = SecureServer.start(ServerCredentials.insecure());
    try (Channel channel = GrpcAio.insecureChannel("127.0.0.1:" + server.port)) {
      CallOptions options =
          CallOptions.DEFAULT.withCredentials(CallCredentials.fromGrpc(handWritten("x")));

      assertThatThrownBy(() -> echo(channel).call("a", options))
          .isInstanceOf(UsageError.class)
          .hasMessage("Call credentials are only valid on secure channels");
    }
  }
}
